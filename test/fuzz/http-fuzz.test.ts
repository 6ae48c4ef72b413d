import fc from 'fast-check';
import type { Context } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { functionCatalogue, httpRoutes } from '../../functions/catalogue.ts';
import type { HttpEvent, HttpResult } from '../../functions/http/http-types.ts';
import type { RouteSpec } from '../../functions/http/route-spec.ts';
import { englishIn } from '../support/english-words.ts';
import { contextOf, httpEvent, type TestUser } from '../support/http.ts';
import { newTenant, testDeps } from '../support/tenants.ts';

/**
 * Generated requests against every route of every HTTP function (issue 7): valid-looking, mutated and
 * hostile parts (path, query, headers, body). Whatever arrives, the answer is never a 5xx, every error
 * is problem+json (in Spanish throughout when Spanish is asked or nothing is), and a second tenant never sees or changes the first tenant's data through ids,
 * cursors, idempotency keys or search. The run's count of requests is printed for the closing note.
 */
const RUNS_PER_ROUTE = Number(process.env.FUZZ_RUNS ?? 20);
const deps = testDeps();

const handlers = new Map<string, (event: HttpEvent, context: Context) => Promise<HttpResult>>();
const routes: Array<{ fn: string; route: RouteSpec }> = [];
for (const fn of functionCatalogue.filter((f) => f.trigger.type === 'http')) {
  handlers.set(fn.name, ((await import(`../../${fn.entry}`)) as { handler: (e: HttpEvent, c: Context) => Promise<HttpResult> }).handler);
  for (const route of httpRoutes(fn)) routes.push({ fn: fn.name, route });
}

/** The field names of an object schema, through refinements and pipes. */
function shapeKeys(schema: z.ZodType | undefined): string[] {
  let s = schema as unknown as { shape?: Record<string, unknown>; def?: { in?: unknown; schema?: unknown; innerType?: unknown } } | undefined;
  for (let i = 0; s && i < 5; i++) {
    if (s.shape) return Object.keys(s.shape);
    s = (s.def?.in ?? s.def?.schema ?? s.def?.innerType) as typeof s;
  }
  return [];
}

/** Strings people and attackers send: accents, Hangul, emoji, control and bidi characters, huge ones. */
const hostileString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    'null',
    '0',
    '-1',
    '1e309',
    'NaN',
    'true',
    '../../etc/passwd',
    '%',
    '%zz',
    '%00',
    '\u0000',
    'a\u0000b',
    '\u202eevil',
    '\ud800',
    'T#other#CLIENT',
    'none',
    '*',
    '"1"',
    "' OR 1=1 --",
    '<script>alert(1)</script>',
    'ñandú@ejemplo.cl',
    'Ölçü Çağrı',
    '13.456.783-K',
    'XAXX010101000',
  ),
  fc.integer({ min: 60, max: 5000 }).map((n) => '한'.repeat(n)),
  fc.integer({ min: 60, max: 300 }).map((n) => 'Ñ'.repeat(n)),
  fc.integer({ min: 300, max: 20_000 }).map((n) => 'x'.repeat(n)),
);
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileString },
  { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.constant(null)) },
  { weight: 1, arbitrary: fc.array(hostileString, { maxLength: 5 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

function bodyArb(route: RouteSpec): fc.Arbitrary<{ raw?: string; body?: unknown }> {
  // A route without a body mostly gets none, so the rest of the request is what is tried.
  if (!route.body)
    return fc.oneof({ weight: 6, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }).map((body) => ({ body })) });
  const keys = shapeKeys(route.body);
  const fields = keys.length
    ? fc.dictionary(fc.constantFrom(...keys, 'unknownField', '__proto__', 'constructor'), hostileValue, { maxKeys: keys.length + 2 })
    : fc.dictionary(hostileString, hostileValue, { maxKeys: 3 });
  return fc.oneof(
    { weight: 5, arbitrary: fields.map((body) => ({ body })) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((body) => ({ body })) },
    { weight: 1, arbitrary: fc.constantFrom('null', '{', '[]', '"x"', '{"a":', '\u0000', '{"__proto__":{"x":1}}').map((raw) => ({ raw })) },
  );
}

const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
/** Cursors: garbage, and forgeries that pass the outer checks to reach the inner (ElectroDB) cursor. */
const cursorArb = () =>
  fc.oneof(
    hostileString,
    fc.constant(owned.cursor),
    hostileString.map((c) => b64({ t: admin.tenantId, c })),
    fc.jsonValue({ maxDepth: 2 }).map((c) => b64({ t: admin.tenantId, c: b64(c) })),
    fc.jsonValue({ maxDepth: 2 }).map((c) => b64({ t: admin.tenantId, c: JSON.stringify({ p: c, a: c, c }) })),
  );

function queryArb(route: RouteSpec): fc.Arbitrary<Record<string, string>> {
  const keys = [...shapeKeys(route.query), 'limit', 'unknownParam'];
  const fields = fc.dictionary(fc.constantFrom(...keys), hostileString.map(String), { maxKeys: 4 });
  return fc.oneof(
    fields,
    // A cursor alone: nothing else in the query fails first, so the cursor itself is what is tried.
    cursorArb().map((cursor) => ({ cursor })),
    fc.tuple(fields, cursorArb()).map(([q, cursor]) => ({ ...q, cursor })),
  );
}

const pathNames = (route: RouteSpec) => [...route.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => name!);

const headersArb = fc.record(
  {
    'if-match': fc.option(fc.oneof(fc.constantFrom('"1"', '*', 'W/"1"', '1', '"-1"', '"99999999999999999999"'), hostileString), { nil: undefined }),
    'idempotency-key': fc.option(hostileString, { nil: undefined }),
    'accept-language': fc.option(fc.oneof(fc.constantFrom('en', 'es-CL', 'en-US,en;q=0.9', 'fr;q=0.5,en;q=0.1', '*', ';;;q='), hostileString), {
      nil: undefined,
    }),
    'content-type': fc.option(fc.constantFrom('application/json', 'text/plain', 'application/merge-patch+json', ''), { nil: undefined }),
  },
  { requiredKeys: [] },
);

let admin: TestUser;
let other: TestUser;
/** What tenant A owns, to try from tenant B: a client id, a contact id, a cursor, an idempotency key. */
const owned = { clientId: '', contactId: '', name: 'Ñandú Secreto Fuzz', cursor: '', idempotencyKey: 'fuzz-key-a' };
let sent = 0;
let serverErrors = 0;

async function send(fn: string, event: HttpEvent) {
  sent++;
  const res = await handlers.get(fn)!(event, contextOf(fn));
  if (res.statusCode! >= 500) serverErrors++;
  return res;
}

beforeAll(async () => {
  ({ admin } = await newTenant(deps));
  ({ admin: other } = await newTenant(deps));
  const created = await send(
    'clients-api',
    httpEvent({
      routeKey: 'POST /v1/clients',
      as: admin,
      headers: { 'idempotency-key': owned.idempotencyKey },
      body: { personType: 'other', name: owned.name, email: 'secreto@fuzz.test' },
    }),
  );
  owned.clientId = JSON.parse(created.body!).id;
  const contact = await send(
    'clients-api',
    httpEvent({
      routeKey: 'POST /v1/clients/{clientId}/contacts',
      as: admin,
      pathParameters: { clientId: owned.clientId },
      body: { type: 'billing', name: 'Contacto Secreto', email: 'contacto@fuzz.test' },
    }),
  );
  owned.contactId = JSON.parse(contact.body!).id;
  for (let i = 0; i < 3; i++) {
    await send(
      'clients-api',
      httpEvent({ routeKey: 'POST /v1/clients', as: admin, body: { personType: 'other', name: `Ñandú ${i}`, email: `n${i}@fuzz.test` } }),
    );
  }
  const page = await send('clients-api', httpEvent({ routeKey: 'GET /v1/clients', as: admin, query: { limit: '1' } }));
  owned.cursor = JSON.parse(page.body!).cursor;
});

// Tenant isolation first: the generated requests below may change the first tenant's data at will.
describe('a second tenant', () => {
  const clientRoutes = routes.filter((r) => r.route.path.includes('{clientId}'));

  it("never reads or changes the first tenant's client through its id, on any route", async () => {
    for (const { fn, route } of clientRoutes) {
      const res = await send(
        fn,
        httpEvent({
          routeKey: `${route.method} ${route.path}`,
          as: other,
          pathParameters: { clientId: owned.clientId, contactId: owned.contactId },
          headers: { 'if-match': '"1"' },
          body: route.body ? { name: 'x', type: 'billing', observations: 'robado' } : undefined,
        }),
      );
      expect([400, 403, 404, 409, 412, 428], `${route.operationId} → ${res.statusCode} ${res.body}`).toContain(res.statusCode);
      expect(res.body ?? '').not.toContain(owned.name);
    }
    const mine = JSON.parse(
      (await send('clients-api', httpEvent({ routeKey: 'GET /v1/clients/{clientId}', as: admin, pathParameters: { clientId: owned.clientId } }))).body!,
    );
    expect(mine.version).toBe(1);
    expect(mine.observations).toBeUndefined();
  });

  it("cannot use the first tenant's cursor, idempotency key or search to see its data", async () => {
    const listed = await send('clients-api', httpEvent({ routeKey: 'GET /v1/clients', as: other, query: { cursor: owned.cursor } }));
    expect(listed.statusCode).toBe(400);
    expect(listed.body).not.toContain('Ñandú');
    const replay = await send(
      'clients-api',
      httpEvent({
        routeKey: 'POST /v1/clients',
        as: other,
        headers: { 'idempotency-key': owned.idempotencyKey },
        body: { personType: 'other', name: owned.name, email: 'secreto@fuzz.test' },
      }),
    );
    expect(replay.statusCode).toBe(201);
    expect(JSON.parse(replay.body!).id).not.toBe(owned.clientId);
    expect(JSON.parse(replay.body!).tenantId).toBe(other.tenantId);
    for (const q of ['secreto@fuzz.test', 'Ñandú', 'nandu', owned.clientId]) {
      const found = await send('clients-api', httpEvent({ routeKey: 'GET /v1/clients/search', as: other, query: { q } }));
      expect(found.statusCode).toBe(200);
      const ids = (JSON.parse(found.body!).items as Array<{ client: { id: string; tenantId: string } }>).map((h) => h.client);
      expect(ids.every((c) => c.tenantId === other.tenantId && c.id !== owned.clientId)).toBe(true);
    }
  });
});

describe('generated requests to every route', () => {
  it.each(routes.map((r) => [r.route.operationId, r] as const))(
    '%s: no 5xx, errors are problem+json, Spanish ones in Spanish throughout',
    async (_name, { fn, route }) => {
      // Path parameters come out of a URL, so they are always well-formed text (a lone surrogate cannot be sent).
      const pathValue = fc.oneof(
        hostileString.filter((v) => v.isWellFormed()),
        fc.constant(owned.clientId),
      );
      const pathArb = fc.record(Object.fromEntries(pathNames(route).map((n) => [n, pathValue])));
      await fc.assert(
        fc.asyncProperty(
          pathArb,
          queryArb(route),
          headersArb,
          bodyArb(route),
          fc.integer({ min: 0, max: 3 }).map((n) => n === 0),
          async (path, query, headers, body, asOther) => {
            const cleanHeaders = Object.fromEntries(Object.entries(headers).filter(([, v]) => v !== undefined)) as Record<string, string>;
            const event = httpEvent({
              routeKey: `${route.method} ${route.path}`,
              as: asOther ? other : admin,
              pathParameters: path as Record<string, string>,
              query,
              headers: cleanHeaders,
              ...(body.raw !== undefined ? { rawBody: body.raw } : body.body !== undefined ? { body: body.body } : {}),
            });
            const res = await send(fn, event);
            expect(
              res.statusCode,
              `${route.operationId} ${JSON.stringify({ path, query, headers, body }).slice(0, 400)} → ${res.body?.slice(0, 300)}`,
            ).toBeLessThan(500);
            if (res.statusCode! >= 400) {
              expect(res.headers?.['content-type']).toBe('application/problem+json');
              // Issue 8: a Spanish answer is Spanish throughout, whatever was sent (values the user sent are quoted).
              if (res.headers?.['content-language'] === 'es') {
                const problem = JSON.parse(res.body!) as { title: string; detail: string; errors?: Array<{ message: string }> };
                for (const text of [problem.title, problem.detail, ...(problem.errors ?? []).map((e) => e.message)]) {
                  expect(englishIn(text), `${route.operationId}: ${text}`).toEqual([]);
                }
              }
            }
          },
        ),
        { numRuns: RUNS_PER_ROUTE },
      );
    },
    120_000,
  );
});

describe('the whole run', () => {
  it('reports how many generated requests ran and how many got a 5xx', () => {
    console.log(`fuzz: ${sent} requests over ${routes.length} routes, ${serverErrors} answered 5xx`);
    expect(serverErrors).toBe(0);
  });
});
