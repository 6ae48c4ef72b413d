import { beforeAll, describe, expect, it } from 'vitest';
import { callRoute } from '../support/api.ts';
import { json, type TestUser } from '../support/http.ts';
import { newTenant, newUser, testDeps } from '../support/tenants.ts';

/**
 * Client rules real businesses need (issue 8), through the HTTP API on DynamoDB Local: clients without
 * an e-mail, plain-string tax ids, PATCHes that change nothing, the forms of If-Match, and the mass
 * update's dry run and `all`.
 */
/** Through whichever catalogued function serves the route (clients-api, workspace-api), as API Gateway would. */
const call = (routeKey: string, as: TestUser, extra: Omit<Parameters<typeof callRoute>[0], 'routeKey' | 'as'> = {}) => callRoute({ routeKey, as, ...extra });

const deps = testDeps();
let admin: TestUser;
let other: TestUser;
beforeAll(async () => {
  ({ admin } = await newTenant(deps));
  ({ admin: other } = await newTenant(deps));
});

const createClient = async (body: Record<string, unknown>, as = admin) => {
  const res = await call('POST /v1/clients', as, { body });
  expect(res.statusCode, res.body).toBe(201);
  return json(res) as { id: string; version: number; email?: string; taxId?: Record<string, unknown> };
};
const patchClient = (id: string, body: Record<string, unknown>, ifMatch: string, as = admin, headers: Record<string, string> = {}) =>
  call('PATCH /v1/clients/{clientId}', as, { pathParameters: { clientId: id }, body, headers: { 'if-match': ifMatch, ...headers } });
const historyOf = async (id: string, as = admin) =>
  json(await call('GET /v1/clients/{clientId}/history', as, { pathParameters: { clientId: id }, query: { limit: '100' } })).items as Array<{
    version: number;
    changes: unknown[];
  }>;

describe('clients without an e-mail', () => {
  it('are created, listed, searched, shown and routed to nobody (no_recipient)', async () => {
    const { admin: own } = await newTenant(deps);
    const one = await createClient({ personType: 'legal', legalName: 'Almacén Sin Correo' }, own);
    const two = await createClient({ personType: 'legal', legalName: 'Bazar Sin Correo' }, own);
    expect(one).not.toHaveProperty('email');
    const listed = json(await call('GET /v1/clients', own, { query: { limit: '10' } }));
    expect(listed.items.map((c: { id: string }) => c.id)).toEqual([one.id, two.id]);
    const found = json(await call('GET /v1/clients/search', own, { query: { q: 'bazar' } }));
    expect(found.items.map((h: { client: { id: string } }) => h.client.id)).toEqual([two.id]);
    expect((await call('GET /v1/clients/{clientId}/overview', own, { pathParameters: { clientId: one.id } })).statusCode).toBe(200);
    const routing = json(await call('GET /v1/clients/{clientId}/recipients', own, { pathParameters: { clientId: one.id } }));
    expect(routing.items).toEqual(
      ['invoices', 'payments', 'reminders', 'notices'].map((kind) => ({ kind, sends: false, reason: 'no_recipient', recipients: [] })),
    );
  });

  it('trims the e-mail that is given, and refuses one another client holds, naming it', async () => {
    const { admin: own } = await newTenant(deps);
    const first = await createClient({ personType: 'other', name: 'Con Espacios', email: '  Ventas@Espacios.TEST  ' }, own);
    expect(first.email).toBe('ventas@espacios.test');
    const taken = await call('POST /v1/clients', own, { body: { personType: 'other', name: 'Otro', email: 'ventas@espacios.test ' } });
    expect(taken.statusCode).toBe(409);
    expect(json(taken)).toMatchObject({ code: 'conflict', field: 'email', existingId: first.id });
  });

  it('lose the e-mail with `email: null`, which frees it; of ten clients adding it at once exactly one gets it', async () => {
    const { admin: own } = await newTenant(deps);
    const holder = await createClient({ personType: 'other', name: 'Titular', email: 'compartido@reglas.test' }, own);
    const released = await patchClient(holder.id, { email: null }, '"1"', own);
    expect(released.statusCode, released.body).toBe(200);
    expect(json(released)).not.toHaveProperty('email');
    expect(released.headers.etag).toBe('"2"');
    expect((await historyOf(holder.id, own))[0]).toMatchObject({ version: 2, changes: [{ field: 'email', from: 'compartido@reglas.test' }] });

    const bare = await Promise.all(Array.from({ length: 10 }, (_, i) => createClient({ personType: 'other', name: `Sin Correo ${i}` }, own)));
    const results = await Promise.all(bare.map((c) => patchClient(c.id, { email: 'COMPARTIDO@reglas.test' }, '"1"', own)));
    const winners = results.filter((r) => r.statusCode === 200);
    const losers = results.filter((r) => r.statusCode === 409);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(9);
    const winner = json(winners[0]!);
    for (const loser of losers) expect(json(loser)).toMatchObject({ code: 'conflict', field: 'email', existingId: winner.id });
    const found = json(await call('GET /v1/clients/search', own, { query: { q: 'compartido@reglas.test' } }));
    expect(found.items.map((h: { client: { id: string } }) => h.client.id)).toEqual([winner.id]);
    // The one that lost still has no e-mail and its version: nothing of the refused write landed.
    const loserId = bare.find((c) => c.id !== winner.id)!.id;
    const stored = json(await call('GET /v1/clients/{clientId}', own, { pathParameters: { clientId: loserId } }));
    expect(stored).toMatchObject({ version: 1 });
    expect(stored).not.toHaveProperty('email');
    // The first holder cannot take it back while the winner holds it.
    expect((await patchClient(holder.id, { email: 'compartido@reglas.test' }, '"2"', own)).statusCode).toBe(409);
  });
});

describe('a tax id as a plain string', () => {
  it("is read in the tenant's scheme (RUT in Chile) and unique against the object form", async () => {
    const { admin: own } = await newTenant(deps);
    const client = await createClient({ personType: 'natural', firstName: 'Ana', firstSurname: 'Soto', taxId: '13.456.783-K' }, own);
    expect(client.taxId).toEqual({ scheme: 'CL_RUT', value: '13456783-K', holder: 'person', formatted: '13.456.783-K' });
    const again = await call('POST /v1/clients', own, { body: { personType: 'other', name: 'Copia', taxId: { scheme: 'CL_RUT', value: '13456783k' } } });
    expect(again.statusCode).toBe(409);
    expect(json(again)).toMatchObject({ field: 'taxId', existingId: client.id });
  });

  it('is refused at /body/taxId with the digit that fits, in Spanish and English', async () => {
    const body = { personType: 'other', name: 'Rut Malo', taxId: '13.456.783-1' };
    const es = await call('POST /v1/clients', admin, { body });
    expect(es.statusCode).toBe(400);
    expect(json(es).errors).toEqual([
      expect.objectContaining({ pointer: '/body/taxId', code: 'check_digit', message: expect.stringContaining('debería ser K') }),
    ]);
    const en = await call('POST /v1/clients', admin, { body, headers: { 'accept-language': 'en' } });
    expect(json(en).errors[0].message).toContain('it should be K');
  });

  it('keeps the object form and its pointer at /body/taxId/value', async () => {
    const res = await call('POST /v1/clients', admin, {
      body: { personType: 'other', name: 'Objeto Malo', taxId: { scheme: 'CL_RUT', value: '12.345.678-4' } },
    });
    expect(json(res).errors).toEqual([expect.objectContaining({ pointer: '/body/taxId/value', code: 'check_digit' })]);
  });

  it('is refused with a clear 400 for a tenant whose country has no scheme, which still takes { scheme, value }', async () => {
    const { admin: abroad } = await newTenant(deps, { country: 'other' });
    const res = await call('POST /v1/clients', abroad, { body: { personType: 'other', name: 'Extranjera', taxId: 'DE 123/456' } });
    expect(res.statusCode).toBe(400);
    expect(json(res).errors).toEqual([
      expect.objectContaining({ pointer: '/body/taxId', code: 'tax_id_scheme_required', message: expect.stringContaining('"scheme"') }),
    ]);
    expect(json(res).detail).toContain('envíalo como objeto');
    const ok = await createClient({ personType: 'other', name: 'Extranjera', taxId: { scheme: 'OTHER', value: 'DE 123/456' } }, abroad);
    expect(ok.taxId).toMatchObject({ scheme: 'OTHER', value: 'DE 123/456' });
  });
});

describe('a PATCH that changes nothing', () => {
  it('answers 200 with the same ETag, writes no version and no history, on every versioned PATCH route', async () => {
    const { admin: own } = await newTenant(deps);
    const client = await createClient({ personType: 'other', name: 'Quieta', email: 'quieta@reglas.test', city: 'Talca' }, own);
    const contact = json(
      await call('POST /v1/clients/{clientId}/contacts', own, {
        pathParameters: { clientId: client.id },
        body: { type: 'billing', name: 'Paula', email: 'paula@reglas.test' },
      }),
    );
    const category = json(await call('POST /v1/client-categories', own, { body: { name: 'Fija', color: '#112233' } }));
    const zone = json(await call('POST /v1/zones', own, { body: { name: 'Fija' } }));
    const branch = json(await callRoute({ routeKey: 'POST /v1/branches', as: own, body: { name: 'Sucursal Fija' } }));
    const department = json(await callRoute({ routeKey: 'POST /v1/departments', as: own, body: { name: 'Depto Fijo' } }));
    const user = json(await callRoute({ routeKey: 'POST /v1/users', as: own, body: { email: 'fijo@reglas.test', name: 'Fijo', accessLevel: 1 } }));
    const tenant = json(await callRoute({ routeKey: 'GET /v1/tenant', as: own }));
    // Each PATCH route, its path, a body that says what the record says, and how to read the record (and its history) back.
    const reads = (routeKey: string, pathParameters: Record<string, string>) => async () => (await callRoute({ routeKey, as: own, pathParameters })).body;
    const clientAndHistory = async () => [await reads('GET /v1/clients/{clientId}', { clientId: client.id })(), await historyOf(client.id, own)];
    const cases: Array<[string, Record<string, string>, Record<string, unknown>, () => Promise<unknown>]> = [
      ['PATCH /v1/clients/{clientId}', { clientId: client.id }, { name: 'Quieta', city: 'Talca', email: 'QUIETA@reglas.test' }, clientAndHistory],
      [
        'PATCH /v1/clients/{clientId}/contacts/{contactId}',
        { clientId: client.id, contactId: contact.id },
        { name: 'Paula', receives: ['invoices', 'payments'] },
        async () => [await reads('GET /v1/clients/{clientId}/contacts', { clientId: client.id })(), await historyOf(client.id, own)],
      ],
      [
        'PATCH /v1/client-categories/{categoryId}',
        { categoryId: category.id },
        { name: 'Fija', color: '#112233' },
        reads('GET /v1/client-categories/{categoryId}', { categoryId: category.id }),
      ],
      ['PATCH /v1/zones/{zoneId}', { zoneId: zone.id }, { name: 'Fija' }, reads('GET /v1/zones/{zoneId}', { zoneId: zone.id })],
      ['PATCH /v1/branches/{branchId}', { branchId: branch.id }, { name: 'Sucursal Fija' }, reads('GET /v1/branches/{branchId}', { branchId: branch.id })],
      [
        'PATCH /v1/departments/{departmentId}',
        { departmentId: department.id },
        { name: 'Depto Fijo' },
        reads('GET /v1/departments/{departmentId}', { departmentId: department.id }),
      ],
      ['PATCH /v1/users/{userId}', { userId: user.id }, { name: 'Fijo', accessLevel: 1 }, reads('GET /v1/users/{userId}', { userId: user.id })],
      ['PATCH /v1/tenant', {}, { name: tenant.name, country: tenant.country }, reads('GET /v1/tenant', {})],
    ];
    for (const [routeKey, pathParameters, body, readBack] of cases) {
      const before = await readBack();
      const res = await callRoute({ routeKey, as: own, pathParameters, body, headers: { 'if-match': '"1"' } });
      expect(res.statusCode, `${routeKey}: ${res.body}`).toBe(200);
      expect(res.headers?.etag, routeKey).toBe('"1"');
      expect(json(res).version, routeKey).toBe(1);
      expect(await readBack(), routeKey).toEqual(before);
    }
    // And a PATCH that does change something still moves the version: the check is not vacuous.
    const changed = await callRoute({
      routeKey: 'PATCH /v1/zones/{zoneId}',
      as: own,
      pathParameters: { zoneId: zone.id },
      body: { name: 'Movida' },
      headers: { 'if-match': '"1"' },
    });
    expect(changed.headers?.etag).toBe('"2"');
  });
});

describe('If-Match', () => {
  it('accepts "n", n and W/"n"; a tag we never issued is a 412, a malformed one a 400 naming the header', async () => {
    const client = await createClient({ personType: 'other', name: 'Etiquetas' });
    let version = 1;
    for (const form of [(n: number) => `"${n}"`, (n: number) => `${n}`, (n: number) => `W/"${n}"`]) {
      const res = await patchClient(client.id, { phone: `${version}` }, form(version));
      expect(res.statusCode, form(version)).toBe(200);
      version += 1;
      expect(res.headers.etag).toBe(`"${version}"`);
    }
    expect((await patchClient(client.id, { phone: 'x' }, '"abc"')).statusCode).toBe(412);
    for (const bad of ['abc', '"1", "2"', '', 'W/3']) {
      const res = await patchClient(client.id, { phone: 'x' }, bad, admin, { 'accept-language': 'es' });
      expect(res.statusCode, bad).toBe(400);
      expect(json(res).errors, bad).toEqual([
        expect.objectContaining({ pointer: '/header/if-match', code: 'invalid_if_match', message: expect.stringContaining('ETag') }),
      ]);
    }
    expect(json(await call('GET /v1/clients/{clientId}', admin, { pathParameters: { clientId: client.id } })).version).toBe(version);
  });

  it("takes * as whatever version is current, and still answers 404 for a record that is not there or not the caller's", async () => {
    const client = await createClient({ personType: 'other', name: 'Comodín' });
    await patchClient(client.id, { phone: '1' }, '"1"');
    const res = await patchClient(client.id, { phone: '2' }, '*');
    expect(res.statusCode).toBe(200);
    expect(res.headers.etag).toBe('"3"');
    expect((await patchClient('01JNOSUCHCLIENT0000000000', { phone: '2' }, '*')).statusCode).toBe(404);
    expect((await patchClient(client.id, { phone: '9' }, '*', other)).statusCode).toBe(404);
    const clerk = await newUser(deps, admin.tenantId, { accessLevel: 4 });
    expect((await patchClient(client.id, { phone: '9' }, '*', clerk)).statusCode).toBe(404);
    const gone = await call('DELETE /v1/clients/{clientId}', admin, { pathParameters: { clientId: client.id }, headers: { 'if-match': '*' } });
    expect(json(gone)).toMatchObject({ status: 'inactive', version: 4 });
    const zone = json(await call('POST /v1/zones', admin, { body: { name: 'Comodín' } }));
    expect((await call('DELETE /v1/zones/{zoneId}', admin, { pathParameters: { zoneId: zone.id }, headers: { 'if-match': '*' } })).statusCode).toBe(204);
    expect((await call('DELETE /v1/zones/{zoneId}', admin, { pathParameters: { zoneId: zone.id }, headers: { 'if-match': '*' } })).statusCode).toBe(404);
  });

  it('loses nothing when several * changes race: each answer is 200 or 412, and every 200 is one version and one history entry', async () => {
    const client = await createClient({ personType: 'other', name: 'Carrera' });
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => patchClient(client.id, { phone: `+56 9 0000 000${i}` }, '*')));
    for (const r of results) expect([200, 412], r.body).toContain(r.statusCode);
    const applied = results.filter((r) => r.statusCode === 200);
    expect(applied.length).toBeGreaterThan(0);
    const stored = json(await call('GET /v1/clients/{clientId}', admin, { pathParameters: { clientId: client.id } }));
    expect(stored.version).toBe(1 + applied.length);
    expect(new Set(applied.map((r) => r.headers.etag)).size).toBe(applied.length);
    expect((await historyOf(client.id)).map((h) => h.version).sort((a, b) => a - b)).toEqual(Array.from({ length: 1 + applied.length }, (_, i) => i + 1));
  });
});

describe('mass update: dry run and all', () => {
  it('previews the clients a filter reaches and what would change for each, and writes nothing', async () => {
    const { admin: own } = await newTenant(deps);
    const category = json(await call('POST /v1/client-categories', own, { body: { name: 'Previa', color: '#445566' } }));
    const a = await createClient({ personType: 'other', name: 'Previa A', categoryId: category.id, paymentTermsDays: 30 }, own);
    const b = await createClient({ personType: 'other', name: 'Previa B', categoryId: category.id }, own);
    await createClient({ personType: 'other', name: 'Fuera' }, own);
    const body = { filter: { categoryId: category.id }, patch: { paymentTermsDays: 30, collectionsEnabled: false } };
    const preview = await call('POST /v1/clients/mass-update', own, { body: { ...body, dryRun: true } });
    expect(preview.statusCode, preview.body).toBe(200);
    expect(json(preview)).toEqual({
      dryRun: true,
      total: 2,
      counts: { updated: 2, unchanged: 0, not_found: 0, failed: 0 },
      failures: [],
      clients: [
        { clientId: a.id, displayName: 'Previa A', version: 1, changes: [{ field: 'collectionsEnabled', from: true, to: false }] },
        {
          clientId: b.id,
          displayName: 'Previa B',
          version: 1,
          changes: [
            { field: 'collectionsEnabled', from: true, to: false },
            { field: 'paymentTermsDays', to: 30 },
          ],
        },
      ],
    });
    for (const id of [a.id, b.id]) {
      expect(json(await call('GET /v1/clients/{clientId}', own, { pathParameters: { clientId: id } })).version).toBe(1);
      expect(await historyOf(id, own)).toHaveLength(1);
    }
    const real = json(await call('POST /v1/clients/mass-update', own, { body }));
    expect(real.counts).toEqual({ updated: 2, unchanged: 0, not_found: 0, failed: 0 });
  });

  it("shows a level-4 user only their own clients, and another tenant's ids as not found", async () => {
    const { admin: own } = await newTenant(deps);
    const seller = await newUser(deps, own.tenantId, { accessLevel: 4, permissions: ['clients.mass_update'] });
    const mine = await createClient({ personType: 'other', name: 'Mía', sellerId: seller.id }, own);
    const notMine = await createClient({ personType: 'other', name: 'Ajena' }, own);
    const foreign = await createClient({ personType: 'other', name: 'Extranjera' }, other);
    const byFilter = json(
      await call('POST /v1/clients/mass-update', seller, { body: { filter: {}, all: true, dryRun: true, patch: { paymentTermsDays: 10 } } }),
    );
    expect(byFilter.clients.map((c: { clientId: string }) => c.clientId)).toEqual([mine.id]);
    const byIds = json(
      await call('POST /v1/clients/mass-update', seller, {
        body: { clientIds: [mine.id, notMine.id, foreign.id], dryRun: true, patch: { paymentTermsDays: 10 } },
      }),
    );
    expect(byIds.clients.map((c: { clientId: string }) => c.clientId)).toEqual([mine.id]);
    expect(byIds.failures.map((f: { clientId: string; outcome: string }) => [f.clientId, f.outcome])).toEqual([
      [notMine.id, 'not_found'],
      [foreign.id, 'not_found'],
    ]);
    expect(JSON.stringify(byIds)).not.toContain('Ajena');
    expect(JSON.stringify(byIds)).not.toContain('Extranjera');
    const clerk = await newUser(deps, own.tenantId, { accessLevel: 4 });
    expect(
      (await call('POST /v1/clients/mass-update', clerk, { body: { clientIds: [mine.id], dryRun: true, patch: { paymentTermsDays: 10 } } })).statusCode,
    ).toBe(403);
  });

  it('refuses a filter that selects everything without all: true, in Spanish and English, and all without a filter', async () => {
    const body = { filter: { status: 'all' }, patch: { paymentTermsDays: 10 } };
    for (const dryRun of [false, true]) {
      const es = await call('POST /v1/clients/mass-update', admin, { body: { ...body, dryRun } });
      expect(es.statusCode).toBe(400);
      expect(json(es)).toMatchObject({
        code: 'validation_failed',
        errors: [{ pointer: '/body/filter', code: 'all_required', message: expect.stringContaining('"all": true') }],
      });
      const en = await call('POST /v1/clients/mass-update', admin, { body: { ...body, dryRun }, headers: { 'accept-language': 'en' } });
      expect(json(en).errors[0].message).toContain('reaches every client you can see');
    }
    const stray = await call('POST /v1/clients/mass-update', admin, { body: { clientIds: ['x'], all: true, patch: { paymentTermsDays: 10 } } });
    expect(json(stray).errors).toEqual([expect.objectContaining({ pointer: '/body/all', code: 'all_without_filter' })]);
  });
});
