import { beforeAll, describe, expect, it } from 'vitest';
import { createCatalogEntry, deleteCatalogEntry } from '../../domain/clients/catalog.use-cases.ts';
import { NewClient } from '../../domain/clients/client.schema.ts';
import { clientHistory, createClient, listClients, setClientStatus, updateClient } from '../../domain/clients/client.use-cases.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import { DomainError } from '../../domain/shared/errors.ts';
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
    const client = await create({ personType: 'natural', firstName: 'Ana', firstSurname: 'Pérez', email: 'Ana@Acme.test', taxId: { scheme: 'CL_RUT', value: '12.345.678-5' } });
    expect(client).toMatchObject({ displayName: 'Ana Pérez', email: 'ana@acme.test', taxId: { scheme: 'CL_RUT', value: '12345678-5', holder: 'person' } });
    expect((await deps.clients.findBy(actor.tenantId, 'taxId', 'CL_RUT:12345678-5'))?.id).toBe(client.id);
    expect((await deps.clients.findBy(actor.tenantId, 'email', 'ANA@acme.test'))?.id).toBe(client.id);
  });

  it('answers ten simultaneous creates with one tax id in different forms with one client and nine conflicts naming it', async () => {
    const forms = ['76.086.428-5', '76086428-5', '760864285'];
    const results = await Promise.allSettled(Array.from({ length: 10 }, (_, i) =>
      create({ personType: 'legal', legalName: `Racer ${i}`, email: `racer${i}@acme.test`, taxId: { scheme: 'CL_RUT', value: forms[i % 3] } })));
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
    expect(latest.map((h) => [h.field, h.from, h.to])).toEqual(expect.arrayContaining([
      ['name', 'Ferretería Uno', 'Ferretería Dos'], ['email', 'uno@acme.test', 'dos@acme.test'], ['city', 'Santiago', undefined],
      ['displayName', 'Ferretería Uno', 'Ferretería Dos'],
    ]));
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
    expect(names((await listClients(deps)(searchActor, { status: 'active' }, page)).items))
      .toEqual(['Álamo Ltda', 'Bodega Central', 'Nube Software', 'nunez hermanos', 'Ñuñoa Ferretería']);
  });

  it('finds by name prefix, accent- and case-insensitively', async () => {
    const found = await listClients(deps)(searchActor, { status: 'active', namePrefix: 'nun' }, page);
    expect(names(found.items)).toEqual(['nunez hermanos', 'Ñuñoa Ferretería']);
  });

  it('filters by category, by "none", and combines with other fields', async () => {
    expect(names((await listClients(deps)(searchActor, { status: 'active', categoryId }, page)).items)).toEqual(['Bodega Central', 'nunez hermanos', 'Ñuñoa Ferretería']);
    expect(names((await listClients(deps)(searchActor, { status: 'active', categoryId: 'none' }, page)).items)).toEqual(['Álamo Ltda', 'Nube Software']);
    expect(names((await listClients(deps)(searchActor, { status: 'active', categoryId, city: 'Santiago' }, page)).items)).toEqual(['Bodega Central', 'Ñuñoa Ferretería']);
  });

  it('pages through a filtered list with cursors, in order, without repeats', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const result = await listClients(deps)(searchActor, { status: 'all' }, { limit: 2, cursor });
      seen.push(...names(result.items));
      cursor = result.cursor;
    } while (cursor);
    expect(seen).toEqual(['Álamo Ltda', 'Bodega Central', 'Nube Software', 'nunez hermanos', 'Ñuñoa Ferretería']);
  });

  it('refuses to delete a category in use, with the count', async () => {
    const error = await deleteCatalogEntry(deps)(searchActor, 'category', categoryId, 1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'invalid_state', details: { reason: 'category_in_use', clients: 3 } });
  });
});
