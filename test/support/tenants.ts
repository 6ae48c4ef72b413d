import { ulid } from 'ulid';
import { Permission, type Actor } from '../../domain/shared/actor.ts';
import { readConfig } from '../../functions/config.ts';
import { createDependencies } from '../../functions/dependencies.ts';
import type { TestUser } from './http.ts';

/** Repositories over the run's table (same adapters the handlers use). */
export const testDeps = () => createDependencies(readConfig());

/** A fresh tenant with a level-1 admin holding every permission (as provisioning gives it), so tests never share data. */
export async function newTenant(deps = testDeps(), overrides: { locale?: 'es' | 'en'; senderEmail?: string } = {}) {
  const tenantId = `t-${ulid().toLowerCase()}`;
  const at = new Date().toISOString();
  await deps.tenants.createIfAbsent({
    id: tenantId, name: `Tenant ${tenantId}`, country: 'CL', currency: 'CLP', timeZone: 'America/Santiago',
    locale: overrides.locale ?? 'es', mailHour: 9, ...(overrides.senderEmail ? { senderEmail: overrides.senderEmail } : {}),
    version: 1, createdAt: at, updatedAt: at,
  });
  const admin: TestUser = { tenantId, id: `admin-${tenantId}`, email: `admin@${tenantId}.test`, accessLevel: 1, permissions: [...Permission.options] };
  await deps.users.create({
    ...admin, name: 'Admin', status: 'active', version: 1, createdAt: at, updatedAt: at, createdBy: 'test', updatedBy: 'test',
  });
  return { tenantId, admin };
}

/** A fresh tenant's level-1 admin as the domain sees an actor, for use-case tests on the real table. */
export async function newAdminActor(deps = testDeps()): Promise<Actor> {
  const { admin } = await newTenant(deps);
  return { tenantId: admin.tenantId, userId: admin.id, accessLevel: 1, permissions: [...Permission.options] };
}
