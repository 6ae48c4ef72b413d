import { beforeAll, describe, expect, it } from 'vitest';
import { contextOf, httpEvent, json, type TestUser } from '../support/http.ts';
import { newTenant, newUser, testDeps } from '../support/tenants.ts';

const { handler } = await import('../../functions/http/clients-api.handler.ts');
const call = (routeKey: string, as: TestUser, extra: Omit<Parameters<typeof httpEvent>[0], 'routeKey' | 'as'> = {}) =>
  handler(httpEvent({ routeKey, as, ...extra }), contextOf('clients-api'));

const deps = testDeps();
let admin: TestUser;
let other: TestUser;
beforeAll(async () => {
  ({ admin } = await newTenant(deps));
  ({ admin: other } = await newTenant(deps));
});

const createClient = (body: Record<string, unknown>, as = admin) => call('POST /v1/clients', as, { body });

describe('clients over HTTP', () => {
  it('answers ten simultaneous creates with one e-mail with one 201 and nine 409s naming the client', async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => createClient({ personType: 'other', name: `Same ${i}`, email: 'SAME@client.test' })),
    );
    const created = results.filter((r) => r.statusCode === 201);
    const conflicts = results.filter((r) => r.statusCode === 409);
    expect(created).toHaveLength(1);
    expect(conflicts).toHaveLength(9);
    for (const c of conflicts) expect(json(c)).toMatchObject({ code: 'conflict', field: 'email', existingId: json(created[0]!).id });
  });

  it('answers ten simultaneous creates with one RUT in different written forms with one 201 and nine 409s naming the client', async () => {
    const { admin: own } = await newTenant(deps);
    const forms = ['12.345.678-5', '12345678-5', '123456785'];
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        createClient({ personType: 'other', name: `Rut ${i}`, email: `rut${i}@client.test`, taxId: { scheme: 'CL_RUT', value: forms[i % forms.length] } }, own),
      ),
    );
    const created = results.filter((r) => r.statusCode === 201);
    const conflicts = results.filter((r) => r.statusCode === 409);
    expect(created).toHaveLength(1);
    expect(conflicts).toHaveLength(9);
    const winner = json(created[0]!);
    expect(winner.taxId).toMatchObject({ scheme: 'CL_RUT', value: '12345678-5' });
    for (const c of conflicts) {
      expect(json(c)).toMatchObject({ code: 'conflict', field: 'taxId', existingId: winner.id, detail: expect.stringContaining(winner.id) });
    }
    const listed = json(await call('GET /v1/clients', own, { query: { limit: '100' } }));
    expect(listed.items.map((c: { id: string }) => c.id)).toEqual([winner.id]);
  });

  it('rejects an invalid RUT and missing name parts, pointing at each field', async () => {
    const result = await createClient({
      personType: 'natural',
      firstName: 'Ana',
      email: 'ana@client.test',
      taxId: { scheme: 'CL_RUT', value: '12.345.678-4' },
    });
    expect(result.statusCode).toBe(400);
    const pointers = json(result).errors.map((e: { pointer: string }) => e.pointer);
    expect(pointers).toEqual(expect.arrayContaining(['/body/taxId/value', '/body/firstSurname']));
  });

  it('flags a rename in the response (in Spanish) and records it in the history', async () => {
    const created = await createClient({ personType: 'legal', legalName: 'Comercial Uno SpA', email: 'uno@client.test' });
    const { id } = json(created);
    const renamed = await call('PATCH /v1/clients/{clientId}', admin, {
      pathParameters: { clientId: id },
      body: { legalName: 'Comercial Dos SpA' },
      headers: { 'if-match': created.headers.etag! },
    });
    expect(renamed.statusCode).toBe(200);
    expect(json(renamed).warnings).toEqual([
      expect.objectContaining({ code: 'client_renamed', from: 'Comercial Uno SpA', to: 'Comercial Dos SpA', message: expect.stringContaining('nombre') }),
    ]);
    const history = json(await call('GET /v1/clients/{clientId}/history', admin, { pathParameters: { clientId: id } }));
    expect(history.items[0]).toMatchObject({ by: admin.id, operation: 'update', version: 2 });
    expect(history.items[0].changes).toContainEqual({ field: 'legalName', from: 'Comercial Uno SpA', to: 'Comercial Dos SpA' });
  });

  it('deactivates instead of deleting, leaves default lists, and restores', async () => {
    const created = await createClient({ personType: 'other', name: 'Temporal', email: 'temporal@client.test' });
    const { id } = json(created);
    const gone = await call('DELETE /v1/clients/{clientId}', admin, { pathParameters: { clientId: id }, headers: { 'if-match': '"1"' } });
    expect(json(gone).status).toBe('inactive');
    const active = json(await call('GET /v1/clients', admin, { query: { limit: '100' } }));
    expect(active.items.map((c: { id: string }) => c.id)).not.toContain(id);
    const restored = await call('POST /v1/clients/{clientId}/restore', admin, {
      pathParameters: { clientId: id },
      headers: { 'if-match': gone.headers.etag! },
    });
    expect(json(restored).status).toBe('active');
    expect((await call('GET /v1/clients/{clientId}', admin, { pathParameters: { clientId: id } })).statusCode).toBe(200);
  });

  it('finds a client by tax id in another written form, by e-mail, by custom id and by name', async () => {
    const created = json(
      await createClient({
        personType: 'legal',
        legalName: 'Distribuidora Ñandú',
        email: 'ventas@nandu.test',
        customId: 'CLI-0042',
        taxId: { scheme: 'AR_CUIT', value: '30-71234567-1' },
      }),
    );
    for (const q of ['30712345671', 'VENTAS@nandu.test', 'cli-0042', 'distribuidora nan']) {
      const result = json(await call('GET /v1/clients/search', admin, { query: { q } }));
      expect(result.items[0], q).toMatchObject({ client: { id: created.id } });
    }
  });

  it('finds a foreign tax id (OTHER) as written in another case or spacing, and a deactivated client by exact match only', async () => {
    const { admin: own } = await newTenant(deps);
    const foreign = json(
      await createClient(
        { personType: 'legal', legalName: 'Importadora Berlin', email: 'berlin@client.test', taxId: { scheme: 'OTHER', value: 'DE 123/456' } },
        own,
      ),
    );
    const search = async (query: Record<string, string>) =>
      (json(await call('GET /v1/clients/search', own, { query })).items as Array<{ client: { id: string }; matchedBy: string }>).map((h) => [
        h.client.id,
        h.matchedBy,
      ]);
    expect(await search({ q: 'de  123/456' })).toEqual([[foreign.id, 'taxId']]);

    const gone = json(await createClient({ personType: 'other', name: 'Baja Antigua', email: 'baja@client.test' }, own));
    const off = await call('DELETE /v1/clients/{clientId}', own, { pathParameters: { clientId: gone.id }, headers: { 'if-match': '"1"' } });
    expect(off.statusCode).toBe(200);
    expect(await search({ q: 'baja@client.test' })).toEqual([[gone.id, 'email']]);
    expect(await search({ q: 'Baja Ant' })).toEqual([]);
    expect(await search({ q: 'Baja Ant', status: 'inactive' })).toEqual([[gone.id, 'name']]);
  });

  it('returns 404 for a client of another tenant, and refuses users of another tenant as seller', async () => {
    const mine = json(await createClient({ personType: 'other', name: 'Mío', email: 'mio@client.test' }));
    expect((await call('GET /v1/clients/{clientId}', other, { pathParameters: { clientId: mine.id } })).statusCode).toBe(404);
    const foreignSeller = await createClient({ personType: 'other', name: 'X', email: 'x@client.test', sellerId: admin.id }, other);
    expect(foreignSeller.statusCode).toBe(400);
    expect(json(foreignSeller).errors[0].pointer).toBe('/body/sellerId');
  });
});

describe('contacts', () => {
  it('gives a collections contact reminders and notices by default, and requires an e-mail to receive mail', async () => {
    const client = json(await createClient({ personType: 'other', name: 'Con Contactos', email: 'cc@client.test' }));
    const added = await call('POST /v1/clients/{clientId}/contacts', admin, {
      pathParameters: { clientId: client.id },
      body: { type: 'collections', name: 'Marta', email: 'marta@client.test' },
    });
    expect(json(added)).toMatchObject({ type: 'collections', receives: ['reminders', 'notices'] });
    const unreachable = await call('POST /v1/clients/{clientId}/contacts', admin, {
      pathParameters: { clientId: client.id },
      body: { type: 'billing', name: 'Sin mail', receives: ['invoices'] },
    });
    expect(unreachable.statusCode).toBe(400);
    const list = json(await call('GET /v1/clients/{clientId}/contacts', admin, { pathParameters: { clientId: client.id } }));
    expect(list.items).toHaveLength(1);
  });

  it('shows who receives each kind of message, and answers 404 for another tenant', async () => {
    const client = json(await createClient({ personType: 'other', name: 'Rutas', email: 'rutas@client.test', collectionsEnabled: false }));
    const marta = json(
      await call('POST /v1/clients/{clientId}/contacts', admin, {
        pathParameters: { clientId: client.id },
        body: { type: 'billing', name: 'Marta', email: 'marta@rutas.test' },
      }),
    );
    const routing = await call('GET /v1/clients/{clientId}/recipients', admin, { pathParameters: { clientId: client.id } });
    expect(routing.statusCode).toBe(200);
    expect(json(routing).items).toEqual([
      {
        kind: 'invoices',
        sends: true,
        recipients: [
          { email: 'rutas@client.test', source: 'client' },
          { email: 'marta@rutas.test', source: 'contact', contactId: marta.id, name: 'Marta' },
        ],
      },
      {
        kind: 'payments',
        sends: true,
        recipients: [
          { email: 'rutas@client.test', source: 'client' },
          { email: 'marta@rutas.test', source: 'contact', contactId: marta.id, name: 'Marta' },
        ],
      },
      { kind: 'reminders', sends: false, reason: 'collections_disabled', recipients: [] },
      { kind: 'notices', sends: false, reason: 'collections_disabled', recipients: [] },
    ]);
    const foreign = await call('GET /v1/clients/{clientId}/recipients', other, { pathParameters: { clientId: client.id } });
    expect(foreign.statusCode).toBe(404);
  });
});

describe('categories and zones', () => {
  it('keeps names unique regardless of case and accents, and refuses deleting one in use with the count', async () => {
    const created = await call('POST /v1/client-categories', admin, { body: { name: 'Crédito', color: '#ff0000', icon: 'star' } });
    expect(json(created)).toMatchObject({ name: 'Crédito', color: '#FF0000' });
    const duplicate = await call('POST /v1/client-categories', admin, { body: { name: 'credito', color: '#00ff00' } });
    expect(duplicate.statusCode).toBe(409);
    await createClient({ personType: 'other', name: 'En categoría', email: 'encat@client.test', categoryId: json(created).id });
    const refused = await call('DELETE /v1/client-categories/{categoryId}', admin, {
      pathParameters: { categoryId: json(created).id },
      headers: { 'if-match': '"1"' },
    });
    expect(refused.statusCode).toBe(409);
    expect(json(refused)).toMatchObject({ code: 'invalid_state', reason: 'category_in_use', name: 'Crédito', clients: { active: 1, inactive: 0 } });
    expect(json(refused).detail).toBe(
      'La categoría «Crédito» la usa 1 cliente activo; muévelo a otra categoría con una actualización masiva (POST /v1/clients/mass-update con el filtro categoryId) antes de eliminarla',
    );
    const inEnglish = await call('DELETE /v1/client-categories/{categoryId}', admin, {
      pathParameters: { categoryId: json(created).id },
      headers: { 'if-match': '"1"', 'accept-language': 'en' },
    });
    expect(json(inEnglish).detail).toBe(
      'The category "Crédito" is used by 1 active client; move it to another category with a mass update (POST /v1/clients/mass-update with the filter categoryId) before deleting it',
    );
  });

  it('lets only level 1 manage categories', async () => {
    const clerk = await newUser(deps, admin.tenantId, { accessLevel: 4 });
    expect((await call('POST /v1/client-categories', clerk, { body: { name: 'Nope', color: '#000000' } })).statusCode).toBe(403);
  });

  it('lists clients of a category and those with none', async () => {
    const { admin: own } = await newTenant(deps);
    const zone = json(await call('POST /v1/zones', own, { body: { name: 'Norte' } }));
    const category = json(await call('POST /v1/client-categories', own, { body: { name: 'Minoristas', color: '#123456' } }));
    await createClient({ personType: 'other', name: 'Minorista Norte', email: 'mn@client.test', categoryId: category.id, zoneId: zone.id }, own);
    await createClient({ personType: 'other', name: 'Minorista Sur', email: 'ms@client.test', categoryId: category.id }, own);
    const loose = json(await createClient({ personType: 'other', name: 'Mayorista Suelto', email: 'suelto@client.test' }, own));
    const stray = json(await createClient({ personType: 'other', name: 'Otro Suelto', email: 'otro@client.test', zoneId: zone.id }, own));
    const inCategory = json(await call('GET /v1/clients', own, { query: { categoryId: category.id } }));
    expect(inCategory.items.map((c: { displayName: string }) => c.displayName)).toEqual(['Minorista Norte', 'Minorista Sur']);
    const inZone = json(await call('GET /v1/clients', own, { query: { categoryId: category.id, zoneId: zone.id } }));
    expect(inZone.items.map((c: { displayName: string }) => c.displayName)).toEqual(['Minorista Norte']);
    const none = json(await call('GET /v1/clients', own, { query: { categoryId: 'none', limit: '100' } }));
    expect(none.items.map((c: { id: string }) => c.id)).toEqual([loose.id, stray.id]);
    expect(none.items.map((c: { categoryId?: string }) => c.categoryId)).toEqual([undefined, undefined]);
    expect(none.cursor).toBeUndefined();
  });
});
