import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeFor } from '../support/api.ts';
import { buildWorld, deps, hostileCall, MARK, type Request, routeRequests, Tally, type World } from '../support/hostile-world.ts';
import type { TestUser } from '../support/http.ts';

/**
 * The hostile campaign over every route of collections-api, send-log-api and the follow-up notes (issues
 * 11 and 12): another tenant's ids, every access level with and without the permissions, a deactivated
 * user, generated bodies, queries and headers (odd Unicode, Hangul and emoji at and over the limits, huge
 * numbers, wrong types, extra keys, `__proto__`). Whatever arrives: no 5xx, every error problem+json with a
 * stable code the OpenAPI declares, Spanish by default and English when asked; nothing of tenant A in a
 * body tenant B gets. Races and a paused DynamoDB are in hostile-races.test.ts and hostile-dynamo-paused.test.ts.
 */
const RUNS = Number(process.env.HOSTILE_RUNS ?? 25);
const tally = new Tally();
let a: World;
let b: World;

beforeAll(async () => {
  [a, b] = await Promise.all([buildWorld(MARK), buildWorld('OTRO')]);
}, 60_000);
afterAll(() => {
  tally.print('hostile campaign (collections, send log, notes)');
  expect(tally.serverErrors).toEqual([]);
});

// The route keys are known before the worlds exist (test names): any ids do.
const routeKeys = () => routeRequests({ conceptId: 'x', clientId: 'x', invoiceId: 'x', noteId: 'x', unknownMessageId: 'x' } as World).map((r) => r.routeKey);
const bodyOf = (res: { body?: string }) => res.body ?? '';
/** A problem body without what differs between two calls by design: the request id and the id asked for. */
const shapeOf = (problem: Record<string, any>, id: string) => JSON.stringify({ ...problem, instance: undefined }).replaceAll(id, '<id>');

describe('another tenant', () => {
  it("gets 404 for every one of tenant A's ids, worded exactly as for an id that never existed, and nothing of A", async () => {
    for (const request of routeRequests(a)) {
      const ids = Object.values(request.pathParameters ?? {});
      const bodyClient = (request.body as { clientId?: string } | undefined)?.clientId;
      const id = ids[0] ?? bodyClient;
      // B's level-1 user with every permission and a mailbox: only the tenant stands between it and A's records.
      const res = await hostileCall(tally, { ...request, as: b.boss });
      expect(bodyOf(res), request.routeKey).not.toContain(MARK);
      expect(bodyOf(res), request.routeKey).not.toContain(a.tenantId);
      if (!id) {
        // Tenant-wide routes answer with B's own data.
        expect(res.statusCode, `${request.routeKey}: ${res.body}`).toBeLessThan(300);
        continue;
      }
      expect(res.statusCode, `${request.routeKey}: ${res.body}`).toBe(404);
      // The same request for an id nobody has: the same answer, so a 404 says nothing about A's ids.
      const never = '01NEVER0000000000000000000';
      const swap = (v: unknown) => JSON.parse(JSON.stringify(v ?? null).replaceAll(id, never));
      const ghost = await hostileCall(tally, {
        ...request,
        as: b.boss,
        ...(request.pathParameters ? { pathParameters: swap(request.pathParameters) } : {}),
        ...(request.body ? { body: swap(request.body) } : {}),
      });
      expect(ghost.statusCode).toBe(404);
      expect(shapeOf(res.problem!, id), request.routeKey).toBe(shapeOf(ghost.problem!, never));
    }
  });

  it('leaves every record of tenant A as it was, and sees none of them in its lists and report', async () => {
    const listed = await Promise.all(
      ['GET /v1/collections/messages', 'GET /v1/notes', 'GET /v1/collections/notice-concepts'].map((routeKey) =>
        hostileCall(tally, { routeKey, as: b.admin, query: routeKey.includes('concepts') ? undefined : { limit: '100' } } as never),
      ),
    );
    for (const res of listed) {
      expect(res.statusCode).toBe(200);
      expect(bodyOf(res)).not.toContain(MARK);
    }
    const mine = await hostileCall(tally, { routeKey: 'GET /v1/notes/{noteId}', as: a.boss, pathParameters: { noteId: a.noteId } });
    expect(mine.statusCode).toBe(200);
    expect(JSON.parse(mine.body!)).toMatchObject({ text: `Nota ${MARK}`, version: 1 });
    expect((await deps.outbox.get(a.tenantId, a.unknownMessageId))?.status).toBe('unknown');
    const concepts = await hostileCall(tally, { routeKey: 'GET /v1/collections/notice-concepts', as: a.admin });
    expect(JSON.parse(concepts.body!).items.find((c: { id: string }) => c.id === a.conceptId)).toMatchObject({ days: 3, version: 1 });
  });
});

describe('access levels and permissions', () => {
  it('a deactivated user gets 401 user_inactive on every route, in Spanish and in English', async () => {
    for (const request of routeRequests(a)) {
      for (const lang of ['es', 'en']) {
        const res = await hostileCall(tally, { ...request, as: a.users.inactive, headers: { ...request.headers, 'accept-language': lang } });
        expect(res.statusCode, request.routeKey).toBe(401);
        expect(res.problem!.code).toBe('user_inactive');
        expect(res.problem!.title).toBe(lang === 'es' ? 'Usuario desactivado' : 'User deactivated');
      }
    }
  });

  it('each level 1–4 with and without the permission gets 403 where the route requires more, 404 outside its scope, and is let through otherwise', async () => {
    const w = await buildWorld(MARK);
    const order: Array<[string, TestUser]> = [
      ['l4bare', w.users.l4bare],
      ['l1bare', w.users.l1bare],
      ['l4other', w.users.l4other],
      ['l4', w.users.l4],
      ['l3', w.users.l3],
      ['l2', w.users.l2],
      ['boss', w.boss],
    ];
    const outcomes: string[] = [];
    for (const request of routeRequests(w)) {
      const requires = routeFor(request.routeKey).route.requires ?? { level: 4 };
      for (const [name, user] of order) {
        const res = await hostileCall(tally, { ...request, as: user });
        const refused = user.accessLevel > requires.level || (requires.permission !== undefined && !user.permissions.includes(requires.permission));
        outcomes.push(`${request.routeKey} ${name} ${res.statusCode}`);
        if (refused) {
          expect(res.statusCode, `${request.routeKey} as ${name}: ${res.body}`).toBe(403);
          expect(res.problem!.code).toBe('forbidden');
          continue;
        }
        // Not refused by the route: a client, invoice, note or message out of the caller's scope is 404, never 403 or data.
        const scoped = /\{(clientId|invoiceId|noteId|messageId)\}|templates\/preview/.test(request.routeKey);
        if (name === 'l4other' && scoped) expect(res.statusCode, `${request.routeKey} as ${name}: ${res.body}`).toBe(404);
        else if (res.statusCode === 403) expect(`${request.routeKey} ${name} ${res.problem!.detail}`).toMatch(/^PATCH \/v1\/notes\/\{noteId\} \w+ .*autor/);
        if (user.accessLevel > 1) expect(bodyOf(res)).not.toContain('Oculto');
      }
    }
    // The route's promise held for someone on every route: each was let through at least once.
    for (const key of routeKeys())
      expect(
        outcomes.some((o) => o.startsWith(`${key} `) && /\s2\d\d$/.test(o)),
        key,
      ).toBe(true);
  });

  it('level 2–4 users never see the client only level 1 sees, in the send log, the notes or the notice settings', async () => {
    const { hiddenClientId } = a;
    for (const user of [a.users.l2, a.users.l3, a.users.l4, a.users.l4other]) {
      for (const routeKey of ['GET /v1/clients/{clientId}/notice-settings', 'GET /v1/clients/{clientId}/messages', 'GET /v1/clients/{clientId}/notes']) {
        const res = await hostileCall(tally, { routeKey, as: user, pathParameters: { clientId: hiddenClientId } });
        expect(res.statusCode, `${routeKey} as level ${user.accessLevel}`).toBe(404);
      }
      const log = await hostileCall(tally, { routeKey: 'GET /v1/collections/messages', as: user, query: { clientId: hiddenClientId } });
      expect(log.statusCode).toBe(404);
    }
  });
});

/** Strings people and attackers send, and the limits: Hangul and emoji at and over them (limits count code points: an emoji is one). */
const limits = [64, 120, 200, 1000, 2000, 20_000, 50_000];
const hostileString = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.constantFrom('', ' ', '\u0000', 'a\u0000b', '\u202eevil', '\u2066x\u2069', '\ud800', '\udc00x', 'e\u0301', '%00', '{{cliente}}', '{{nada}}', '{{', '}}{{'),
  fc.constantFrom('<script>alert(1)</script>', "' OR 1=1 --", '../../etc/passwd', 'T#other#CLIENT', '__proto__', 'constructor', `${MARK}`),
  fc.tuple(fc.constantFrom(...limits), fc.constantFrom(-1, 0, 1)).map(([n, d]) => '한'.repeat(n + d)),
  fc.tuple(fc.constantFrom(...limits), fc.constantFrom(-1, 0, 1)).map(([n, d]) => '😀'.repeat(n + d)),
  // A family emoji is 5 code points (3 emoji joined by 2 ZWJ): a limit may fall inside one.
  fc.tuple(fc.constantFrom(...limits), fc.constantFrom(0, 1, 3)).map(([n, d]) => `${'👨‍👩‍👧'.repeat(Math.floor(n / 5))}${'x'.repeat(d)}`),
);
const hugeNumber = fc.constantFrom(1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, -0, 1e-300, 2 ** 31, -1, 0.5, 366, 53);
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileString },
  { weight: 2, arbitrary: fc.oneof(hugeNumber, fc.integer(), fc.double(), fc.boolean(), fc.constant(null)) },
  { weight: 1, arbitrary: fc.array(hostileString, { maxLength: 60 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.constant({ __proto__: { polluted: true } }) },
);

/** Every path into a JSON value (objects and arrays), the root included. */
function paths(value: unknown, prefix: string[] = []): string[][] {
  if (value === null || typeof value !== 'object') return [prefix];
  return [prefix, ...Object.entries(value).flatMap(([k, v]) => paths(v, [...prefix, k]))];
}
function setAt(value: unknown, path: string[], next: unknown): unknown {
  if (path.length === 0) return next;
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<string, unknown>;
  copy[path[0]!] = setAt(copy[path[0]!], path.slice(1), next);
  return copy;
}

/** The valid body with one part replaced by a hostile value, or a key added (an unknown one, `__proto__`, `constructor`). */
function mutatedBody(valid: unknown): fc.Arbitrary<{ body?: unknown; raw?: string }> {
  const all = paths(valid);
  return fc.oneof(
    { weight: 6, arbitrary: fc.tuple(fc.constantFrom(...all), hostileValue).map(([p, v]) => ({ body: setAt(valid, p, v) })) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.constantFrom('extra', '__proto__', 'constructor', 'prototype'), hostileValue)
        .map(([key, v]) => ({ raw: JSON.stringify(valid).replace(/^\{/, `{${JSON.stringify(key)}:${JSON.stringify(v) ?? 'null'},`) })),
    },
    { weight: 1, arbitrary: fc.constantFrom('null', '[]', '"x"', '{', '{"a":', '1e999', '\u0000', '{"__proto__":{"polluted":true}}').map((raw) => ({ raw })) },
  );
}

const langArb = fc.constantFrom(undefined, 'en', 'es', 'en-US,en;q=0.9', 'es-CL');
const ifMatchArb = fc.constantFrom(undefined, '*', '"1"', 'W/"1"', '"0"', '"99999999999999999999"', '"-1"', 'garbage', '"한"');
const idArb = (own: string) =>
  fc.oneof(
    fc.constant(own),
    hostileString.filter((s) => s.isWellFormed() && s.length < 300),
    fc.constantFrom('before-7', 'after-7'),
  );

describe('generated requests', () => {
  it.each(routeKeys().map((k) => [k]))(
    '%s: no 5xx, problem+json with a declared code in the asked language',
    async (routeKey) => {
      const w = await buildWorld(MARK);
      const valid = routeRequests(w).find((r) => r.routeKey === routeKey)!;
      const query = routeFor(routeKey).route.query;
      const queryKeys = [...Object.keys((query as { shape?: object } | undefined)?.shape ?? {}), 'unknownParam'];
      const users = [w.admin, w.boss, w.users.l4, w.users.l2, w.users.l4bare, b.admin];
      let runs = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.record(Object.fromEntries(Object.entries(valid.pathParameters ?? {}).map(([k, v]) => [k, idArb(v)]))),
          fc.dictionary(fc.constantFrom(...queryKeys), hostileString, { maxKeys: 3 }),
          valid.body === undefined ? fc.constant<{ body?: unknown; raw?: string }>({}) : mutatedBody(valid.body),
          langArb,
          ifMatchArb,
          fc.option(
            hostileString.filter((s) => s.isWellFormed() && s.length < 400),
            { nil: undefined },
          ),
          fc.constantFrom(...users.keys()),
          async (pathParameters, query, body, lang, ifMatch, idempotencyKey, who) => {
            runs++;
            const headers = Object.fromEntries(
              Object.entries({ 'accept-language': lang, 'if-match': ifMatch ?? valid.headers?.['if-match'], 'idempotency-key': idempotencyKey }).filter(
                ([, v]) => v !== undefined,
              ),
            ) as Record<string, string>;
            const as = users[who]!;
            const res = await hostileCall(tally, {
              routeKey,
              as,
              pathParameters: pathParameters as Record<string, string>,
              query,
              headers: body.raw !== undefined ? { ...headers, 'content-type': 'application/json' } : headers,
              ...(body.raw !== undefined ? { rawBody: body.raw } : body.body !== undefined ? { body: body.body } : {}),
            } as Parameters<typeof hostileCall>[1]);
            // Tenant B never gets tenant A's records, whatever it sends (a request that itself carries the mark may
            // see it echoed, e.g. a 404 naming the id asked for: that is its own input, not A's data).
            const sent = JSON.stringify({ pathParameters, query, body, headers });
            if (as === b.admin && !sent.includes(MARK)) expect(bodyOf(res)).not.toContain(MARK);
            expect(({} as Record<string, unknown>).polluted).toBeUndefined();
          },
        ),
        { numRuns: RUNS },
      );
      expect(runs).toBe(RUNS);
    },
    180_000,
  );

  it('refuses an extra key, `__proto__` and `constructor` in every body with 400 unknown_field naming it', async () => {
    const bodies = routeRequests(a).filter((r): r is Request & { body: object } => typeof r.body === 'object');
    for (const request of bodies) {
      for (const key of ['extra', '__proto__', 'constructor']) {
        const rawBody = JSON.stringify(request.body).replace(/^\{/, `{${JSON.stringify(key)}:{"polluted":true},`);
        const res = await hostileCall(tally, { ...request, as: a.admin, rawBody, headers: { ...request.headers, 'content-type': 'application/json' } });
        expect(res.statusCode, `${request.routeKey} ${key}: ${res.body}`).toBe(400);
        expect(res.problem!.errors, `${request.routeKey} ${key}`).toContainEqual(expect.objectContaining({ pointer: `/body/${key}`, code: 'unknown_field' }));
      }
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('takes a note of 2,000 Hangul or 2,000 emoji (code points, not UTF-16 units) and refuses one more, naming the field in Spanish and English', async () => {
    const note = (text: string, lang = 'es') =>
      hostileCall(tally, {
        routeKey: 'POST /v1/clients/{clientId}/notes',
        as: a.boss,
        pathParameters: { clientId: a.clientId },
        body: { text },
        headers: { 'accept-language': lang },
      });
    expect((await note('한'.repeat(2000))).statusCode).toBe(201);
    expect((await note('😀'.repeat(2000))).statusCode).toBe(201);
    const over = await note('한'.repeat(2001));
    const overEn = await note('😀'.repeat(2001), 'en');
    expect(over.statusCode).toBe(400);
    expect(over.problem!.errors[0]).toMatchObject({ pointer: '/body/text', code: 'too_big' });
    expect(overEn.problem!.errors[0]).toMatchObject({ pointer: '/body/text', code: 'too_big' });
    expect(overEn.problem!.errors[0].message).toMatch(/2000|2,000/);
  });

  it('refuses templates whose stored size would pass an item’s limit with 400, not a failed write', async () => {
    // 10 texts of 20,000 Hangul: 600 KB stored, under the 1 MiB body limit, over the 300 KB templates may take in one item.
    const huge = { subject: '한'.repeat(200), text: '한'.repeat(20_000) };
    const body = routeRequests(a).find((r) => r.routeKey === 'PUT /v1/collections/settings')!.body as { reminders: Record<string, Record<string, unknown>> };
    for (const type of Object.keys(body.reminders)) body.reminders[type]!.template = { es: huge, en: huge };
    expect(Buffer.byteLength(JSON.stringify(body))).toBeLessThan(1024 * 1024);
    const res = await hostileCall(tally, {
      routeKey: 'PUT /v1/collections/settings',
      as: a.admin,
      body,
      headers: { 'if-match': '*', 'accept-language': 'en' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.problem!.errors.map((e: { code: string }) => e.code)).toContain('templates_too_large');
  });

  it('answers a date in the past in the preview at /query/date, where it was sent', async () => {
    const res = await hostileCall(tally, { routeKey: 'GET /v1/collections/preview', as: a.admin, query: { date: '2020-01-01' } });
    expect(res.statusCode).toBe(400);
    expect(res.problem!.errors[0]).toMatchObject({ pointer: '/query/date', code: 'date_in_past' });
  });
});
