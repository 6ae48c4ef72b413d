import { beforeAll, describe, expect, it } from 'vitest';
import { contextOf, httpEvent, json, type TestUser } from '../support/http.ts';
import { newTenant, newUser, testDeps } from '../support/tenants.ts';

/**
 * How client lists read names and places (issue 8, "Finding clients"): city and region filters ignore
 * case and accents, natural persons are listed by surname, companies show their trade name, and tax
 * ids come formatted the local way beside the canonical value.
 */
const { handler } = await import('../../functions/http/clients-api.handler.ts');
const call = (routeKey: string, as: TestUser, extra: Omit<Parameters<typeof httpEvent>[0], 'routeKey' | 'as'> = {}) =>
  handler(httpEvent({ routeKey, as, ...extra }), contextOf('clients-api'));

const deps = testDeps();
let admin: TestUser;
type Listed = { id: string; displayName: string; sortName?: string; taxId?: { value: string; formatted?: string } };

const create = async (body: Record<string, unknown>, as = admin) => {
  const res = await call('POST /v1/clients', as, { body });
  expect(res.statusCode, res.body).toBe(201);
  return json(res) as Listed;
};
async function list(query: Record<string, string>, as = admin) {
  const items: Listed[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 30; i++) {
    const res = await call('GET /v1/clients', as, { query: { limit: '3', ...query, ...(cursor ? { cursor } : {}) } });
    expect(res.statusCode, res.body).toBe(200);
    const page = json(res) as { items: Listed[]; cursor?: string };
    items.push(...page.items);
    cursor = page.cursor;
    if (!cursor) return items;
  }
  throw new Error('cursor never ended');
}

beforeAll(async () => {
  ({ admin } = await newTenant(deps));
  await create({ personType: 'natural', firstName: 'Ana', firstSurname: 'Zúñiga', email: 'ana@z.cl', city: 'Ñuñoa', region: 'Región Metropolitana' });
  await create({
    personType: 'natural',
    firstName: 'Carlos',
    middleName: 'Andrés',
    firstSurname: 'Álvarez',
    secondSurname: 'Rojas',
    email: 'carlos@a.cl',
    city: 'Concepción',
    region: 'Biobío',
  });
  await create({
    personType: 'natural',
    firstName: 'Beatriz',
    firstSurname: 'Muñoz',
    secondSurname: 'Soto',
    email: 'bea@m.cl',
    city: 'ÑUÑOA',
    region: 'region metropolitana',
  });
  await create({
    personType: 'legal',
    legalName: 'Zeta Comercial SpA',
    tradeName: 'Almacén Alfa',
    email: 'alfa@z.cl',
    city: 'nunoa',
    taxId: { scheme: 'CL_RUT', value: '76.086.428-5' },
  });
  await create({ personType: 'other', name: 'Beta Servicios', email: 'beta@b.cl', city: 'Santiago', taxId: { scheme: 'AR_CUIT', value: '20123456786' } });
});

describe('client list filters on text', () => {
  it('match city and region whatever their case and accents', async () => {
    for (const city of ['Ñuñoa', 'nunoa', 'ÑUÑOA', ' ñuñoa ']) {
      expect((await list({ city: city.trim() })).map((c) => c.displayName).sort(), city).toEqual(['Ana Zúñiga', 'Almacén Alfa', 'Beatriz Muñoz Soto'].sort());
    }
    expect((await list({ city: 'concepcion' })).map((c) => c.displayName)).toEqual(['Carlos Andrés Álvarez Rojas']);
    expect((await list({ region: 'REGION METROPOLITANA' })).map((c) => c.displayName).sort()).toEqual(['Ana Zúñiga', 'Beatriz Muñoz Soto']);
    expect((await list({ region: 'biobio' })).map((c) => c.displayName)).toEqual(['Carlos Andrés Álvarez Rojas']);
  });
});

describe('names in client lists', () => {
  it('list natural persons by surname, with the surname-first name to show', async () => {
    const people = await list({ personType: 'natural' });
    expect(people.map((c) => c.sortName)).toEqual(['Álvarez Rojas, Carlos Andrés', 'Muñoz Soto, Beatriz', 'Zúñiga, Ana']);
    expect(people.map((c) => c.displayName)).toEqual(['Carlos Andrés Álvarez Rojas', 'Beatriz Muñoz Soto', 'Ana Zúñiga']);
    // A name prefix is a surname prefix for a person, accents and case ignored.
    expect((await list({ name: 'munoz' })).map((c) => c.displayName)).toEqual(['Beatriz Muñoz Soto']);
    expect((await list({ name: 'ZUNIGA A' })).map((c) => c.displayName)).toEqual(['Ana Zúñiga']);
  });

  it('show and sort a company by its trade name, and everyone together by the name they sort by', async () => {
    const all = await list({});
    expect(all.map((c) => c.sortName)).toEqual(['Almacén Alfa', 'Álvarez Rojas, Carlos Andrés', 'Beta Servicios', 'Muñoz Soto, Beatriz', 'Zúñiga, Ana']);
    expect((await list({ name: 'alma' })).map((c) => c.displayName)).toEqual(['Almacén Alfa']);
  });

  it("follow a person's surname and a company's trade name when they change", async () => {
    const { admin: own } = await newTenant(deps);
    const person = await create({ personType: 'natural', firstName: 'Eva', firstSurname: 'Aguirre', email: 'eva@e.cl' }, own);
    const company = await create({ personType: 'legal', legalName: 'Maderas del Sur Ltda', email: 'sur@m.cl' }, own);
    expect((await list({}, own)).map((c) => c.sortName)).toEqual(['Aguirre, Eva', 'Maderas del Sur Ltda']);
    const renamed = await call('PATCH /v1/clients/{clientId}', own, {
      pathParameters: { clientId: person.id },
      body: { firstSurname: 'Zamora' },
      headers: { 'if-match': '"1"' },
    });
    expect(json(renamed).sortName).toBe('Zamora, Eva');
    const branded = await call('PATCH /v1/clients/{clientId}', own, {
      pathParameters: { clientId: company.id },
      body: { tradeName: 'Barraca Sur' },
      headers: { 'if-match': '"1"' },
    });
    expect(json(branded).displayName).toBe('Barraca Sur');
    expect((await list({}, own)).map((c) => c.displayName)).toEqual(['Barraca Sur', 'Eva Zamora']);
  });
});

describe('tax ids in responses', () => {
  it('come formatted the local way beside the canonical value, in every response that carries a client', async () => {
    const { admin: own } = await newTenant(deps);
    const rut = await create({ personType: 'other', name: 'Con RUT', email: 'rut@t.cl', taxId: { scheme: 'CL_RUT', value: '13456783k' } }, own);
    expect(rut.taxId).toMatchObject({ value: '13456783-K', formatted: '13.456.783-K' });
    const nit = await create({ personType: 'other', name: 'Con NIT', email: 'nit@t.cl', taxId: { scheme: 'CO_NIT', value: '9001234568' } }, own);
    expect(nit.taxId).toMatchObject({ value: '900123456-8', formatted: '900.123.456-8' });
    const cuit = await create({ personType: 'other', name: 'Con CUIT', email: 'cuit@t.cl', taxId: { scheme: 'AR_CUIT', value: '20.12345678.6' } }, own);
    expect(cuit.taxId).toMatchObject({ value: '20-12345678-6', formatted: '20-12345678-6' });
    const got = json(await call('GET /v1/clients/{clientId}', own, { pathParameters: { clientId: rut.id } }));
    expect(got.taxId.formatted).toBe('13.456.783-K');
    const listed = await list({}, own);
    expect(listed.map((c) => c.taxId?.formatted)).toEqual(['20-12345678-6', '900.123.456-8', '13.456.783-K']);
    const searched = json(await call('GET /v1/clients/search', own, { query: { q: '13.456.783-K' } }));
    expect(searched.items[0].client.taxId.formatted).toBe('13.456.783-K');
    const overview = json(await call('GET /v1/clients/{clientId}/overview', own, { pathParameters: { clientId: rut.id } }));
    expect(overview.client.taxId.formatted).toBe('13.456.783-K');
    // A level-4 user sees the same for their own clients.
    const mine = await newUser(deps, own.tenantId, { accessLevel: 4 });
    const theirs = await create({ personType: 'other', name: 'Propio', email: 'propio@t.cl', taxId: { scheme: 'CL_RUT', value: '76.086.428-5' } }, mine);
    expect(theirs.taxId?.formatted).toBe('76.086.428-5');
  });
});
