import { DomainError } from './errors.ts';

/**
 * Whether `error` says a record already exists under this very id. New ids are unique, so only an
 * earlier attempt of the same request can have written it: a request redone after its outcome was
 * lost (a timeout after the write was sent, a retried call) draws the same ids again.
 */
export const existsUnderOwnId = (error: unknown, id: string) => error instanceof DomainError && error.code === 'conflict' && error.details.existingId === id;

/**
 * Creates `record`; when the repository says it already exists under its own id, answers with the
 * stored record instead of a conflict that names the caller's own write. Any other failure stands.
 */
export async function createOnce<T extends { id: string }>(record: T, create: () => Promise<unknown>, stored: () => Promise<T | undefined>): Promise<T> {
  try {
    await create();
    return record;
  } catch (error) {
    if (!existsUnderOwnId(error, record.id)) throw error;
    const existing = await stored();
    if (!existing) throw error;
    return existing;
  }
}
