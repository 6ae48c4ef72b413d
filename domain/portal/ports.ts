import type { Actor } from '../shared/actor.ts';

/** Who a portal token speaks for: one client of one tenant, nothing else. */
export interface PortalPrincipal {
  tenantId: string;
  clientId: string;
}

/**
 * A client's portal access (data-model: `portalAccess`): the hash of its current password, the e-mail it
 * signs in with and a version that every portal token carries; regenerating the password bumps it, so
 * older passwords and tokens stop working at once.
 */
export interface PortalAccess {
  tenantId: string;
  clientId: string;
  /** The client's main e-mail when the password was made (normalised): the sign-in name. */
  email: string;
  /** `scrypt$<N>$<r>$<p>$<salt>$<hash>` (PasswordHasher): never the password. */
  passwordHash: string;
  version: number;
  issuedAt: string;
  issuedBy: string;
}

export interface PortalAccessStore {
  get(tenantId: string, clientId: string): Promise<PortalAccess | undefined>;
  /** The access whose sign-in e-mail is `email` (normalised) in the tenant. */
  byEmail(tenantId: string, email: string): Promise<PortalAccess | undefined>;
  /**
   * Writes the new access (version one above `previous`, or 1) with its e-mail guard in one transaction,
   * dropping the guard of a previous e-mail. False when someone else changed it first (the caller reads again).
   */
  replace(next: PortalAccess, previous: PortalAccess | undefined): Promise<boolean>;
}

/** A memory-hard password hash (scrypt in functions/adapters/portal). */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /**
   * Compares in constant time; false (never an error) for a malformed stored hash. Without a stored hash
   * (an unknown e-mail) it spends the same time on a stand-in and answers false.
   */
  verify(password: string, stored: string | undefined): Promise<boolean>;
}

export interface IssuedPortalToken {
  token: string;
  expiresAt: string;
  expiresIn: number;
}

/** Signs and verifies portal tokens (HS256 with the portal key); the clock decides expiry. */
export interface PortalTokens {
  issue(principal: PortalPrincipal & { version: number }, now: Date): Promise<IssuedPortalToken>;
  /** The token's principal and access version, or undefined for any token that is not a valid, unexpired portal token. */
  verify(token: string, now: Date): Promise<(PortalPrincipal & { version: number }) | undefined>;
}

/** One limited counter: the e-mail being signed in to, or the source address the attempts come from. */
export interface AttemptKey {
  tenantId: string;
  kind: 'email' | 'source';
  value: string;
}

export type AttemptVerdict = { allowed: true; count: number } | { allowed: false; retryAfterSeconds: number };

/**
 * Counters of sign-in attempts with a window and a lock (data-model: `portalAttempts`). Each attempt is
 * counted before the password is checked, so parallel guesses cannot slip past the limit.
 */
export interface AttemptCounters {
  /** Counts one attempt against `key` at `now`, or refuses while it is locked or over `max` in the window. */
  take(key: AttemptKey, now: Date, policy: AttemptPolicy): Promise<AttemptVerdict>;
  /** Locks `key` until `until`. */
  lock(key: AttemptKey, until: Date, policy: AttemptPolicy): Promise<void>;
  /** Gives back one counted attempt (a success that must not count against a shared source). */
  giveBack(key: AttemptKey): Promise<void>;
  /** Forgets the key's attempts (a successful sign-in to that e-mail). */
  clear(key: AttemptKey): Promise<void>;
}

export interface AttemptPolicy {
  /** Attempts allowed in one window. */
  max: number;
  windowSeconds: number;
  /** How long the key stays locked once `max` is reached. */
  lockSeconds: number;
}

/**
 * The actor a portal request reads receivables as: the tenant's whole book (level 1), because every portal
 * use case names the one client of the token itself (domain/portal/portal-reads.use-cases.ts). It holds no
 * permission and its user id names no user, so no tenant operation accepts it.
 */
export const portalReader = (principal: PortalPrincipal): Actor => ({
  tenantId: principal.tenantId,
  userId: `portal:${principal.clientId}`,
  accessLevel: 1,
  permissions: [],
});
