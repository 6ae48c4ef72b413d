import { assertVisible } from '../clients/client-scope.ts';
import type { ClientRepository } from '../clients/ports.ts';
import { displayName } from '../clients/client.schema.ts';
import type { OutboxRepository } from '../messaging/ports.ts';
import { requireAccess, type Actor, type Requirement } from '../shared/actor.ts';
import { DomainError, invalidState, notFound } from '../shared/errors.ts';
import type { Clock, IdGenerator } from '../shared/ports.ts';
import type { TenantRepository } from '../workspace/ports.ts';
import { portalPasswordEmail } from './portal-password-email.ts';
import { canonicalPassword, generatePassword, type RandomBytes } from './portal-password.ts';
import type { AttemptCounters, AttemptKey, IssuedPortalToken, PasswordHasher, PortalAccess, PortalAccessStore, PortalTokens } from './ports.ts';
import { EMAIL_ATTEMPTS, SOURCE_ATTEMPTS } from './sign-in-limits.ts';

/** Who may hand a client its portal password: the `portal.manage` permission, on a client within the caller's scope. */
export const managePortal: Requirement = { level: 4, permission: 'portal.manage' };

export interface PortalPasswordDeps {
  clients: Pick<ClientRepository, 'get'>;
  tenants: Pick<TenantRepository, 'get'>;
  portalAccess: PortalAccessStore;
  hasher: PasswordHasher;
  outbox: Pick<OutboxRepository, 'enqueue'>;
  random: RandomBytes;
  clock: Clock;
  ids: IdGenerator;
  /** The platform's sender, for tenants without their own. */
  fallbackSender: string;
}

/** The sign-in name: the e-mail as the client book keeps it (trimmed, lower case). */
export const signInEmail = (email: string) => email.trim().toLowerCase();

/** Tries of a replace that lost a race with another regeneration of the same client. */
const REPLACE_TRIES = 3;

/**
 * Generates a new portal password for a client the caller may see, stores only its hash (with the version
 * every portal token carries, one above the last, so the old password and every token of it stop working)
 * and queues the e-mail with the password to the client's main e-mail, in the tenant's language. A client
 * without a main e-mail, or deactivated, is a 409 saying so.
 */
export const regeneratePortalPassword =
  (deps: PortalPasswordDeps) =>
  async (actor: Actor, clientId: string): Promise<{ clientId: string; email: string; version: number; issuedAt: string }> => {
    requireAccess(actor, managePortal);
    const client = assertVisible(actor, await deps.clients.get(actor.tenantId, clientId), clientId);
    if (client.status !== 'active') throw invalidState('portal_client_inactive', { clientId });
    if (!client.email) throw invalidState('portal_client_without_email', { clientId });
    const tenant = await deps.tenants.get(actor.tenantId);
    if (!tenant) throw notFound('tenant', actor.tenantId);

    const password = generatePassword(deps.random);
    const passwordHash = await deps.hasher.hash(canonicalPassword(password));
    const email = signInEmail(client.email);
    let access: PortalAccess | undefined;
    for (let attempt = 1; !access; attempt++) {
      const previous = await deps.portalAccess.get(actor.tenantId, clientId);
      const next: PortalAccess = {
        tenantId: actor.tenantId,
        clientId,
        email,
        passwordHash,
        version: (previous?.version ?? 0) + 1,
        issuedAt: deps.clock.now().toISOString(),
        issuedBy: actor.userId,
      };
      if (await deps.portalAccess.replace(next, previous)) access = next;
      else if (attempt >= REPLACE_TRIES)
        throw new DomainError('version_mismatch', 'portal access changed during regeneration', { entity: 'client', id: clientId });
    }
    // After the hash is stored: an e-mail queued for a password that was not kept would mislead the client.
    await deps.outbox.enqueue(
      portalPasswordEmail({
        tenant,
        clientName: displayName(client),
        to: email,
        password,
        id: deps.ids.next(),
        now: deps.clock.now(),
        fallbackSender: deps.fallbackSender,
      }),
    );
    return { clientId, email, version: access.version, issuedAt: access.issuedAt };
  };

export interface SignInDeps {
  clients: Pick<ClientRepository, 'get'>;
  tenants: Pick<TenantRepository, 'get'>;
  portalAccess: Pick<PortalAccessStore, 'byEmail'>;
  hasher: PasswordHasher;
  tokens: PortalTokens;
  attempts: AttemptCounters;
  clock: Clock;
}

/** One answer for an unknown e-mail, a wrong password, a deactivated client or an unusable tenant. */
export const invalidCredentials = () => new DomainError('invalid_credentials', 'wrong e-mail or password');
const tooManyAttempts = (retryAfter: number, limit: 'email' | 'source') =>
  new DomainError('too_many_attempts', `sign-in attempts over the ${limit} limit`, { reason: `${limit}_locked`, retryAfter });

/**
 * Signs a client in to the portal of `tenantId` with its main e-mail and password: a short-lived token
 * for that client only. Each attempt is counted (per e-mail and per source address) before the password
 * is checked; a locked e-mail or source gets `too_many_attempts` with the seconds to wait. The hash is
 * checked even when the e-mail is unknown, so the answer and its time say nothing about which was wrong.
 */
export const signInToPortal =
  (deps: SignInDeps) =>
  async (input: { tenantId: string; email: string; password: string; source: string }): Promise<IssuedPortalToken & { clientId: string }> => {
    const now = deps.clock.now();
    const email = signInEmail(input.email);
    const bySource: AttemptKey = { tenantId: input.tenantId, kind: 'source', value: input.source };
    const byEmail: AttemptKey = { tenantId: input.tenantId, kind: 'email', value: email };
    const source = await deps.attempts.take(bySource, now, SOURCE_ATTEMPTS);
    if (!source.allowed) throw tooManyAttempts(source.retryAfterSeconds, 'source');
    const mail = await deps.attempts.take(byEmail, now, EMAIL_ATTEMPTS);
    if (!mail.allowed) throw tooManyAttempts(mail.retryAfterSeconds, 'email');

    const access = await deps.portalAccess.byEmail(input.tenantId, email);
    const matches = await deps.hasher.verify(canonicalPassword(input.password), access?.passwordHash);
    const [client, tenant] = access && matches ? await Promise.all([deps.clients.get(input.tenantId, access.clientId), deps.tenants.get(input.tenantId)]) : [];
    const usable =
      access && matches && client?.status === 'active' && client.email && signInEmail(client.email) === email && tenant && tenant.status !== 'suspended';
    if (!usable) {
      const lockUntil = (seconds: number) => new Date(now.getTime() + seconds * 1000);
      await Promise.all([
        mail.count >= EMAIL_ATTEMPTS.max ? deps.attempts.lock(byEmail, lockUntil(EMAIL_ATTEMPTS.lockSeconds), EMAIL_ATTEMPTS) : undefined,
        source.count >= SOURCE_ATTEMPTS.max ? deps.attempts.lock(bySource, lockUntil(SOURCE_ATTEMPTS.lockSeconds), SOURCE_ATTEMPTS) : undefined,
      ]);
      throw invalidCredentials();
    }
    await Promise.all([deps.attempts.clear(byEmail), deps.attempts.giveBack(bySource)]);
    const issued = await deps.tokens.issue({ tenantId: input.tenantId, clientId: access.clientId, version: access.version }, now);
    return { ...issued, clientId: access.clientId };
  };
