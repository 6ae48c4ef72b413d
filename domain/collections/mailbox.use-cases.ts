import { requireAccess, type Actor } from '../shared/actor.ts';
import { invalidState, notFound } from '../shared/errors.ts';
import type { Clock } from '../shared/ports.ts';
import type { User } from '../workspace/user.schema.ts';
import type { UserRepository } from '../workspace/ports.ts';
import type { MailboxStatus, SenderIdentities } from './settings-ports.ts';

export type MailboxVerification = NonNullable<User['mailboxVerification']>;

/** Writes a user's mailbox verification, only while the user's mailbox is still `verification.email`. */
export interface MailboxVerificationStore {
  set(tenantId: string, userId: string, verification: MailboxVerification): Promise<boolean>;
}

interface Deps {
  users: Pick<UserRepository, 'get'>;
  verifications: MailboxVerificationStore;
  identities: SenderIdentities;
  clock: Clock;
}

/** The user's mailbox when it is verified as a sender; the planner sends from it, else from the tenant's sender. */
export const verifiedMailbox = (user: Pick<User, 'mailbox' | 'mailboxVerification'>): string | undefined =>
  user.mailbox && user.mailboxVerification?.status === 'verified' && user.mailboxVerification.email === user.mailbox ? user.mailbox : undefined;

/** The verification that applies to the user's current mailbox (one for an older mailbox does not). */
const currentOf = (user: User) => (user.mailbox && user.mailboxVerification?.email === user.mailbox ? user.mailboxVerification : undefined);

/**
 * Starts the verification of the caller's own mailbox (SES e-mails it a link). A verified mailbox is not
 * asked again; a pending or failed one is (SES sends a new link).
 */
export const verifyMailbox =
  (deps: Deps) =>
  async (actor: Actor): Promise<{ mailbox: string; status: MailboxStatus }> => {
    requireAccess(actor, { level: 4 });
    const user = await deps.users.get(actor.tenantId, actor.userId);
    if (!user) throw notFound('user', actor.userId);
    if (!user.mailbox) throw invalidState('no_mailbox');
    const current = currentOf(user);
    if (current?.status === 'verified') return { mailbox: user.mailbox, status: 'verified' };
    const status = await deps.identities.startVerification(user.mailbox);
    const now = deps.clock.now().toISOString();
    await deps.verifications.set(actor.tenantId, actor.userId, { email: user.mailbox, status, requestedAt: now, checkedAt: now });
    return { mailbox: user.mailbox, status };
  };

/**
 * The user as GET /v1/me shows it: a pending verification is asked of SES again and stored when it
 * moved, so the planner (which reads only the record) sees it. Anything else is shown as stored.
 */
export const refreshMailbox =
  (deps: Deps) =>
  async (user: User): Promise<User> => {
    const current = currentOf(user);
    if (current?.status !== 'pending') return user;
    const status = await deps.identities.status(current.email);
    if (status === 'pending') return user;
    const verification = { ...current, status, checkedAt: deps.clock.now().toISOString() };
    const written = await deps.verifications.set(user.tenantId, user.id, verification);
    return written ? { ...user, mailboxVerification: verification, version: user.version + 1 } : user;
  };
