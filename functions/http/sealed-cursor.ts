import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { Actor } from '../../domain/shared/actor.ts';
import type { Clock } from '../../domain/shared/ports.ts';
import { problem } from './problem.ts';
import type { RequestState } from './request-state.ts';

/** A cursor is good for this long after it was handed out (decision "Sealed cursors"). */
export const CURSOR_LIFETIME_SECONDS = 60 * 60;

// Layout: format (1 byte) | IV (12) | AES-256-GCM ciphertext of [expiry, epoch seconds (4) | inner cursor] | tag (16).
const FORMAT = 1;
const IV_BYTES = 12;
const EXPIRY_BYTES = 4;
const TAG_BYTES = 16;

/** What a cursor is bound to: who asked (and with which reach), on which route, with which filter. */
export interface CursorScope {
  actor: Actor;
  operationId: string;
  /** The query parameters other than `cursor` and `limit`, as validated (defaults applied). */
  filter: Record<string, unknown>;
}

export interface CursorSealer {
  seal(inner: string, scope: CursorScope, now: Date): string;
  /** The inner cursor, or undefined for anything forged, garbled, expired or minted for another scope. */
  unseal(sealed: string, scope: CursorScope, now: Date): string | undefined;
}

/**
 * The scope is authenticated as additional data rather than stored: a cursor carries only its expiry and
 * the repository's inner cursor, encrypted, and opening it with any other scope fails the tag check.
 * Actor level, branch and department are part of it so a cursor never crosses a change of reach.
 */
function associatedData(scope: CursorScope): Buffer {
  const { actor } = scope;
  const filter = Object.entries(scope.filter)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Buffer.from(
    JSON.stringify([FORMAT, actor.tenantId, actor.userId, actor.accessLevel, actor.branchId ?? null, actor.departmentId ?? null, scope.operationId, filter]),
  );
}

/** AES-256-GCM with a key derived (HKDF-SHA256) from the secret string, so any long random secret will do. */
export function cursorSealer(secret: string): CursorSealer {
  if (secret.length < 32) throw new Error('the cursor key secret must be at least 32 characters');
  const key = Buffer.from(hkdfSync('sha256', secret, 'cobranza', 'cursor-seal v1', 32));
  return {
    seal(inner, scope, now) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(associatedData(scope));
      const expiry = Buffer.alloc(EXPIRY_BYTES);
      expiry.writeUInt32BE(Math.floor(now.getTime() / 1000) + CURSOR_LIFETIME_SECONDS);
      const sealed = Buffer.concat([cipher.update(expiry), cipher.update(inner, 'utf8'), cipher.final()]);
      return Buffer.concat([Buffer.of(FORMAT), iv, sealed, cipher.getAuthTag()]).toString('base64url');
    },
    unseal(sealed, scope, now) {
      const bytes = Buffer.from(sealed, 'base64url');
      // Node skips characters outside the alphabet when decoding: accept only the exact form we issue.
      if (bytes.toString('base64url') !== sealed) return undefined;
      if (bytes.length < 1 + IV_BYTES + EXPIRY_BYTES + TAG_BYTES || bytes[0] !== FORMAT) return undefined;
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(1, 1 + IV_BYTES), { authTagLength: TAG_BYTES });
        decipher.setAAD(associatedData(scope));
        decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
        const plain = Buffer.concat([decipher.update(bytes.subarray(1 + IV_BYTES, bytes.length - TAG_BYTES)), decipher.final()]);
        if (plain.readUInt32BE(0) * 1000 <= now.getTime()) return undefined;
        return plain.subarray(EXPIRY_BYTES).toString('utf8');
      } catch {
        return undefined; // the tag did not verify: forged, garbled, or sealed for another scope or key
      }
    },
  };
}

/** Worded (both languages) by the `invalid_cursor` field message in problem.ts, which also makes the detail. */
export const invalidCursor = () => problem('validation_failed', 'invalid cursor', [{ pointer: '/query/cursor', code: 'invalid_cursor', message: '' }]);

/** True for routes that page with `cursor`. */
const pages = (state: RequestState) => Boolean(state.route?.query && 'cursor' in state.route.query.shape);

function scopeOf(state: RequestState): CursorScope {
  if (!state.actor || !state.route) throw new Error('cursors need an authenticated route');
  const { cursor: _cursor, limit: _limit, ...filter } = state.query;
  return { actor: state.actor, operationId: state.route.operationId, filter };
}

/**
 * The HTTP side of sealed cursors: the `cursor` a paged route returns is sealed before it leaves, and
 * the `cursor` query parameter is unsealed before the route sees it, so repositories keep their own
 * (tenant-bound) inner cursors. The key is read once per cold start, on first use.
 */
export function sealedCursors(options: { secret: () => Promise<string>; clock: Clock }) {
  let sealer: Promise<CursorSealer> | undefined;
  const load = () => {
    if (!sealer) {
      sealer = options.secret().then(cursorSealer);
      // A failed read (e.g. Secrets Manager unavailable) is retried by the next request, not cached.
      sealer.catch(() => {
        sealer = undefined;
      });
    }
    return sealer;
  };
  return {
    async unsealQuery(state: RequestState): Promise<void> {
      const cursor = state.query.cursor;
      if (!pages(state) || typeof cursor !== 'string') return;
      const inner = (await load()).unseal(cursor, scopeOf(state), options.clock.now());
      if (inner === undefined) throw invalidCursor();
      state.query = { ...state.query, cursor: inner };
    },
    async sealBody(state: RequestState, body: unknown): Promise<unknown> {
      if (!pages(state) || !body || typeof body !== 'object') return body;
      const { cursor } = body as { cursor?: unknown };
      if (typeof cursor !== 'string') return body;
      return { ...body, cursor: (await load()).seal(cursor, scopeOf(state), options.clock.now()) };
    },
  };
}

export type SealedCursors = ReturnType<typeof sealedCursors>;
