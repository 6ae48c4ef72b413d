import type { Actor } from '../shared/actor.ts';
import { requireAccess } from '../shared/actor.ts';
import { createOnce } from '../shared/create-once.ts';
import { conflict, DomainError, invalidFields, notFound } from '../shared/errors.ts';
import type { Clock, IdGenerator, Page, PageRequest } from '../shared/ports.ts';
import { assertVersion, changesNothing, type ExpectedVersion } from '../shared/versions.ts';
import { welcomeEmail } from '../messaging/welcome-email.ts';
import type { IdentityDirectory, OrgUnitRepository, TenantRepository, UserRepository } from './ports.ts';
import type { NewUser, User, UserPatch } from './user.schema.ts';

/** Managing users: company level and the explicit `users.manage` permission. */
const manageUsers = { level: 1, permission: 'users.manage' } as const;

interface UserDeps {
  users: UserRepository;
  orgUnits: OrgUnitRepository;
  directory: IdentityDirectory;
  clock: Clock;
}

/** What the clients context tells and does for user changes (wired in functions/, optional in tests). */
export interface UserChangeHooks {
  /** How many clients (any status) hold the user as seller, collector and preferred agent. */
  clientsHeldBy?(tenantId: string, userId: string): Promise<{ seller: number; collector: number; agent: number }>;
  /** After a department move: re-derive the level-3 visibility of the user's clients. */
  departmentMoved?(tenantId: string, userId: string): Promise<unknown>;
  /** After a branch or department change: re-key the user's tasks into their new units' calendars. */
  unitsMoved?(tenantId: string, userId: string): Promise<unknown>;
}

/** Branch and department ids must name units of the same tenant. */
async function assertOrgUnits(deps: UserDeps, tenantId: string, input: { branchId?: string | null; departmentId?: string | null }) {
  const checks: Array<['branch' | 'department', string | null | undefined, string]> = [
    ['branch', input.branchId, '/branchId'],
    ['department', input.departmentId, '/departmentId'],
  ];
  for (const [kind, id, pointer] of checks) {
    if (id && !(await deps.orgUnits.get(tenantId, kind, id))) {
      throw invalidFields(`${kind} ${id} does not exist`, [{ pointer, code: 'unknown_reference', params: { entity: kind, id } }]);
    }
  }
}

/** The org unit an access level works in: level 2 sees its branch's clients, level 3 its department's. */
const unitOfLevel: Partial<Record<User['accessLevel'], 'branchId' | 'departmentId'>> = { 2: 'branchId', 3: 'departmentId' };

/**
 * A level-2 user needs a branch and a level-3 user a department: without it they would see no client
 * (client-scope.ts). `removed` says the patch took it away rather than never giving it.
 */
function assertUnitForLevel(user: Pick<User, 'accessLevel' | 'branchId' | 'departmentId'>, removed = false) {
  const field = unitOfLevel[user.accessLevel];
  if (!field || user[field]) return;
  throw invalidFields(`access level ${user.accessLevel} needs ${field}`, [
    { pointer: `/${field}`, code: 'required_for_level', params: { level: user.accessLevel, rule: removed ? 'removed' : 'missing' } },
  ]);
}

/**
 * Creates a user of the actor's tenant (level 1 only) together with the invitation e-mail, in one
 * write: the user never exists without its invitation. The e-mail is unique per tenant,
 * case-insensitively.
 */
export const createUser =
  (deps: UserDeps & { ids: IdGenerator; tenants: TenantRepository; defaultSender: string }) =>
  async (actor: Actor, input: NewUser): Promise<User> => {
    requireAccess(actor, manageUsers);
    assertUnitForLevel(input);
    await assertOrgUnits(deps, actor.tenantId, input);
    const now = deps.clock.now().toISOString();
    const user: User = {
      id: deps.ids.next(),
      tenantId: actor.tenantId,
      email: input.email,
      name: input.name,
      accessLevel: input.accessLevel,
      ...(input.branchId ? { branchId: input.branchId } : {}),
      ...(input.departmentId ? { departmentId: input.departmentId } : {}),
      permissions: [...new Set(input.permissions)],
      ...(input.mailbox ? { mailbox: input.mailbox } : {}),
      status: 'active',
      version: 1,
      createdAt: now,
      updatedAt: now,
      createdBy: actor.userId,
      updatedBy: actor.userId,
    };
    const tenant = await deps.tenants.get(actor.tenantId);
    const messages = tenant ? [welcomeEmail({ tenant, user, id: deps.ids.next(), now: deps.clock.now(), fallbackSender: deps.defaultSender })] : [];
    // A holder in this tenant is named in the 409; the user pool's own refusal cannot name anyone.
    // The holder may be this very user: a redo of a request whose first attempt committed.
    const holder = await deps.users.findByEmail(actor.tenantId, user.email);
    if (holder?.id === user.id) return holder;
    if (holder) throw conflict('user', 'email', holder.id, { name: holder.name, status: holder.status });
    // The sign-in identity next: if the e-mail already signs in elsewhere, nothing is written.
    await deps.directory.register(user);
    try {
      return await createOnce(
        user,
        () => deps.users.createWithMessages(user, messages),
        () => deps.users.get(actor.tenantId, user.id),
      );
    } catch (error) {
      // Only a refusal proves nothing was written; after a timeout the record may exist, and a redo
      // of the request (same id) finds both it and the identity.
      if (error instanceof DomainError) await deps.directory.unregister(user).catch(() => undefined);
      throw error;
    }
  };

export const getUser =
  (deps: { users: UserRepository }) =>
  async (actor: Actor, userId: string): Promise<User> => {
    const user = await deps.users.get(actor.tenantId, userId);
    if (!user) throw notFound('user', userId);
    return user;
  };

export const listUsers =
  (deps: { users: UserRepository }) =>
  async (actor: Actor, page: PageRequest, filter: { status?: User['status'] | 'all' }): Promise<Page<User>> =>
    deps.users.list(actor.tenantId, page, filter);

/**
 * Applies a patch (level 1 only) if `expectedVersion` is current. `null` clears a field. A patch that
 * changes nothing writes no record and keeps the version, but still re-syncs the sign-in identity and
 * re-runs a department refresh: those are how an earlier change cut short is repaired.
 */
export const updateUser =
  (deps: UserDeps & { hooks?: UserChangeHooks }) =>
  async (actor: Actor, userId: string, patch: UserPatch, expectedVersion: ExpectedVersion, options: { proceed?: boolean } = {}): Promise<User> => {
    requireAccess(actor, manageUsers);
    const current = await getUser(deps)(actor, userId);
    assertVersion('user', userId, current.version, expectedVersion);
    // A deactivated seller or collector would leave clients nobody works: say which, unless told to go on.
    if (patch.status === 'inactive' && current.status === 'active' && !options.proceed && deps.hooks?.clientsHeldBy) {
      const held = await deps.hooks.clientsHeldBy(actor.tenantId, userId);
      if (held.seller + held.collector + held.agent > 0) {
        throw new DomainError('invalid_state', 'the user still holds clients', { reason: 'user_holds_clients', clients: held });
      }
    }
    await assertOrgUnits(deps, actor.tenantId, patch);
    if (userId === actor.userId && (patch.status === 'inactive' || (patch.accessLevel && patch.accessLevel !== 1))) {
      throw new DomainError('invalid_state', 'an administrator cannot demote or deactivate themselves', {
        reason: 'self_lockout',
      });
    }
    const next: User = { ...current, version: current.version + 1, updatedAt: deps.clock.now().toISOString(), updatedBy: actor.userId };
    for (const [key, value] of Object.entries(patch) as Array<[keyof UserPatch, unknown]>) {
      if (value === undefined) continue;
      if (value === null) delete (next as Record<string, unknown>)[key];
      else (next as Record<string, unknown>)[key] = key === 'permissions' ? [...new Set(value as string[])] : value;
    }
    // Checked when the patch touches the level or the units, or puts the user back to work; a user stored
    // before the rule can still be renamed or deactivated without being fixed first (docs/decisions.md,
    // "A level-2 user has a branch, a level-3 user a department").
    const reactivated = next.status === 'active' && current.status !== 'active';
    if (patch.accessLevel !== undefined || patch.branchId !== undefined || patch.departmentId !== undefined || reactivated) {
      const field = unitOfLevel[next.accessLevel];
      assertUnitForLevel(next, field !== undefined && patch[field] === null);
    }
    const changed = !changesNothing(current, next);
    if (changed) await deps.users.update(next, current);
    // After the record: a failed sync leaves the record right and is repaired by the next update.
    await deps.directory.sync(changed ? next : current);
    // Also when the patch names the same department again: that re-runs a refresh an outage cut short.
    if (patch.departmentId !== undefined) await deps.hooks?.departmentMoved?.(actor.tenantId, userId);
    // Also for the same units again: that re-queues a re-key a failure cut short (a pass over right tasks writes nothing).
    if (patch.branchId !== undefined || patch.departmentId !== undefined) await deps.hooks?.unitsMoved?.(actor.tenantId, userId);
    return changed ? next : current;
  };

/** Deactivation is the only delete: the user keeps their history and can be reactivated. */
export const deactivateUser =
  (deps: UserDeps & { hooks?: UserChangeHooks }) =>
  async (actor: Actor, userId: string, expectedVersion: ExpectedVersion, options: { proceed?: boolean } = {}): Promise<User> =>
    updateUser(deps)(actor, userId, { status: 'inactive' }, expectedVersion, options);
