/** The client book the client use-case tests start from: two tenants, their users, units, categories and zones. */
import { NewClient, type Client } from '../../../domain/clients/client.schema.ts';
import { createClient } from '../../../domain/clients/client.use-cases.ts';
import type { Actor } from '../../../domain/shared/actor.ts';
import { fold } from '../../../domain/shared/text.ts';
import { InMemoryCatalogRepository, InMemoryClientRepository, InMemoryContactRepository } from '../client-fakes.ts';
import { FakeClock, InMemoryOrgUnitRepository, InMemoryTenantRepository, InMemoryUserRepository, SequentialIds } from '../fakes.ts';
import { anActor, aTenant, aUser, T0 } from '../fixtures.ts';

/**
 * Tenant A: an administrator, a branch head (Norte), a department head (Ventas Norte), sellers Sofía
 * (Norte, Ventas Norte) and Tomás (Sur, Ventas Sur), an inactive user, a category and a zone.
 * Tenant B: its administrator and a category of its own.
 */
export async function setup() {
  const catalogs = new InMemoryCatalogRepository();
  const clients = new InMemoryClientRepository(catalogs);
  const deps = {
    clients,
    catalogs,
    contacts: new InMemoryContactRepository(clients),
    counter: clients,
    users: new InMemoryUserRepository(),
    orgUnits: new InMemoryOrgUnitRepository(),
    tenants: new InMemoryTenantRepository(),
    clock: new FakeClock(T0),
    ids: new SequentialIds('c'),
  };
  // Tenant A is Chilean (plain tax ids are RUTs); tenant B's country has no scheme of ours.
  await deps.tenants.createIfAbsent(aTenant({ taxIdScheme: 'CL_RUT' }));
  await deps.tenants.createIfAbsent(aTenant({ id: 'tenant-b', country: 'other', currency: 'USD', timeZone: 'UTC' }));
  const unit = { version: 1, createdAt: T0, updatedAt: T0 };
  for (const [id, kind, name] of [
    ['norte', 'branch', 'Norte'],
    ['sur', 'branch', 'Sur'],
    ['ventas-norte', 'department', 'Ventas Norte'],
    ['ventas-sur', 'department', 'Ventas Sur'],
  ] as const) {
    await deps.orgUnits.create({ id, tenantId: 'tenant-a', kind, name, ...unit });
  }
  const people = [
    aUser({ id: 'admin-a', name: 'Admin A', email: 'admin@a.test', accessLevel: 1 }),
    aUser({ id: 'jefa-norte', name: 'Jefa Norte', email: 'jefa@a.test', accessLevel: 2, branchId: 'norte' }),
    aUser({ id: 'jefe-ventas', name: 'Jefe Ventas', email: 'ventas@a.test', accessLevel: 3, departmentId: 'ventas-norte' }),
    aUser({ id: 'sofia', name: 'Sofía', email: 'sofia@a.test', accessLevel: 4, branchId: 'norte', departmentId: 'ventas-norte' }),
    aUser({ id: 'tomas', name: 'Tomás', email: 'tomas@a.test', accessLevel: 4, branchId: 'sur', departmentId: 'ventas-sur' }),
    aUser({ id: 'ida', name: 'Ida', email: 'ida@a.test', accessLevel: 4, status: 'inactive' }),
    aUser({ id: 'admin-b', tenantId: 'tenant-b', name: 'Admin B', email: 'admin@b.test', accessLevel: 1 }),
  ];
  for (const user of people) await deps.users.create(user);
  const entry = { version: 1, createdAt: T0, updatedAt: T0 };
  await catalogs.create({ id: 'mayorista', tenantId: 'tenant-a', kind: 'category', name: 'Mayorista', ...entry });
  await catalogs.create({ id: 'minorista', tenantId: 'tenant-a', kind: 'category', name: 'Minorista', ...entry });
  await catalogs.create({ id: 'centro', tenantId: 'tenant-a', kind: 'zone', name: 'Centro', ...entry });
  await catalogs.create({ id: 'solo-b', tenantId: 'tenant-b', kind: 'category', name: 'De B', ...entry });
  return deps;
}

export const admin = anActor({ userId: 'admin-a', accessLevel: 1, permissions: ['clients.mass_update', 'clients.reassign_agent'] });
export const jefaNorte = anActor({ userId: 'jefa-norte', accessLevel: 2, branchId: 'norte', permissions: [] });
export const jefeVentas = anActor({ userId: 'jefe-ventas', accessLevel: 3, departmentId: 'ventas-norte', permissions: [] });
export const sofia = anActor({ userId: 'sofia', accessLevel: 4, branchId: 'norte', departmentId: 'ventas-norte', permissions: [] });
export const tomas = anActor({ userId: 'tomas', accessLevel: 4, branchId: 'sur', departmentId: 'ventas-sur', permissions: [] });
export const adminB = anActor({ tenantId: 'tenant-b', userId: 'admin-b', accessLevel: 1, permissions: [] });

export type Deps = Awaited<ReturnType<typeof setup>>;
export const create = (deps: Deps, actor: Actor, input: Record<string, unknown>) => createClient(deps)(actor, NewClient.parse(input));
/** A company named `name`, its e-mail made from the name (`Norte Solo` → `norte-solo@cliente.test`). */
export const company = (name: string, extra: Record<string, unknown> = {}) => ({
  personType: 'legal',
  legalName: name,
  email: `${fold(name).replace(/[^a-z0-9]+/g, '-')}@cliente.test`,
  ...extra,
});
export const names = (clients: Client[]) => clients.map((c) => c.displayName);
