import { versionMismatch } from './errors.ts';

/**
 * The version a conditional change names (`If-Match`): a number, or `any` (`If-Match: *`), which
 * takes whatever version is current when the change reads the record. The write is still conditioned
 * on the version read, so a change landing in between is never overwritten unseen.
 */
export type ExpectedVersion = number | 'any';

/** Refuses a change that names a version other than the current one (`version_mismatch`, 412). */
export function assertVersion(entity: string, id: string, current: number, expected: ExpectedVersion): void {
  if (expected !== 'any' && current !== expected) throw versionMismatch(entity, id);
}

/** Fields that record who wrote what when, not what the record says. */
const bookkeeping = new Set(['version', 'updatedAt', 'updatedBy']);

/** JSON with object keys sorted, so two values that say the same compare equal whatever their key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * True when `next` says what `current` says, bookkeeping aside: a change that changes nothing is not
 * written and keeps its version (and so its ETag).
 */
export function changesNothing(current: object, next: object): boolean {
  const strip = (record: object) => Object.fromEntries(Object.entries(record).filter(([k]) => !bookkeeping.has(k)));
  return canonical(strip(current)) === canonical(strip(next));
}
