import { DomainError } from '../../domain/shared/errors.ts';
import type { ExpectedVersion } from '../../domain/shared/versions.ts';
import { problem } from './problem.ts';

/** A version we could have issued: a safe integer. */
const VERSION = /^\d{1,15}$/;
/** RFC 9110 entity-tag: optional weakness, then an opaque quoted string. */
const ENTITY_TAG = /^(W\/)?"([\x21\x23-\x7e\x80-\xff]*)"$/;
/** A version no record has: a well-formed tag we never issued answers 412, as a stale one does. */
const NEVER_ISSUED = -1;

/**
 * The version `If-Match` names, or undefined when the header is absent. Accepted: `"3"` (our ETag),
 * `W/"3"` (a weak copy of it: proxies that compress weaken ETags, and ours name versions, not bytes),
 * `3` (unquoted, as people type it) and `*` (whatever version is current; the record must exist). A
 * well-formed tag we never issued (`"abc"`) is a 412; anything else, a list included, is a 400.
 */
export function parseIfMatch(header: string | undefined): ExpectedVersion | undefined {
  if (header === undefined) return undefined;
  const value = header.trim();
  if (value === '*') return 'any';
  if (VERSION.test(value)) return Number(value);
  const tag = ENTITY_TAG.exec(value);
  if (tag) return VERSION.test(tag[2]!) ? Number(tag[2]) : NEVER_ISSUED;
  throw problem('validation_failed', 'If-Match is not an ETag', [{ pointer: '/header/if-match', code: 'invalid_if_match', message: '' }]);
}

/** How many times `If-Match: *` runs a change that another write keeps overtaking. */
const ANY_VERSION_ATTEMPTS = 3;

/**
 * Runs a conditional change. With `If-Match: *` a write that lost the race to another (its condition
 * on the version it read failed: nothing was written) runs again on the new version, so `*` answers
 * 412 only when the record kept changing under it.
 */
export async function runConditional<T>(expected: ExpectedVersion | undefined, change: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await change();
    } catch (error) {
      const lostRace = expected === 'any' && error instanceof DomainError && error.code === 'version_mismatch';
      if (!lostRace || attempt >= ANY_VERSION_ATTEMPTS) throw error;
    }
  }
}
