import { DomainError } from '../../../domain/shared/errors.ts';

/**
 * Cursors handed to clients are opaque and bound to the tenant: they wrap ElectroDB's cursor with
 * the tenant id, and a cursor minted for another tenant (or tampered with) is rejected.
 */
export function encodeCursor(tenantId: string, inner: string | null | undefined): string | undefined {
  if (!inner) return undefined;
  return Buffer.from(JSON.stringify({ t: tenantId, c: inner })).toString('base64url');
}

export function decodeCursor(tenantId: string, cursor: string | undefined): string | undefined {
  if (!cursor) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { t?: unknown; c?: unknown };
    if (parsed.t === tenantId && typeof parsed.c === 'string') return parsed.c;
  } catch {
    // fall through to the error below
  }
  throw invalidCursor();
}

/** The answer to a cursor we did not mint: bad input, never a 500. */
export const invalidCursor = () => new DomainError('validation_failed', 'invalid cursor', { errors: [{ pointer: '/query/cursor', code: 'invalid_cursor' }] });
