import { Permission } from '../../domain/shared/actor.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import type { OrgUnit } from '../../domain/workspace/org-unit.schema.ts';
import type { Tenant } from '../../domain/workspace/tenant.schema.ts';
import type { User } from '../../domain/workspace/user.schema.ts';
import type { Dependencies } from '../../functions/dependencies.ts';

export const DEMO_TENANT = 'demo';
export const DEMO_ADMIN = 'admin';

const AT = '2026-01-01T00:00:00.000Z';

/** Fixed ids make the seed idempotent: a second run finds everything and creates nothing. */
export async function seedDemo(deps: Pick<Dependencies, 'tenants' | 'users' | 'orgUnits'>): Promise<{ created: number; existing: number }> {
  let created = 0;
  let existing = 0;
  const count = (wasCreated: boolean) => (wasCreated ? created++ : existing++);
  const ignoreConflict = async (write: () => Promise<void>) => {
    try {
      await write();
      return true;
    } catch (error) {
      if (error instanceof DomainError && error.code === 'conflict') return false;
      throw error;
    }
  };

  const tenant: Tenant = {
    id: DEMO_TENANT,
    name: 'Comercial Demo SpA',
    country: 'CL',
    currency: 'CLP',
    timeZone: 'America/Santiago',
    locale: 'es',
    mailHour: 9,
    senderEmail: 'cobranza@demo.cl',
    taxIdScheme: 'CL_RUT',
    status: 'active',
    version: 1,
    createdAt: AT,
    updatedAt: AT,
  };
  count(await deps.tenants.createIfAbsent(tenant));

  const units: OrgUnit[] = [
    { id: 'casa-matriz', tenantId: DEMO_TENANT, kind: 'branch', name: 'Casa Matriz', version: 1, createdAt: AT, updatedAt: AT },
    { id: 'cobranza', tenantId: DEMO_TENANT, kind: 'department', name: 'Cobranza', version: 1, createdAt: AT, updatedAt: AT },
  ];
  for (const unit of units) count(await ignoreConflict(() => deps.orgUnits.create(unit)));

  const user = (id: string, email: string, name: string, accessLevel: 1 | 4, permissions: string[]): User => ({
    id,
    tenantId: DEMO_TENANT,
    email,
    name,
    accessLevel,
    branchId: 'casa-matriz',
    departmentId: 'cobranza',
    permissions,
    mailbox: email,
    status: 'active',
    version: 1,
    createdAt: AT,
    updatedAt: AT,
    createdBy: 'seed',
    updatedBy: 'seed',
  });
  const users = [
    user(DEMO_ADMIN, 'admin@demo.cl', 'Administradora Demo', 1, [...Permission.options]),
    user('cobrador', 'cobrador@demo.cl', 'Cobrador Demo', 4, []),
  ];
  for (const u of users) count(await ignoreConflict(() => deps.users.create(u)));
  return { created, existing };
}
