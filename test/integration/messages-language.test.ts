import { beforeAll, describe, expect, it } from 'vitest';
import { findFunction } from '../../functions/catalogue.ts';
import type { HttpResult } from '../../functions/http/http-types.ts';
import { invokeFunction } from '../../scripts/local/handlers.ts';
import { callRoute } from '../support/api.ts';
import { englishIn } from '../support/english-words.ts';
import { httpEvent, json, type TestUser } from '../support/http.ts';
import { newTenant, newUser, testDeps } from '../support/tenants.ts';

/**
 * Issue 8: every problem speaks the caller's language, in our own words, naming the thing as the user
 * does and saying what to do. A table of requests that fail today's ways (business rules, schema checks,
 * HTTP conventions) is sent in Spanish (the default) and in English; the Spanish answers carry none of the
 * English words seen before (title, detail, every field message), and the English ones no Spanish.
 */
const deps = testDeps();
const EN = { 'accept-language': 'en-US,en;q=0.9' };
let admin: TestUser;
let seller: TestUser;
let andes: { id: string };
let dormant: { id: string };
let inactiveUser: TestUser;
let category: { id: string };

const send = (input: Parameters<typeof callRoute>[0]) => callRoute(input);
const post = (routeKey: string, as: TestUser, body: unknown, extra: Partial<Parameters<typeof callRoute>[0]> = {}) =>
  send({ routeKey, as, body, headers: { ...extra.headers }, ...(extra.pathParameters ? { pathParameters: extra.pathParameters } : {}) });

beforeAll(async () => {
  ({ admin } = await newTenant(deps));
  seller = await newUser(deps, admin.tenantId, { accessLevel: 4, name: 'Vendedora Uno' });
  inactiveUser = await newUser(deps, admin.tenantId, { name: 'Rosa Inactiva', status: 'inactive', email: `rosa@${admin.tenantId}.test` });
  andes = json(
    await post('POST /v1/clients', admin, {
      personType: 'legal',
      legalName: 'Comercial Andes SpA',
      email: 'pagos@andes.test',
      taxId: { scheme: 'CL_RUT', value: '76.086.428-5' },
    }),
  );
  dormant = json(await post('POST /v1/clients', admin, { personType: 'other', name: 'Bodega Dormida', email: 'bodega@dormida.test' }));
  const deactivated = await send({
    routeKey: 'DELETE /v1/clients/{clientId}',
    as: admin,
    pathParameters: { clientId: dormant.id },
    headers: { 'if-match': '"1"' },
  });
  expect(deactivated.statusCode).toBe(200);
  category = json(await post('POST /v1/client-categories', admin, { name: 'Mayorista', color: '#1A2B3C' }));
});

type Case = { name: string; status: number; code: string; request: () => Parameters<typeof callRoute>[0] };

const cases: Case[] = [
  {
    name: 'a natural person without first surname and a RUT with a wrong check digit',
    status: 400,
    code: 'validation_failed',
    request: () => ({
      routeKey: 'POST /v1/clients',
      as: admin,
      body: { personType: 'natural', firstName: 'Ana', email: 'ana@x.test', taxId: { scheme: 'CL_RUT', value: '13.456.783-1' } },
    }),
  },
  {
    name: 'a category that does not exist',
    status: 400,
    code: 'validation_failed',
    request: () => ({ routeKey: 'POST /v1/clients', as: admin, body: { personType: 'other', name: 'X', email: 'x1@x.test', categoryId: 'mayorista' } }),
  },
  {
    name: 'a deactivated seller',
    status: 400,
    code: 'validation_failed',
    request: () => ({ routeKey: 'POST /v1/clients', as: admin, body: { personType: 'other', name: 'X', email: 'x2@x.test', sellerId: inactiveUser.id } }),
  },
  {
    name: 'an e-mail another client holds',
    status: 409,
    code: 'conflict',
    request: () => ({ routeKey: 'POST /v1/clients', as: admin, body: { personType: 'other', name: 'Otra', email: 'PAGOS@andes.test' } }),
  },
  {
    name: 'an e-mail a deactivated client holds',
    status: 409,
    code: 'conflict',
    request: () => ({ routeKey: 'POST /v1/clients', as: admin, body: { personType: 'other', name: 'Otra', email: 'bodega@dormida.test' } }),
  },
  {
    name: 'a tax id another client holds',
    status: 409,
    code: 'conflict',
    request: () => ({
      routeKey: 'POST /v1/clients',
      as: admin,
      body: { personType: 'other', name: 'Otra', email: 'x3@x.test', taxId: { scheme: 'CL_RUT', value: '760864285' } },
    }),
  },
  {
    name: 'a category name already taken',
    status: 409,
    code: 'conflict',
    request: () => ({ routeKey: 'POST /v1/client-categories', as: admin, body: { name: 'MAYORISTA', color: '#000000' } }),
  },
  {
    name: 'an e-mail a deactivated user holds',
    status: 409,
    code: 'conflict',
    request: () => ({ routeKey: 'POST /v1/users', as: admin, body: { email: inactiveUser.email, name: 'Rosa', accessLevel: 4 } }),
  },
  {
    name: 'an empty body where fields are required',
    status: 400,
    code: 'validation_failed',
    request: () => ({ routeKey: 'POST /v1/users', as: admin, body: {} }),
  },
  {
    name: 'wrong types, an unknown field and values out of range',
    status: 400,
    code: 'validation_failed',
    request: () => ({ routeKey: 'POST /v1/users', as: admin, body: { email: 'no-es-mail', name: 42, accessLevel: 7, permissions: ['x'], tenantId: 't' } }),
  },
  {
    name: 'a client with a name too long, a null e-mail and bad extra e-mails',
    status: 400,
    code: 'validation_failed',
    request: () => ({
      routeKey: 'POST /v1/clients',
      as: admin,
      body: {
        personType: 'legal',
        legalName: 'x'.repeat(201),
        email: null,
        notifyEmails: ['bad'],
        paymentTermsDays: 400,
        collectionsEnabled: 'yes',
        tradeName: 'T',
        firstName: 'F',
      },
    }),
  },
  {
    name: 'a colour and a time zone in the wrong format',
    status: 400,
    code: 'validation_failed',
    request: () => ({
      routeKey: 'PATCH /v1/tenant',
      as: admin,
      body: { timeZone: 'Marte/Base', currency: 'EUR', mailHour: 2.5 },
      headers: { 'if-match': '"1"' },
    }),
  },
  {
    name: 'query parameters out of range and unknown',
    status: 400,
    code: 'validation_failed',
    request: () => ({ routeKey: 'GET /v1/clients', as: admin, query: { limit: 'abc', debug: '1', status: 'todos' } }),
  },
  {
    name: 'a path id with characters ids never have',
    status: 400,
    code: 'validation_failed',
    request: () => ({ routeKey: 'GET /v1/clients/{clientId}', as: admin, pathParameters: { clientId: 'a b' } }),
  },
  {
    name: 'a client that does not exist',
    status: 404,
    code: 'not_found',
    request: () => ({ routeKey: 'GET /v1/clients/{clientId}', as: admin, pathParameters: { clientId: '01JNOPE' } }),
  },
  {
    name: 'a stale version',
    status: 412,
    code: 'version_mismatch',
    request: () => ({
      routeKey: 'PATCH /v1/clients/{clientId}',
      as: admin,
      pathParameters: { clientId: andes.id },
      body: { city: 'Talca' },
      headers: { 'if-match': '"99"' },
    }),
  },
  {
    name: 'an If-Match that is not an ETag',
    status: 400,
    code: 'validation_failed',
    request: () => ({
      routeKey: 'PATCH /v1/clients/{clientId}',
      as: admin,
      pathParameters: { clientId: andes.id },
      body: { city: 'Talca' },
      headers: { 'if-match': 'version 3' },
    }),
  },
  {
    name: 'a plain tax id with a wrong check digit',
    status: 400,
    code: 'validation_failed',
    request: () => ({ routeKey: 'POST /v1/clients', as: admin, body: { personType: 'other', name: 'Rut Plano', taxId: '13.456.783-1' } }),
  },
  {
    name: 'a mass update whose filter selects everything, without all',
    status: 400,
    code: 'validation_failed',
    request: () => ({ routeKey: 'POST /v1/clients/mass-update', as: admin, body: { filter: {}, dryRun: true, patch: { paymentTermsDays: 10 } } }),
  },
  {
    name: 'no If-Match',
    status: 428,
    code: 'precondition_required',
    request: () => ({ routeKey: 'PATCH /v1/clients/{clientId}', as: admin, pathParameters: { clientId: andes.id }, body: { city: 'Talca' } }),
  },
  {
    name: 'a level-4 user on a company-level route',
    status: 403,
    code: 'forbidden',
    request: () => ({ routeKey: 'POST /v1/client-categories', as: seller, body: { name: 'Nueva', color: '#000000' } }),
  },
  {
    name: 'a missing permission',
    status: 403,
    code: 'forbidden',
    request: () => ({ routeKey: 'POST /v1/clients/mass-update', as: seller, body: { clientIds: [andes.id], patch: { collectionsEnabled: false } } }),
  },
  { name: 'malformed JSON', status: 400, code: 'malformed_json', request: () => ({ routeKey: 'POST /v1/clients', as: admin, rawBody: '{"name": "Ana",}' }) },
  {
    name: 'a body that is not JSON',
    status: 415,
    code: 'unsupported_media_type',
    request: () => ({ routeKey: 'POST /v1/clients', as: admin, rawBody: 'name=Ana', headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
  },
  { name: 'a body where none is taken', status: 400, code: 'validation_failed', request: () => ({ routeKey: 'GET /v1/tenant', as: admin, body: { x: 1 } }) },
  {
    name: 'a forged cursor',
    status: 400,
    code: 'validation_failed',
    request: () => ({ routeKey: 'GET /v1/clients', as: admin, query: { cursor: 'not-a-cursor' } }),
  },
  {
    name: 'an Idempotency-Key that is not printable ASCII',
    status: 400,
    code: 'validation_failed',
    request: () => ({ routeKey: 'POST /v1/client-categories', as: admin, body: { name: 'Z', color: '#000000' }, headers: { 'idempotency-key': 'clé-ñ' } }),
  },
  { name: 'no token', status: 401, code: 'unauthenticated', request: () => ({ routeKey: 'GET /v1/tenant' }) },
  {
    name: 'a mass update that changes nothing and names no clients',
    status: 400,
    code: 'validation_failed',
    request: () => ({ routeKey: 'POST /v1/clients/mass-update', as: admin, body: { patch: {} } }),
  },
  {
    name: 'a reassignment to the same agent',
    status: 400,
    code: 'validation_failed',
    request: () => ({ routeKey: 'POST /v1/agents/reassign', as: admin, body: { moves: { [seller.id]: seller.id } } }),
  },
  {
    name: 'a contact that receives messages without an e-mail',
    status: 400,
    code: 'validation_failed',
    request: () => ({
      routeKey: 'POST /v1/clients/{clientId}/contacts',
      as: admin,
      pathParameters: { clientId: andes.id },
      body: { type: 'billing', name: 'Pagos', receives: ['invoices'] },
    }),
  },
  {
    name: 'a category still used by a client',
    status: 409,
    code: 'invalid_state',
    request: () => ({
      routeKey: 'DELETE /v1/client-categories/{categoryId}',
      as: admin,
      pathParameters: { categoryId: category.id },
      headers: { 'if-match': '"1"' },
    }),
  },
  {
    name: 'an administrator deactivating themselves',
    status: 409,
    code: 'invalid_state',
    request: () => ({ routeKey: 'DELETE /v1/users/{userId}', as: admin, pathParameters: { userId: admin.id }, headers: { 'if-match': '"1"' } }),
  },
];

/** Title, detail and every field message of a problem: the text a person reads. */
const texts = (problem: { title: string; detail: string; errors?: Array<{ message: string }> }) => [
  problem.title,
  problem.detail,
  ...(problem.errors ?? []).map((e) => e.message),
];

/** Spanish letters and quotes, outside "quoted" user values: an English answer has none. */
const spanishIn = (text: string) => text.replace(/"[^"]*"/g, '""').match(/[áéíóúñ¿¡«»]|\b(?:existe|debe|falta|elige|usa|revisa)\b/giu) ?? [];

describe("problems in the caller's language", () => {
  beforeAll(async () => {
    // The category in use: a client in it.
    const used = await post('POST /v1/clients', admin, { personType: 'other', name: 'Con Categoría', email: 'cat@x.test', categoryId: category.id });
    expect(used.statusCode).toBe(201);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s: Spanish by default, English on request, each in its own words', async (_name, c) => {
    const es = await send(c.request());
    const request = c.request();
    const en = await send({ ...request, headers: { ...request.headers, ...EN } });
    for (const [result, lang] of [
      [es, 'es'],
      [en, 'en'],
    ] as const) {
      expect(result.statusCode, `${lang} ${result.body}`).toBe(c.status);
      expect(result.headers?.['content-language']).toBe(lang);
      expect(json(result).code).toBe(c.code);
    }
    for (const text of texts(json(es))) expect(englishIn(text), `Spanish: ${text}`).toEqual([]);
    for (const text of texts(json(en))) expect(spanishIn(text), `English: ${text}`).toEqual([]);
    expect(json(es).detail).not.toBe(json(en).detail);
  });

  it('names the rule and the fix: the check digit that fits, the missing surname, the unknown category', async () => {
    const [names] = cases;
    const problem = json(await send(names!.request()));
    expect(problem.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          pointer: '/body/firstSurname',
          code: 'invalid_name',
          message: 'Falta el primer apellido: es obligatorio para personas naturales',
        }),
        expect.objectContaining({
          pointer: '/body/taxId/value',
          code: 'check_digit',
          message: 'El dígito verificador del RUT no corresponde (debería ser K); revisa que el número esté bien escrito',
        }),
      ]),
    );
    const unknown = json(await send(cases[1]!.request()));
    expect(unknown.errors).toEqual([
      expect.objectContaining({
        pointer: '/body/categoryId',
        code: 'unknown_reference',
        message: 'No existe la categoría «mayorista»; elige una que exista (GET /v1/client-categories)',
      }),
    ]);
    expect(unknown.detail).toBe(unknown.errors[0].message);
    const inactive = json(await send(cases[2]!.request()));
    expect(inactive.errors[0].message).toBe(
      `El vendedor «Rosa Inactiva» (id ${inactiveUser.id}) está desactivado; reactívalo o elige otro (GET /v1/users?status=active)`,
    );
  });

  it('names the holder of a unique value, and how to restore it when it is deactivated', async () => {
    const taken = json(await send(cases[3]!.request()));
    expect(taken).toMatchObject({ existingId: andes.id, existingName: 'Comercial Andes SpA', existingStatus: 'active' });
    expect(taken.detail).toBe(`Ya existe un cliente con ese e-mail: «Comercial Andes SpA» (id ${andes.id}); usa otro e-mail o revisa ese cliente`);
    const restorable = json(await send(cases[4]!.request()));
    expect(restorable.detail).toBe(
      `Ya existe un cliente desactivado con ese e-mail: «Bodega Dormida» (id ${dormant.id}); ` +
        `si es el mismo, restáuralo con POST /v1/clients/${dormant.id}/restore; si no, usa otro e-mail`,
    );
    const request = cases[4]!.request();
    const inEnglish = json(await send({ ...request, headers: EN }));
    expect(inEnglish.detail).toBe(
      `A deactivated client with this e-mail already exists: "Bodega Dormida" (id ${dormant.id}); ` +
        `if it is the same one, restore it with POST /v1/clients/${dormant.id}/restore; otherwise use another e-mail`,
    );
    expect(json(await send(cases[5]!.request())).detail).toContain('Ya existe un cliente con ese RUT: «Comercial Andes SpA»');
    expect(json(await send(cases[6]!.request())).detail).toContain('Ya existe una categoría con ese nombre: «Mayorista»');
    const user = json(await send(cases[7]!.request()));
    expect(user.detail).toBe(
      `Ya existe un usuario desactivado con ese e-mail: «Rosa Inactiva» (id ${inactiveUser.id}); ` +
        `si es la misma persona, reactívalo con PATCH /v1/users/${inactiveUser.id} y status «active»; si no, usa otro e-mail`,
    );
  });

  it('withholds the name of a holder the caller may not see, and still says what to do', async () => {
    const result = await send({ routeKey: 'POST /v1/clients', as: seller, body: { personType: 'other', name: 'Mía', email: 'pagos@andes.test' } });
    expect(result.statusCode).toBe(409);
    const problem = json(result);
    expect(problem).toMatchObject({ code: 'conflict', existingId: andes.id, existingVisible: false });
    expect(problem.existingName).toBeUndefined();
    expect(problem.detail).not.toContain('Andes');
    expect(problem.detail).toBe(
      `Ya existe un cliente con ese e-mail (id ${andes.id}), pero no está entre los que puedes ver; ` +
        'usa otro e-mail o pide ayuda a un usuario con acceso a ese cliente',
    );
  });

  it('words an unknown route and the failures a mass update lists', async () => {
    const unknown = (await invokeFunction(findFunction('clients-api'), httpEvent({ routeKey: 'GET /v1/nada', as: admin }))) as HttpResult;
    expect(unknown.statusCode).toBe(404);
    expect(json(unknown).detail).toBe('No hay ninguna ruta «GET /v1/nada»; revisa el método y la dirección en la referencia (/docs)');
    const mass = await send({ routeKey: 'POST /v1/clients/mass-update', as: admin, body: { clientIds: ['01JNOPE'], patch: { collectionsEnabled: false } } });
    expect(mass.statusCode).toBe(200);
    expect(json(mass).failures).toEqual([
      { clientId: '01JNOPE', outcome: 'not_found', code: 'not_found', message: 'No existe el cliente «01JNOPE» o no está entre los clientes que puedes ver' },
    ]);
  });

  it('answers in the language Accept-Language prefers, by weight, with regional tags and exclusions', async () => {
    for (const [header, lang] of [
      ['es-CL', 'es'],
      ['en-US', 'en'],
      ['es-CL;q=0.5, en;q=0.8', 'en'],
      ['en;q=0.5, es-419;q=0.9', 'es'],
      ['es;q=0, *', 'en'],
      ['fr', 'es'],
    ] as const) {
      const result = await send({
        routeKey: 'GET /v1/clients/{clientId}',
        as: admin,
        pathParameters: { clientId: '01JNOPE' },
        headers: { 'accept-language': header },
      });
      expect(result.headers?.['content-language'], header).toBe(lang);
      expect(json(result).title, header).toBe(lang === 'es' ? 'No encontrado' : 'Not found');
    }
  });
});
