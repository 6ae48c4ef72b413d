import { ulid } from 'ulid';
import { Permission, type Actor } from '../../domain/shared/actor.ts';
import { readConfig } from '../../functions/config.ts';
import { createDependencies } from '../../functions/dependencies.ts';
import type { TestUser } from './http.ts';

/** Repositories over the run's table (same adapters the handlers use). */
export const testDeps = () => createDependencies(readConfig());

/**
 * A fresh tenant with a level-1 admin holding every permission unless told otherwise (as provisioning gives it), so tests never share data. The API takes access level and
 * permissions from the user record (functions/http/access-check.ts), so `adminPermissions` are
 * written into it, not only into the token.
 */
export async function newTenant(
  deps = testDeps(),
  overrides: { locale?: 'es' | 'en'; senderEmail?: string; adminPermissions?: string[]; country?: 'CL' | 'other' } = {},
) {
  const tenantId = `t-${ulid().toLowerCase()}`;
  const at = new Date().toISOString();
  await deps.tenants.createIfAbsent({
    id: tenantId,
    name: `Tenant ${tenantId}`,
    country: overrides.country ?? 'CL',
    currency: overrides.country === 'other' ? 'USD' : 'CLP',
    timeZone: 'America/Santiago',
    locale: overrides.locale ?? 'es',
    mailHour: 9,
    ...(overrides.senderEmail ? { senderEmail: overrides.senderEmail } : {}),
    version: 1,
    createdAt: at,
    updatedAt: at,
  });
  const admin: TestUser = {
    tenantId,
    id: `admin-${tenantId}`,
    email: `admin@${tenantId}.test`,
    accessLevel: 1,
    permissions: overrides.adminPermissions ?? [...Permission.options],
  };
  await deps.users.create({
    ...admin,
    name: 'Admin',
    status: 'active',
    version: 1,
    createdAt: at,
    updatedAt: at,
    createdBy: 'test',
    updatedBy: 'test',
  });
  return { tenantId, admin };
}

/** A fresh tenant's level-1 admin as the domain sees an actor, for use-case tests on the real table. */
export async function newAdminActor(deps = testDeps()): Promise<Actor> {
  const { admin } = await newTenant(deps);
  return { tenantId: admin.tenantId, userId: admin.id, accessLevel: 1, permissions: [...Permission.options] };
}

/**
 * Another user of a tenant, stored as a record (a token for a user without one is refused with 401)
 * and returned as tests act as it. Defaults: a fresh id, level 4, no permissions.
 */
export async function newUser(
  deps: ReturnType<typeof testDeps>,
  tenantId: string,
  input: Partial<Omit<TestUser, 'tenantId'>> & { name?: string; status?: 'active' | 'inactive' } = {},
): Promise<TestUser> {
  const id = input.id ?? `u-${ulid().toLowerCase()}`;
  const user: TestUser = {
    tenantId,
    id,
    email: input.email ?? `${id}@${tenantId}.test`,
    accessLevel: input.accessLevel ?? 4,
    permissions: input.permissions ?? [],
    ...(input.branchId ? { branchId: input.branchId } : {}),
    ...(input.departmentId ? { departmentId: input.departmentId } : {}),
  };
  const at = new Date().toISOString();
  await deps.users.create({
    ...user,
    name: input.name ?? id,
    status: input.status ?? 'active',
    version: 1,
    createdAt: at,
    updatedAt: at,
    createdBy: 'test',
    updatedBy: 'test',
  });
  return user;
}
