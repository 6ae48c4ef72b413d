import type { Actor } from '../../domain/shared/actor.ts';
import type { TenantRepository, UserRepository } from '../../domain/workspace/ports.ts';
import type { Tenant } from '../../domain/workspace/tenant.schema.ts';
import type { User } from '../../domain/workspace/user.schema.ts';
import { problem } from './problem.ts';

/**
 * How long a container trusts what it last read about a user or tenant. A deactivation, demotion or
 * suspension done elsewhere takes effect here within this window; the container that made the
 * change forgets its entry at once (`forgetUser`).
 */
export const ACCESS_CACHE_TTL_MS = 30_000;

/** Entries beyond this are evicted oldest first, so a container's memory stays bounded. */
const MAX_ENTRIES = 10_000;

export interface AccessRecords {
  users: Pick<UserRepository, 'get'>;
  tenants: Pick<TenantRepository, 'get'>;
}

/** What the check keeps of each record (absence included, so a revoked token costs no reads either). */
type UserFacts = Pick<User, 'status' | 'accessLevel' | 'branchId' | 'departmentId' | 'permissions'> | null;
type TenantFacts = Pick<Tenant, 'status'> | null;

export interface AccessCache {
  entries: Map<string, { facts: UserFacts | TenantFacts; expires: number }>;
}

/** One cache per module instance, i.e. per Lambda container (locally: per `npm start` process). */
const containerCache: AccessCache = { entries: new Map() };

export interface AccessCheck {
  /**
   * The actor the request acts as: tenant and user from the verified token, access level, branch,
   * department and permissions from the current records. Refuses a deactivated or unknown user
   * (401 `user_inactive`), an unknown tenant (403 `tenant_unavailable`) and a suspended one
   * (403 `tenant_suspended`).
   */
  verify(claimed: Actor): Promise<Actor>;
  /**
   * Takes the record this container just wrote as what it knows of the user, for a whole window: no
   * read follows, so an eventually consistent read cannot bring the old status back.
   */
  rememberUser(user: User): void;
  rememberTenant(tenant: Tenant): void;
  /** Drops what this container knows of a user (after a change whose outcome is unknown). */
  forgetUser(tenantId: string, userId: string): void;
}

export function accessCheck(records: AccessRecords, options: { cache?: AccessCache; ttlMs?: number; now?: () => number } = {}): AccessCheck {
  const { entries } = options.cache ?? containerCache;
  const ttlMs = options.ttlMs ?? ACCESS_CACHE_TTL_MS;
  const now = options.now ?? Date.now;
  const userKey = (tenantId: string, userId: string) => `U\u0000${tenantId}\u0000${userId}`;
  const tenantKey = (tenantId: string) => `T\u0000${tenantId}`;

  function store(key: string, facts: UserFacts | TenantFacts) {
    entries.delete(key);
    entries.set(key, { facts, expires: now() + ttlMs });
    if (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value!);
  }

  async function cached<T extends UserFacts | TenantFacts>(key: string, read: () => Promise<T>): Promise<T> {
    const hit = entries.get(key);
    if (hit && hit.expires > now()) return hit.facts as T;
    const facts = await read();
    store(key, facts);
    return facts;
  }

  const userFactsOf = ({ status, accessLevel, branchId, departmentId, permissions }: User): UserFacts => ({
    status,
    accessLevel,
    branchId,
    departmentId,
    permissions,
  });

  const tenantFacts = (tenantId: string) =>
    cached<TenantFacts>(tenantKey(tenantId), async () => {
      const tenant = await records.tenants.get(tenantId);
      return tenant ? { status: tenant.status ?? 'active' } : null;
    });
  const userFacts = (tenantId: string, userId: string) =>
    cached<UserFacts>(userKey(tenantId, userId), async () => {
      const user = await records.users.get(tenantId, userId);
      return user ? userFactsOf(user) : null;
    });

  return {
    async verify(claimed) {
      // On a miss both GetItems run in parallel, so the wait is one read long.
      const [tenant, user] = await Promise.all([tenantFacts(claimed.tenantId), userFacts(claimed.tenantId, claimed.userId)]);
      if (!tenant) throw problem('tenant_unavailable', 'the token names a tenant that does not exist');
      if (tenant.status === 'suspended') throw problem('tenant_suspended', 'the tenant is suspended');
      if (user?.status !== 'active') throw problem('user_inactive', 'the user is deactivated or does not exist');
      return {
        tenantId: claimed.tenantId,
        userId: claimed.userId,
        accessLevel: user.accessLevel,
        ...(user.branchId ? { branchId: user.branchId } : {}),
        ...(user.departmentId ? { departmentId: user.departmentId } : {}),
        permissions: [...user.permissions],
      };
    },
    rememberUser(user) {
      store(userKey(user.tenantId, user.id), userFactsOf(user));
    },
    rememberTenant(tenant) {
      store(tenantKey(tenant.id), { status: tenant.status ?? 'active' });
    },
    forgetUser(tenantId, userId) {
      entries.delete(userKey(tenantId, userId));
    },
  };
}
