import { existsUnderOwnId } from '../shared/create-once.ts';
import { DomainError } from '../shared/errors.ts';
import type { SequenceDraw } from './ports.ts';

/**
 * Gap-free numbering of a tenant's documents (invoices, estimates): each kind has its own sequence, taken
 * by lease and moved in the document's own transaction (decision on gap-free numbering).
 */

const conflictOn = (error: unknown, entity: string, field: string) =>
  error instanceof DomainError && error.code === 'conflict' && error.details.entity === entity && error.details.field === field;

/** How many times a numbered write re-reads a sequence other writers moved: each round one of them wins. */
const SEQUENCE_ROUNDS = 100;
/** How many numbers taken by hand in a row a draw skips before giving up. */
const MAX_SKIPPED = 50;

/** A numbered document kind: the entity its number conflicts name, and how its sequence is drawn. */
export interface Numbering {
  /** `invoice`: a taken number is `conflict` on `invoice`/`number`, a moved sequence `conflict` on `invoiceSequence`/`last`. */
  entity: string;
  draw: (tenantId: string, claimant: string) => Promise<number>;
}

/**
 * Writes a document numbered from the tenant's sequence: takes the sequence (its lease) and its last
 * number, writes the document with the next one and the sequence's move in one transaction; when the
 * sequence moved anyway (a lease that lapsed), takes it again. A number already taken by hand is skipped (it is in use, not a gap).
 */
export async function writeNumbered<T extends { id: string }>(
  numbering: Numbering,
  tenantId: string,
  claimant: string,
  build: (number: string) => T,
  write: (document: T, draw: SequenceDraw) => Promise<void>,
): Promise<T> {
  for (let round = 0; round < SEQUENCE_ROUNDS; round += 1) {
    const last = await numbering.draw(tenantId, claimant);
    let moved = false;
    for (let to = last + 1; to <= last + MAX_SKIPPED && !moved; to += 1) {
      const document = build(String(to));
      try {
        await write(document, { from: last, to, claimant });
        return document;
      } catch (error) {
        if (conflictOn(error, `${numbering.entity}Sequence`, 'last')) moved = true;
        else if (!conflictOn(error, numbering.entity, 'number') || (error as DomainError).details.existingId === document.id) throw error;
      }
    }
    if (!moved) throw new Error(`${MAX_SKIPPED} numbers after ${last} are all taken by hand`);
  }
  throw Object.assign(new Error(`${numbering.entity} sequence still contended`), { name: 'TransactionConflictException' });
}

/**
 * `writeNumbered` for a new document whose id is `claimant`: a redo of a request whose first attempt
 * committed (the same ids, drawn again from the idempotency seed) answers the stored document.
 */
export async function createNumbered<T extends { id: string }>(
  numbering: Numbering,
  tenantId: string,
  claimant: string,
  build: (number: string) => T,
  write: (document: T, draw: SequenceDraw) => Promise<void>,
  stored: () => Promise<T | undefined>,
): Promise<T> {
  try {
    return await writeNumbered(numbering, tenantId, claimant, build, write);
  } catch (error) {
    const existing = existsUnderOwnId(error, claimant) ? await stored() : undefined;
    if (!existing) throw error;
    return existing;
  }
}
