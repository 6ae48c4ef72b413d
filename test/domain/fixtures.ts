/** Records and actors the domain tests start from. */
import type { Actor, AccessLevel } from '../../domain/shared/actor.ts';
import type { Tenant } from '../../domain/workspace/tenant.schema.ts';
import type { User } from '../../domain/workspace/user.schema.ts';

export const T0 = '2026-03-02T12:00:00.000Z';

export function aTenant(overrides: Partial<Tenant> = {}): Tenant {
  return {
    id: 'tenant-a',
    name: 'Acme Cobranzas',
    country: 'CL',
    currency: 'CLP',
    timeZone: 'America/Santiago',
    locale: 'es',
    mailHour: 9,
    version: 1,
    createdAt: T0,
    updatedAt: T0,
    ...overrides,
  };
}

export function aUser(overrides: Partial<User> = {}): User {
  return {
    id: 'admin-a',
    tenantId: 'tenant-a',
    email: 'admin@acme.test',
    name: 'Admin',
    accessLevel: 1,
    permissions: ['users.manage'],
    status: 'active',
    version: 1,
    createdAt: T0,
    updatedAt: T0,
    createdBy: 'seed',
    updatedBy: 'seed',
    ...overrides,
  };
}

export function anActor(overrides: Partial<Actor> = {}): Actor {
  return { tenantId: 'tenant-a', userId: 'admin-a', accessLevel: 1, permissions: ['users.manage'], ...overrides };
}

/** The access levels below company level, each of which must be refused what only level 1 may do. */
export const belowCompanyLevel: AccessLevel[] = [2, 3, 4];
