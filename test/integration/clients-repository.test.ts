import { beforeAll, describe, expect, it } from 'vitest';
import { createCatalogEntry, deleteCatalogEntry } from '../../domain/clients/catalog.use-cases.ts';
import { NewClient } from '../../domain/clients/client.schema.ts';
import { clientHistory, createClient, listClients, setClientStatus, updateClient } from '../../domain/clients/client.use-cases.ts';
import type { ClientFilter } from '../../domain/clients/ports.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { fold } from '../../domain/shared/text.ts';
import { newAdminActor, testDeps } from '../support/tenants.ts';

const deps = testDeps();
let actor: Actor;
const page = { limit: 100 };
const create = (input: Record<string, unknown>) => createClient(deps)(actor, NewClient.parse(input));
const names = (items: Array<{ displayName: string }>) => items.map((c) => c.displayName);

beforeAll(async () => {
  actor = await newAdminActor(deps);
});

describe('clients on DynamoDB', () => {
  it('stores the canonical tax id and finds the client by any written form of it', async () => {
    const client = await create({
      personType: 'natural',
      firstName: 'Ana',
      firstSurname: 'Pérez',
      email: 'Ana@Acme.test',
      taxId: { scheme: 'CL_RUT', value: '12.345.678-5' },
    });
    expect(client).toMatchObject({ displayName: 'Ana Pérez', email: 'ana@acme.test', taxId: { scheme: 'CL_RUT', value: '12345678-5', holder: 'person' } });
    expect((await deps.clients.findBy(actor.tenantId, 'taxId', 'CL_RUT:12345678-5'))?.id).toBe(client.id);
    expect((await deps.clients.findBy(actor.tenantId, 'email', 'ANA@acme.test'))?.id).toBe(client.id);
  });

  it('answers ten simultaneous creates with one tax id in different forms with one client and nine conflicts naming it', async () => {
    const forms = ['76.086.428-5', '76086428-5', '760864285'];
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        create({ personType: 'legal', legalName: `Racer ${i}`, email: `racer${i}@acme.test`, taxId: { scheme: 'CL_RUT', value: forms[i % 3] } }),
      ),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(9);
    const winner = (won[0] as PromiseFulfilledResult<{ id: string }>).value.id;
    for (const l of lost) expect(l.reason).toMatchObject({ code: 'conflict', details: { field: 'taxId', existingId: winner } });
  });

  it('lets many clients share a generic RFC', async () => {
    await create({ personType: 'other', name: 'Público 1', email: 'p1@acme.test', taxId: { scheme: 'MX_RFC', value: 'XAXX010101000' } });
    const second = await create({ personType: 'other', name: 'Público 2', email: 'p2@acme.test', taxId: { scheme: 'MX_RFC', value: 'XAXX010101000' } });
    expect(second.taxId?.generic).toBe(true);
  });

  it('flags a rename, records every changed field, and frees the old e-mail', async () => {
    const client = await create({ personType: 'other', name: 'Ferretería Uno', email: 'uno@acme.test', city: 'Santiago' });
    const outcome = await updateClient(deps)(actor, client.id, { name: 'Ferretería Dos', email: 'dos@acme.test', city: null }, 1);
    expect(outcome.renamed).toEqual({ from: 'Ferretería Uno', to: 'Ferretería Dos' });
    expect(outcome.client).not.toHaveProperty('city');
    const history = await clientHistory(deps)(actor, client.id, page);
    const latest = history.items.filter((h) => h.operation === 'update');
    expect(latest).toHaveLength(1);
    expect(latest[0]!.changes).toEqual([
      { field: 'city', from: 'Santiago' },
      { field: 'displayName', from: 'Ferretería Uno', to: 'Ferretería Dos' },
      { field: 'email', from: 'uno@acme.test', to: 'dos@acme.test' },
      { field: 'name', from: 'Ferretería Uno', to: 'Ferretería Dos' },
    ]);
    expect(history.items.at(-1)!.operation).toBe('create');
    const reuse = await create({ personType: 'other', name: 'Otra', email: 'uno@acme.test' });
    expect(reuse.email).toBe('uno@acme.test');
  });

  it('refuses a stale version and changes nothing', async () => {
    const client = await create({ personType: 'other', name: 'Stale', email: 'stale@acme.test' });
    await updateClient(deps)(actor, client.id, { phone: '1' }, 1);
    await expect(updateClient(deps)(actor, client.id, { phone: '2' }, 1)).rejects.toMatchObject({ code: 'version_mismatch' });
    expect((await deps.clients.get(actor.tenantId, client.id))?.phone).toBe('1');
  });

  it('takes a deactivated client out of the default list and brings it back on restore', async () => {
    const client = await create({ personType: 'other', name: 'Zeta Inactiva', email: 'zeta@acme.test' });
    await setClientStatus(deps)(actor, client.id, 'inactive', 1);
    expect(names((await listClients(deps)(actor, { status: 'active' }, page)).items)).not.toContain('Zeta Inactiva');
    expect(names((await listClients(deps)(actor, { status: 'inactive' }, page)).items)).toContain('Zeta Inactiva');
    const all = names((await listClients(deps)(actor, { status: 'all' }, page)).items);
    expect(all.at(-1)).toBe('Zeta Inactiva'); // active ones first, then inactive
    await setClientStatus(deps)(actor, client.id, 'active', 2);
    expect(names((await listClients(deps)(actor, { status: 'active' }, page)).items)).toContain('Zeta Inactiva');
  });
});

describe('finding clients', () => {
  let searchActor: Actor;
  let categoryId: string;
  beforeAll(async () => {
    searchActor = await newAdminActor(deps);
    categoryId = (await createCatalogEntry(deps)(searchActor, 'category', { name: 'Mayoristas', color: '#112233' })).id;
    const make = (name: string, extra: Record<string, unknown> = {}) =>
      createClient(deps)(searchActor, NewClient.parse({ personType: 'other', name, email: `${name.replace(/\W/g, '')}@x.test`, ...extra }));
    await make('Ñuñoa Ferretería', { categoryId, city: 'Santiago' });
    await make('nunez hermanos', { categoryId, city: 'Valparaíso' });
    await make('Álamo Ltda');
    await make('Bodega Central', { categoryId, city: 'Santiago' });
    await make('Nube Software');
  });

  it('sorts by name without regard to case or accents', async () => {
    expect(names((await listClients(deps)(searchActor, { status: 'active' }, page)).items)).toEqual([
      'Álamo Ltda',
      'Bodega Central',
      'Nube Software',
      'nunez hermanos',
      'Ñuñoa Ferretería',
    ]);
  });

  it('finds by name prefix, accent- and case-insensitively', async () => {
    const found = await listClients(deps)(searchActor, { status: 'active', namePrefix: 'nun' }, page);
    expect(names(found.items)).toEqual(['nunez hermanos', 'Ñuñoa Ferretería']);
  });

  it('filters by category, by "none", and combines with other fields', async () => {
    expect(names((await listClients(deps)(searchActor, { status: 'active', categoryId }, page)).items)).toEqual([
      'Bodega Central',
      'nunez hermanos',
      'Ñuñoa Ferretería',
    ]);
    expect(names((await listClients(deps)(searchActor, { status: 'active', categoryId: 'none' }, page)).items)).toEqual(['Álamo Ltda', 'Nube Software']);
    expect(names((await listClients(deps)(searchActor, { status: 'active', categoryId, city: 'Santiago' }, page)).items)).toEqual([
      'Bodega Central',
      'Ñuñoa Ferretería',
    ]);
  });

  it('pages through a category + city filter with cursors: exactly the matching clients, once each, in name order', async () => {
    const own = await newAdminActor(deps);
    const mk = (name: string, extra: Record<string, unknown> = {}) =>
      createClient(deps)(own, NewClient.parse({ personType: 'other', name, email: `${fold(name).replace(/\W/g, '')}@p.test`, ...extra }));
    const pick = (await createCatalogEntry(deps)(own, 'category', { name: 'Paginada', color: '#445566' })).id;
    const other = (await createCatalogEntry(deps)(own, 'category', { name: 'Otra', color: '#665544' })).id;
    const match = { categoryId: pick, city: 'Santiago' };
    // Matching and non-matching clients interleave by name, so pages read items the filter drops.
    await mk('Abeto', match);
    await mk('Acacia', { categoryId: pick, city: 'Valparaíso' });
    await mk('Álamo', match);
    await mk('Boldo', { city: 'Santiago' });
    await mk('Canelo', match);
    await mk('Ceibo', { categoryId: other, city: 'Santiago' });
    await mk('Ciprés', { categoryId: pick, city: 'Valparaíso' });
    await mk('Coigüe', match);
    await mk('Espino', { categoryId: pick });
    await mk('Laurel', match);
    await mk('Lingue', { categoryId: pick, city: 'Valparaíso' });
    const maiten = await mk('Maitén', match);
    await setClientStatus(deps)(own, maiten.id, 'inactive', 1);
    await mk('Olivo', match);
    await mk('Peumo', { categoryId: pick, city: 'Valparaíso' });

    const active = ['Abeto', 'Álamo', 'Canelo', 'Coigüe', 'Laurel', 'Olivo'];
    expect(await allPages(own, { status: 'active', ...match }, 2)).toEqual(active);
    expect(await allPages(own, { status: 'all', ...match }, 2)).toEqual([...active, 'Maitén']);
    expect(await allPages(own, { status: 'inactive', ...match }, 2)).toEqual(['Maitén']);
  });

  it('refuses to delete a category in use, with the count', async () => {
    const error = await deleteCatalogEntry(deps)(searchActor, 'category', categoryId, 1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'invalid_state', details: { reason: 'category_in_use', name: 'Mayoristas', clients: { active: 3, inactive: 0 } } });
  });
});

describe('filtering by assigned users', () => {
  /** A fresh tenant with two sellers, two collectors and clients assigned across them (Elena inactive). */
  async function assignedTenant() {
    const own = await newAdminActor(deps);
    const [s1, s2, c1, c2] = await Promise.all(['seller-1', 'seller-2', 'collector-1', 'collector-2'].map((id) => addUser(own.tenantId, id)));
    const mk = (name: string, extra: Record<string, unknown>) =>
      createClient(deps)(own, NewClient.parse({ personType: 'other', name, email: `${name.toLowerCase()}@a.test`, ...extra }));
    await mk('Ana', { sellerId: s1, collectorId: c1 });
    await mk('Beto', { sellerId: s2, collectorId: c1 });
    await mk('Carla', { sellerId: s1 });
    await mk('Dario', { collectorId: c1 });
    const elena = await mk('Elena', { sellerId: s1, collectorId: c1 });
    await setClientStatus(deps)(own, elena.id, 'inactive', 1);
    await mk('Fabio', { sellerId: s1, collectorId: c2 });
    await mk('Gina', { sellerId: s2 });
    await mk('Hugo', { sellerId: s1, collectorId: c1 });
    await mk('Ines', {});
    return { own, s1: s1!, s2: s2!, c1: c1!, c2: c2! };
  }

  it('filters by seller', async () => {
    const { own, s1, s2 } = await assignedTenant();
    expect(await allPages(own, { status: 'active', sellerId: s1 }, 100)).toEqual(['Ana', 'Carla', 'Fabio', 'Hugo']);
    expect(await allPages(own, { status: 'active', sellerId: s2 }, 100)).toEqual(['Beto', 'Gina']);
    expect(await allPages(own, { status: 'all', sellerId: s1 }, 100)).toEqual(['Ana', 'Carla', 'Fabio', 'Hugo', 'Elena']);
  });

  it('filters by collector', async () => {
    const { own, c1, c2 } = await assignedTenant();
    expect(await allPages(own, { status: 'active', collectorId: c1 }, 100)).toEqual(['Ana', 'Beto', 'Dario', 'Hugo']);
    expect(await allPages(own, { status: 'active', collectorId: c2 }, 100)).toEqual(['Fabio']);
  });

  it('filters by collector "none": the clients without a collector', async () => {
    const { own, s1 } = await assignedTenant();
    expect(await allPages(own, { status: 'active', collectorId: 'none' }, 100)).toEqual(['Carla', 'Gina', 'Ines']);
    expect(await allPages(own, { status: 'active', collectorId: 'none', sellerId: s1 }, 100)).toEqual(['Carla']);
  });

  it('pages through a collector + seller filter one client at a time, active ones first, then inactive', async () => {
    const { own, s1, c1 } = await assignedTenant();
    expect(await allPages(own, { status: 'all', collectorId: c1, sellerId: s1 }, 1)).toEqual(['Ana', 'Hugo', 'Elena']);
    expect(await allPages(own, { status: 'active', collectorId: c1, sellerId: s1 }, 1)).toEqual(['Ana', 'Hugo']);
  });
});

async function addUser(tenantId: string, id: string) {
  const at = new Date().toISOString();
  await deps.users.create({
    tenantId,
    id,
    email: `${id}@${tenantId}.test`,
    name: id,
    accessLevel: 4,
    permissions: [],
    status: 'active',
    version: 1,
    createdAt: at,
    updatedAt: at,
    createdBy: 't',
    updatedBy: 't',
  });
  return id;
}

/**
 * Follows `cursor` until it is absent and returns the names of every page, in order. Pages of a filtered
 * list may hold fewer than `limit` items (even none) while a cursor continues; none may hold more.
 */
async function allPages(who: Actor, query: ClientFilter, limit: number): Promise<string[]> {
  const seen: string[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 100; pages++) {
    const result = await listClients(deps)(who, query, { limit, cursor });
    expect(result.items.length).toBeLessThanOrEqual(limit);
    seen.push(...names(result.items));
    cursor = result.cursor;
    if (!cursor) return seen;
  }
  throw new Error(`still a cursor after 100 pages of ${JSON.stringify(query)}`);
}
