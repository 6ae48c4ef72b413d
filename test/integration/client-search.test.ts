import { beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../../domain/clients/client.schema.ts';
import { contextOf, httpEvent, json, type TestUser } from '../support/http.ts';
import { newTenant, newUser, testDeps } from '../support/tenants.ts';

/**
 * Quick search (issue 8, "Finding clients"): the start of any word of the name, a tax id without its
 * check digit, phone digits and contacts' e-mails, ignoring case and accents; served by search-term
 * items in index partitions, paged by a sealed cursor, within the caller's access scope.
 */
const { handler } = await import('../../functions/http/clients-api.handler.ts');
const call = (routeKey: string, as: TestUser, extra: Omit<Parameters<typeof httpEvent>[0], 'routeKey' | 'as'> = {}) =>
  handler(httpEvent({ routeKey, as, ...extra }), contextOf('clients-api'));

const deps = testDeps();
const at = new Date().toISOString();
const stamp = { version: 1, createdAt: at, updatedAt: at };

type Hit = { client: Client; matchedBy: string };
type SearchPage = { items: Hit[]; cursor?: string };

let admin: TestUser;
let seller: TestUser; // level 4, department d1
let collector: TestUser; // level 4, department d2
let branchUser: TestUser; // level 2, branch b1
let deptUser: TestUser; // level 3, department d1
const ids: Record<string, string> = {};

const create = async (body: Record<string, unknown>, as = admin) => {
  const res = await call('POST /v1/clients', as, { body });
  expect(res.statusCode, res.body).toBe(201);
  return json(res) as Client;
};
const patch = async (id: string, body: Record<string, unknown>, as = admin) => {
  const current = await call('GET /v1/clients/{clientId}', as, { pathParameters: { clientId: id } });
  const res = await call('PATCH /v1/clients/{clientId}', as, {
    pathParameters: { clientId: id },
    body,
    headers: { 'if-match': current.headers!.etag as string },
  });
  expect(res.statusCode, res.body).toBe(200);
  return json(res) as Client;
};
const searchPage = async (as: TestUser, query: Record<string, string>) => {
  const res = await call('GET /v1/clients/search', as, { query });
  expect(res.statusCode, res.body).toBe(200);
  return json(res) as SearchPage;
};
/** Every hit of a search, following the cursor to the end. */
async function searchAll(as: TestUser, q: string, extra: Record<string, string> = {}) {
  const hits: Hit[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 40; pages++) {
    const page = await searchPage(as, { q, ...extra, ...(cursor ? { cursor } : {}) });
    hits.push(...page.items);
    cursor = page.cursor;
    if (!cursor) return hits;
  }
  throw new Error('cursor never ended');
}
const found = async (as: TestUser, q: string, extra: Record<string, string> = {}) =>
  (await searchAll(as, q, extra)).map((h) => [h.client.id, h.matchedBy] as const);
const foundIds = async (as: TestUser, q: string, extra: Record<string, string> = {}) => (await searchAll(as, q, extra)).map((h) => h.client.id).sort();

beforeAll(async () => {
  ({ admin } = await newTenant(deps));
  const t = admin.tenantId;
  for (const [kind, id] of [
    ['branch', 'b1'],
    ['branch', 'b2'],
    ['department', 'd1'],
    ['department', 'd2'],
  ] as const) {
    await deps.orgUnits.create({ tenantId: t, kind, id, name: `${kind} ${id}`, ...stamp });
  }
  seller = await newUser(deps, t, { accessLevel: 4, departmentId: 'd1' });
  collector = await newUser(deps, t, { accessLevel: 4, departmentId: 'd2' });
  branchUser = await newUser(deps, t, { accessLevel: 2, branchId: 'b1' });
  deptUser = await newUser(deps, t, { accessLevel: 3, departmentId: 'd1' });

  ids.ana = (
    await create({
      personType: 'natural',
      firstName: 'Ana María',
      firstSurname: 'Muñoz',
      secondSurname: 'De la Fuente',
      email: 'ana.mf@correo.cl',
      taxId: { scheme: 'CL_RUT', value: '13.456.783-K' },
      phone: '+56 9 8765 4321',
      sellerId: seller.id,
      branchId: 'b1',
    })
  ).id;
  ids.andes = (
    await create({
      personType: 'legal',
      legalName: 'Comercial Andes SpA',
      tradeName: 'Ferretería Andes',
      email: 'contacto@andes.cl',
      taxId: { scheme: 'AR_CUIT', value: '30-71234567-1' },
      mobile: '22 345 6789',
      collectorId: collector.id,
      branchId: 'b2',
    })
  ).id;
  ids.pedro = (
    await create({ personType: 'natural', firstName: 'Pedro', firstSurname: 'MUÑOZ', email: 'pedro@correo.cl', phone: '987654330', branchId: 'b2' })
  ).id;
});

describe('quick search by words of the name', () => {
  it('finds a person by the start of the first name, a given name or either surname, ignoring case and accents', async () => {
    for (const q of ['munoz', 'Muñoz', 'MUÑOZ']) expect(await foundIds(admin, q), q).toEqual([ids.ana, ids.pedro].sort());
    for (const q of ['ana', 'Mar', 'maría', 'fuente', 'De la Fuente', 'ana mu', 'muñoz ana']) {
      expect(await found(admin, q), q).toEqual([[ids.ana, 'name']]);
    }
    expect(await found(admin, 'pedro m')).toEqual([[ids.pedro, 'name']]);
  });

  it('finds a company by words of its trade name and of its legal name, and shows it by its trade name', async () => {
    for (const q of ['ferreteria', 'FERRET', 'comercial', 'andes', 'comercial andes']) {
      const hits = await searchAll(admin, q);
      expect(
        hits.map((h) => h.client.id),
        q,
      ).toEqual([ids.andes]);
      expect(hits[0]!.client.displayName).toBe('Ferretería Andes');
    }
  });
});

describe('quick search by numbers and e-mails', () => {
  it('finds a RUT or CUIT without its check digit, in any written form, and shows it formatted the local way', async () => {
    for (const q of ['13456783', '13.456.783', '13.456']) {
      const hits = await searchAll(admin, q);
      expect(
        hits.map((h) => [h.client.id, h.matchedBy]),
        q,
      ).toEqual([[ids.ana, 'taxId']]);
      expect(hits[0]!.client.taxId).toEqual({ scheme: 'CL_RUT', value: '13456783-K', formatted: '13.456.783-K', holder: 'person' });
    }
    expect(await found(admin, '30-71234567')).toEqual([[ids.andes, 'taxId']]);
    expect((await searchAll(admin, '3071234567'))[0]!.client.taxId?.formatted).toBe('30-71234567-1');
    // The full tax id is an exact match, found first and once.
    expect(await found(admin, '13.456.783-K')).toEqual([[ids.ana, 'taxId']]);
  });

  it('finds a phone by its digits in any formatting, with or without the country code', async () => {
    for (const q of ['+56 9 8765 4321', '987654321', '9 8765 4321', '56 9 8765 4321', '(9) 8765-4321']) {
      expect(await found(admin, q), q).toEqual([[ids.ana, 'phone']]);
    }
    // Stored without the country code, found with it; a mobile the same way.
    expect(await found(admin, '+56 9 8765 4330')).toEqual([[ids.pedro, 'phone']]);
    expect(await found(admin, '+56 22 345 6789')).toEqual([[ids.andes, 'phone']]);
    // The first digits find every phone that starts so, each client once.
    expect(await foundIds(admin, '9876543')).toEqual([ids.ana, ids.pedro].sort());
  });

  it("finds a client by the start of its e-mail and of a contact's e-mail, and follows the contact's changes", async () => {
    expect(await found(admin, 'contacto@and')).toEqual([[ids.andes, 'email']]);
    const added = await call('POST /v1/clients/{clientId}/contacts', admin, {
      pathParameters: { clientId: ids.andes! },
      body: { type: 'collections', name: 'Marta', email: 'Cobranzas.Marta@Andes.cl' },
    });
    expect(added.statusCode, added.body).toBe(201);
    expect(await found(admin, 'cobranzas')).toEqual([[ids.andes, 'contactEmail']]);
    expect(await found(admin, 'cobranzas.marta@andes.cl')).toEqual([[ids.andes, 'contactEmail']]);
    const contactId = json(added).id as string;
    const changed = await call('PATCH /v1/clients/{clientId}/contacts/{contactId}', admin, {
      pathParameters: { clientId: ids.andes!, contactId },
      body: { email: 'pagos@andes.cl' },
      headers: { 'if-match': '"1"' },
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(await found(admin, 'cobranzas')).toEqual([]);
    expect(await found(admin, 'pagos@')).toEqual([[ids.andes, 'contactEmail']]);
    // The collector sees the client, so they find it by its contact too.
    expect(await found(collector, 'pagos')).toEqual([[ids.andes, 'contactEmail']]);
    const removed = await call('DELETE /v1/clients/{clientId}/contacts/{contactId}', admin, {
      pathParameters: { clientId: ids.andes!, contactId },
      headers: { 'if-match': '"2"' },
    });
    expect(removed.statusCode, removed.body).toBe(204);
    expect(await found(admin, 'pagos')).toEqual([]);
  });
});

describe('quick search after changes', () => {
  it('forgets the old words and finds the new ones after a rename, a new phone, a deactivation and a restore', async () => {
    const id = (await create({ personType: 'natural', firstName: 'Rosa', firstSurname: 'Quintana', email: 'rosa@q.cl', phone: '+56 2 2111 2222' })).id;
    expect(await found(admin, 'quintana')).toEqual([[id, 'name']]);
    await patch(id, { firstSurname: 'Quiroga', phone: '+56 2 2333 4444' });
    expect(await found(admin, 'quintana')).toEqual([]);
    expect(await found(admin, '221112222')).toEqual([]);
    expect(await found(admin, 'quiroga')).toEqual([[id, 'name']]);
    expect(await found(admin, '223334444')).toEqual([[id, 'phone']]);
    const current = await call('GET /v1/clients/{clientId}', admin, { pathParameters: { clientId: id } });
    const off = await call('DELETE /v1/clients/{clientId}', admin, {
      pathParameters: { clientId: id },
      headers: { 'if-match': current.headers!.etag as string },
    });
    expect(off.statusCode).toBe(200);
    expect(await found(admin, 'quiroga')).toEqual([]);
    expect(await found(admin, 'quiroga', { status: 'inactive' })).toEqual([[id, 'name']]);
    expect(await found(admin, 'quiroga', { status: 'all' })).toEqual([[id, 'name']]);
    const back = await call('POST /v1/clients/{clientId}/restore', admin, {
      pathParameters: { clientId: id },
      headers: { 'if-match': off.headers!.etag as string },
    });
    expect(back.statusCode).toBe(200);
    expect(await found(admin, 'quiroga')).toEqual([[id, 'name']]);
  });
});

describe('quick search paging and scope', () => {
  it('pages by a sealed cursor through every match once, a client matching by several words included', async () => {
    const { admin: own } = await newTenant(deps);
    const made: string[] = [];
    for (let i = 0; i < 11; i++) {
      // "Mundo Muñoz" matches "mu" twice, "Marta Muñoz Muñoz" by the same surname twice.
      const names =
        i % 3 === 0
          ? { firstName: 'Mundo', firstSurname: 'Muñoz' }
          : i % 3 === 1
            ? { firstName: 'Marta', firstSurname: 'Muñoz', secondSurname: 'Muñoz' }
            : { firstName: 'Luis', firstSurname: 'Muñoz' };
      made.push((await create({ personType: 'natural', ...names, email: `mu${i}@p.cl` }, own)).id);
    }
    await create({ personType: 'natural', firstName: 'Luis', firstSurname: 'Soto', email: 'soto@p.cl' }, own);
    const pages: SearchPage[] = [];
    let cursor: string | undefined;
    do {
      const page = await searchPage(own, { q: 'mu', limit: '4', ...(cursor ? { cursor } : {}) });
      expect(page.items.length).toBeLessThanOrEqual(4);
      pages.push(page);
      cursor = page.cursor;
    } while (cursor && pages.length < 20);
    const ids = pages.flatMap((p) => p.items.map((h) => h.client.id));
    expect(ids.sort()).toEqual(made.sort());
    expect(pages[0]!.cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(() => JSON.parse(Buffer.from(pages[0]!.cursor!, 'base64url').toString())).toThrow();
    // The cursor is bound to its query: another query with it is refused.
    const other = await call('GET /v1/clients/search', own, { query: { q: 'mun', limit: '4', cursor: pages[0]!.cursor! } });
    expect(other.statusCode).toBe(400);
    expect(json(other).errors[0]).toMatchObject({ pointer: '/query/cursor', code: 'invalid_cursor' });
  });

  it('finds only the clients each access level may see, and follows a change of seller', async () => {
    expect(await foundIds(seller, 'munoz')).toEqual([ids.ana]);
    expect(await foundIds(collector, 'munoz')).toEqual([]);
    expect(await foundIds(collector, 'andes')).toEqual([ids.andes]);
    expect(await foundIds(branchUser, 'munoz')).toEqual([ids.ana]);
    expect(await foundIds(branchUser, '987654')).toEqual([ids.ana]);
    expect(await foundIds(deptUser, 'munoz')).toEqual([ids.ana]);
    expect(await foundIds(deptUser, 'andes')).toEqual([]);
    // Exact matches outside the scope stay hidden too.
    expect(await foundIds(collector, 'ana.mf@correo.cl')).toEqual([]);
    expect(await foundIds(collector, '13.456.783-K')).toEqual([]);

    const other = await newUser(deps, admin.tenantId, { accessLevel: 4, departmentId: 'd2' });
    const id = (await create({ personType: 'other', name: 'Traspaso Uno', email: 'traspaso@t.cl', sellerId: seller.id })).id;
    expect(await foundIds(seller, 'traspaso')).toEqual([id]);
    await patch(id, { sellerId: other.id });
    expect(await foundIds(seller, 'traspaso')).toEqual([]);
    expect(await foundIds(deptUser, 'traspaso')).toEqual([]);
    expect(await foundIds(other, 'traspaso')).toEqual([id]);
  });
});
