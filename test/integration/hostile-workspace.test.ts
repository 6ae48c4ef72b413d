import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeFor } from '../support/api.ts';
import { MARK, Tally } from '../support/hostile-world.ts';
import {
  agencyEvent,
  buildWorkspaceWorld,
  type Caller,
  hostileInvoke,
  OCULTO,
  type Request,
  refreshPortal,
  WORKSPACE_ROUTES,
  type WorkspaceWorld,
  workspaceRequests,
} from '../support/hostile-workspace-world.ts';

/**
 * The hostile campaign over the workspace routes of issue 12: tasks, client images, portal access and the
 * portal, escalations and the agency's signed inbound route. Another tenant's ids, every access level with
 * and without the permissions, a portal token on tenant routes and on another client's data, generated
 * paths, queries, bodies and headers (odd Unicode, Hangul and emoji over the limits, garbled cursors, wrong
 * If-Match, unknown fields, es/en). Whatever arrives: no 5xx, every error problem+json with a declared code,
 * Spanish by default, and nothing of tenant A in a body someone outside it (or below its level) gets.
 * Races and a paused DynamoDB: hostile-workspace-races.test.ts, hostile-workspace-paused.test.ts.
 */
const RUNS = Number(process.env.HOSTILE_RUNS ?? 20);
const tally = new Tally();
let leaks = 0;
let a: WorkspaceWorld;
let b: WorkspaceWorld;
let requestsOfA: Request[];

beforeAll(async () => {
  [a, b] = await Promise.all([buildWorkspaceWorld(MARK), buildWorkspaceWorld('OTRO')]);
  requestsOfA = await workspaceRequests(a);
}, 120_000);
afterAll(() => {
  tally.print('hostile campaign (tasks, client images, portal, escalations)');
  console.log(`hostile campaign (workspace): ${tally.total} requests, ${tally.byRoute.size} routes, ${tally.serverErrors.length} 5xx, ${leaks} leaks`);
  expect(tally.serverErrors).toEqual([]);
});

const bodyOf = (res: { body?: string }) => res.body ?? '';
/** Counts and fails a leak: `secret` in a body the caller must not see. */
const noLeak = (res: { body?: string }, secret: string, what: string) => {
  if (bodyOf(res).includes(secret)) leaks++;
  expect(bodyOf(res), what).not.toContain(secret);
};
const NEVER = '01NEVER0000000000000000000';
/** A problem body without what differs between two calls by design: the request id and the id asked for. */
const shapeOf = (problem: Record<string, any>, id: string) => JSON.stringify({ ...problem, instance: undefined }).replaceAll(id, '<id>');
const isPortal = (routeKey: string) => routeFor(routeKey).route.portal === true;
const isPublic = (routeKey: string) => routeFor(routeKey).route.public === true;

describe('another tenant', () => {
  it("gets 404 for every one of tenant A's ids, worded as for an id that never existed, and nothing of A", async () => {
    for (const request of requestsOfA) {
      if (isPortal(request.routeKey) || isPublic(request.routeKey)) continue;
      const body = request.body as { clientId?: string; invoiceIds?: string[] } | undefined;
      const id = Object.values(request.pathParameters ?? {})[0] ?? body?.clientId ?? body?.invoiceIds?.[0] ?? request.query?.clientId;
      const res = await hostileInvoke(tally, { user: b.boss }, request);
      noLeak(res, MARK, request.routeKey);
      noLeak(res, a.tenantId, request.routeKey);
      if (!id) {
        expect(res.statusCode, `${request.routeKey}: ${res.body}`).toBeLessThan(300);
        continue;
      }
      expect(res.statusCode, `${request.routeKey}: ${res.body}`).toBe(404);
      const swap = (v: unknown) => JSON.parse(JSON.stringify(v ?? null).replaceAll(id, NEVER));
      const ghost = await hostileInvoke(
        tally,
        { user: b.boss },
        {
          ...request,
          ...(request.pathParameters ? { pathParameters: swap(request.pathParameters) } : {}),
          ...(request.body ? { body: swap(request.body) } : {}),
          ...(request.query ? { query: swap(request.query) } : {}),
        },
      );
      expect(ghost.statusCode).toBe(404);
      expect(shapeOf(res.problem!, id), request.routeKey).toBe(shapeOf(ghost.problem!, NEVER));
    }
  });

  it("cannot use A's tasks, clients or escalations in its own bodies: A's client, assignee and invoices are 404 or refused", async () => {
    const attempts: Request[] = [
      { routeKey: 'POST /v1/tasks', body: { title: 'x', date: '2031-01-01', clientId: a.clientId } },
      { routeKey: 'POST /v1/tasks', body: { title: 'x', date: '2031-01-01', assigneeId: a.users.l4.id } },
      { routeKey: 'PATCH /v1/tasks/{taskId}', pathParameters: { taskId: b.tasks.client }, body: { assigneeId: a.boss.id }, headers: { 'if-match': '*' } },
      { routeKey: 'POST /v1/clients/{clientId}/escalations', pathParameters: { clientId: b.clientId }, body: { invoiceIds: [a.overdueInvoiceId] } },
      { routeKey: 'GET /v1/escalations', query: { clientId: a.clientId } },
    ];
    for (const request of attempts) {
      const res = await hostileInvoke(tally, { user: b.boss }, request);
      expect(res.statusCode, `${request.routeKey}: ${res.body}`).toBeGreaterThanOrEqual(400);
      noLeak(res, MARK, request.routeKey);
    }
  });

  it("A's agency key cannot be replaced by B's: an event naming A signed with B's key is 401, one naming B about A's escalation is 404, nothing changes", async () => {
    const before = (
      await hostileInvoke(tally, { user: a.boss }, { routeKey: 'GET /v1/escalations/{escalationId}', pathParameters: { escalationId: a.escalationId } })
    ).body;
    const objection = { id: 'obj-hostil', date: '2026-01-01', text: 'Forjada', status: 'open' };
    const forged = await hostileInvoke(
      tally,
      { nobody: true },
      await agencyEvent({ tenantId: a.tenantId, escalationId: a.escalationId, objection }, { tenantKey: b.tenantId }),
    );
    expect(forged.statusCode).toBe(401);
    const crossed = await hostileInvoke(tally, { nobody: true }, await agencyEvent({ tenantId: b.tenantId, escalationId: a.escalationId, objection }));
    expect(crossed.statusCode, crossed.body).toBe(404);
    noLeak(crossed, MARK, 'inbound crossed');
    const after = (
      await hostileInvoke(tally, { user: a.boss }, { routeKey: 'GET /v1/escalations/{escalationId}', pathParameters: { escalationId: a.escalationId } })
    ).body;
    expect(after).toBe(before);
  });
});

describe('portal tokens', () => {
  it("A's portal token is refused (401) by every tenant route of the four functions, as a bearer and with its claims handed over as verified", async () => {
    for (const request of requestsOfA) {
      if (isPortal(request.routeKey) || isPublic(request.routeKey)) continue;
      for (const caller of [{ portalToken: a.portal.token }, { portalClaims: a.portal.claims }] satisfies Caller[]) {
        const res = await hostileInvoke(tally, caller, request);
        expect(res.statusCode, `${request.routeKey}: ${res.body}`).toBe(401);
        expect(res.problem!.code).toBe('unauthenticated');
        noLeak(res, MARK, request.routeKey);
      }
    }
  });

  it("another client's token (same tenant) sees only its own: none of the main client's invoices, payments or name", async () => {
    for (const routeKey of ['GET /v1/portal/invoices', 'GET /v1/portal/payments', 'GET /v1/portal/statement']) {
      const res = await hostileInvoke(tally, { portalToken: a.portal.otherToken }, { routeKey });
      expect(res.statusCode, res.body).toBe(200);
      for (const secret of [a.clientId, a.invoiceId, a.overdueInvoiceId, `Cliente ${MARK}`]) noLeak(res, secret, routeKey);
      // The main client's own token does see its invoices (so the check above could fail).
      const own = await hostileInvoke(tally, { portalToken: a.portal.token }, { routeKey });
      expect(own.statusCode).toBe(200);
      if (routeKey === 'GET /v1/portal/invoices') expect(bodyOf(own)).toContain(a.overdueInvoiceId);
    }
    // B's token never sees A.
    for (const routeKey of ['GET /v1/portal/invoices', 'GET /v1/portal/payments', 'GET /v1/portal/statement']) {
      noLeak(await hostileInvoke(tally, { portalToken: b.portal.token }, { routeKey }), MARK, routeKey);
    }
  });

  it('a tenant user, a garbled or tampered token, or none: 401 on every portal route', async () => {
    const [head, payload, signature] = a.portal.token.split('.') as [string, string, string];
    const swapped = JSON.parse(Buffer.from(payload, 'base64url').toString());
    swapped.sub = b.clientId;
    const tampered = `${head}.${Buffer.from(JSON.stringify(swapped)).toString('base64url')}.${signature}`;
    for (const routeKey of ['GET /v1/portal/invoices', 'GET /v1/portal/payments', 'GET /v1/portal/statement']) {
      for (const caller of [
        { user: a.boss },
        { nobody: true },
        { portalToken: tampered },
        { portalToken: 'garbage' },
        { portalToken: '한'.repeat(3000) },
        { portalToken: `${head}..` },
      ] satisfies Caller[]) {
        const res = await hostileInvoke(tally, caller, { routeKey, headers: { 'accept-language': 'es' } });
        expect(res.statusCode, `${routeKey} ${JSON.stringify(caller).slice(0, 60)}: ${res.body}`).toBe(401);
      }
    }
  });
});

describe('access levels and permissions', () => {
  it('each level with and without the permission: 403 where the route requires more, 404 out of its reach, never what level 1 alone sees', async () => {
    const order: Array<[string, Caller & { user: any }]> = [
      ['l4bare', { user: a.users.l4bare }],
      ['l1bare', { user: a.users.l1bare }],
      ['l4other', { user: a.users.l4other }],
      ['l4', { user: a.users.l4 }],
      ['l3', { user: a.users.l3 }],
      ['l2', { user: a.users.l2 }],
      ['inactive', { user: a.users.inactive }],
    ];
    const outcomes: string[] = [];
    for (const request of requestsOfA) {
      if (isPortal(request.routeKey) || isPublic(request.routeKey)) continue;
      const requires = routeFor(request.routeKey).route.requires ?? { level: 4 };
      for (const [name, caller] of order) {
        const res = await hostileInvoke(tally, caller, request);
        outcomes.push(`${request.routeKey} ${name} ${res.statusCode}`);
        const user = caller.user;
        if (name === 'inactive') {
          expect(res.statusCode).toBe(401);
          continue;
        }
        const refused = user.accessLevel > requires.level || (requires.permission !== undefined && !user.permissions.includes(requires.permission));
        if (refused) {
          expect(res.statusCode, `${request.routeKey} as ${name}: ${res.body}`).toBe(403);
          continue;
        }
        // Out of reach: l4other has no client of its own and is in another branch and department.
        const reached = /\{(clientId|taskId|escalationId)\}/.test(request.routeKey);
        if (name === 'l4other' && reached) expect(res.statusCode, `${request.routeKey} as ${name}: ${res.body}`).toBe(404);
        if (name !== 'l4other' && user.accessLevel > 1) noLeak(res, OCULTO, `${request.routeKey} as ${name}`);
      }
    }
    // Level 4 reads only its own tasks: the boss's is 404 to it, found by level 1.
    const l4reads = await hostileInvoke(tally, { user: a.users.l4 }, { routeKey: 'GET /v1/tasks/{taskId}', pathParameters: { taskId: a.tasks.boss } });
    expect(l4reads.statusCode).toBe(404);
    for (const who of [a.users.l2, a.users.l3, a.users.l4])
      expect((await hostileInvoke(tally, { user: who }, { routeKey: 'GET /v1/tasks/{taskId}', pathParameters: { taskId: a.tasks.hidden } })).statusCode).toBe(
        404,
      );
    expect((await hostileInvoke(tally, { user: a.boss }, { routeKey: 'GET /v1/tasks/{taskId}', pathParameters: { taskId: a.tasks.hidden } })).statusCode).toBe(
      200,
    );
    console.log(`levels: ${outcomes.length} calls`);
    // Some level below 1 was let through on a task route (the refusals above are not everything).
    expect(outcomes.some((o) => /^GET \/v1\/tasks\/day l4 200$/.test(o))).toBe(true);
  });
});

/** Strings people and attackers send, and the limits: Hangul and emoji at and over them. */
const limits = [100, 128, 200, 1000, 2000, 20_000];
const hostileString = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.constantFrom('', ' ', '\u0000', 'a\u0000b', '\u202eevil', '\u2066x\u2069', '\ud800', '\udc00x', 'e\u0301', '%00', '{{', '#', 'T#x#TASK#1'),
  fc.constantFrom('<script>alert(1)</script>', "' OR 1=1 --", '../../etc/passwd', '__proto__', 'constructor', MARK),
  fc.tuple(fc.constantFrom(...limits), fc.constantFrom(-1, 0, 1)).map(([n, d]) => '한'.repeat(n + d)),
  fc.tuple(fc.constantFrom(...limits), fc.constantFrom(-1, 0, 1)).map(([n, d]) => '😀'.repeat(n + d)),
  fc.tuple(fc.constantFrom(...limits), fc.constantFrom(0, 1, 3)).map(([n, d]) => `${'👨‍👩‍👧'.repeat(Math.floor(n / 5))}${'x'.repeat(d)}`),
);
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileString },
  {
    weight: 2,
    arbitrary: fc.oneof(fc.constantFrom(1e308, -1, 0.5, 2 ** 31, -0, 5 * 1024 * 1024 + 1), fc.integer(), fc.double(), fc.boolean(), fc.constant(null)),
  },
  { weight: 1, arbitrary: fc.array(hostileString, { maxLength: 60 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);
/** Cursors: random, a base64 of JSON with foreign keys, cut, huge. */
const cursorArb = fc.oneof(
  hostileString,
  fc.jsonValue({ maxDepth: 2 }).map((v) => Buffer.from(JSON.stringify(v)).toString('base64url')),
  fc.constantFrom(Buffer.from(JSON.stringify({ pk: 'T#other', sk: 'TASK#' })).toString('base64url'), 'eyJhbGciOiJub25lIn0.e30.', 'A'.repeat(5000), '..', '%%%'),
);

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
function mutatedBody(valid: unknown): fc.Arbitrary<{ body?: unknown; raw?: string }> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.tuple(fc.constantFrom(...paths(valid)), hostileValue).map(([p, v]) => ({ body: setAt(valid, p, v) })) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.constantFrom('extra', '__proto__', 'constructor', 'tenantId'), hostileValue)
        .map(([key, v]) => ({ raw: JSON.stringify(valid).replace(/^\{/, `{${JSON.stringify(key)}:${JSON.stringify(v) ?? 'null'},`) })),
    },
    { weight: 1, arbitrary: fc.constantFrom('null', '[]', '"x"', '{', '{"a":', '1e999', '\u0000').map((raw) => ({ raw })) },
  );
}
const langArb = fc.constantFrom(undefined, 'en', 'es', 'en-US,en;q=0.9', 'es-CL');
const ifMatchArb = fc.constantFrom(undefined, '*', '"1"', 'W/"1"', '"0"', '"99999999999999999999"', '"-1"', 'garbage', '"한"');

describe('generated requests', () => {
  it.each(WORKSPACE_ROUTES.map((k) => [k]))(
    '%s: no 5xx, problem+json with a declared code in the asked language, nothing of A outside it',
    async (routeKey) => {
      // Earlier routes' runs regenerate the portal password (voiding its tokens): the portal routes get fresh ones.
      if (isPortal(routeKey)) await Promise.all([refreshPortal(a), refreshPortal(b)]);
      const valid = { ...requestsOfA.find((r) => r.routeKey === routeKey)! };
      if (isPortal(routeKey)) valid.headers = { ...valid.headers, authorization: `Bearer ${a.portal.token}` };
      const query = routeFor(routeKey).route.query;
      const queryKeys = [...Object.keys((query as { shape?: object } | undefined)?.shape ?? {}), 'unknownParam'];
      // Who calls, and whether A's marked data is theirs to see.
      const callers: Array<{ caller: Caller; outsider: boolean }> = [
        { caller: { user: a.admin }, outsider: false },
        { caller: { user: a.users.l4 }, outsider: false },
        { caller: { user: a.users.l4bare }, outsider: false },
        { caller: { user: b.admin }, outsider: true },
        { caller: { portalToken: a.portal.token }, outsider: false },
        { caller: { portalToken: a.portal.otherToken }, outsider: false },
        { caller: { portalToken: b.portal.token }, outsider: true },
        { caller: { portalClaims: a.portal.claims }, outsider: true },
      ];
      const idsOf = (own: string) =>
        fc.oneof(
          fc.constant(own),
          fc.constant(NEVER),
          hostileString.filter((s) => s.isWellFormed() && s.length < 300),
        );
      const inbound = routeKey === 'POST /v1/agency/webhooks/status';
      let runs = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.record(
            Object.fromEntries(
              Object.entries(valid.pathParameters ?? {}).map(([k, v]) => {
                const theirs = Object.values(b).find((x) => typeof x === 'string' && x === v) ?? b.clientId;
                return [k, fc.oneof(idsOf(v), fc.constant(theirs))];
              }),
            ),
          ),
          fc.dictionary(fc.constantFrom(...queryKeys), fc.oneof(hostileString, cursorArb), { maxKeys: 3 }),
          valid.body === undefined && valid.rawBody === undefined
            ? fc.constant<{ body?: unknown; raw?: string }>({})
            : mutatedBody(valid.body ?? JSON.parse(valid.rawBody!)),
          langArb,
          ifMatchArb,
          fc.option(
            hostileString.filter((s) => s.isWellFormed() && s.length < 400),
            { nil: undefined },
          ),
          fc.constantFrom(...callers.keys()),
          fc.boolean(),
          async (pathParameters, query, body, lang, ifMatch, idempotencyKey, who, signIt) => {
            runs++;
            const headers = Object.fromEntries(
              Object.entries({
                'accept-language': lang,
                'if-match': ifMatch ?? valid.headers?.['if-match'],
                'idempotency-key': idempotencyKey,
              }).filter(([, v]) => v !== undefined),
            ) as Record<string, string>;
            const { caller, outsider } = callers[who]!;
            let request: Request = {
              routeKey,
              pathParameters: pathParameters as Record<string, string>,
              query,
              headers: { ...valid.headers, ...headers },
              ...(body.raw !== undefined ? { rawBody: body.raw } : body.body !== undefined ? { body: body.body } : {}),
            };
            if (inbound) {
              // The agency's route: the mutated body signed as the agency would (or left with the old signature).
              const raw = body.raw ?? JSON.stringify(body.body);
              const tenantId = (() => {
                try {
                  return String(JSON.parse(raw)?.tenantId ?? a.tenantId);
                } catch {
                  return a.tenantId;
                }
              })();
              const signed = await agencyEvent({ tenantId }, signIt ? { raw } : { raw, signature: valid.headers!['x-signature']! });
              request = { ...request, rawBody: raw, body: undefined, headers: { ...request.headers, ...signed.headers } };
            }
            const res = await hostileInvoke(tally, inbound ? { nobody: true } : caller, request);
            // An outsider never gets A's marked data, unless its own request carried the mark (an id echoed in a 404).
            const sent = JSON.stringify(request);
            if (outsider && !sent.includes(MARK)) noLeak(res, MARK, `${routeKey} as an outsider`);
            if (!sent.includes(a.tenantId) && outsider) noLeak(res, a.tenantId, `${routeKey} as an outsider`);
            expect(({} as Record<string, unknown>).polluted).toBeUndefined();
          },
        ),
        { numRuns: RUNS },
      );
      expect(runs).toBe(RUNS);
    },
    180_000,
  );

  it('refuses an unknown field, `__proto__` and `constructor` in every body with 400 unknown_field naming it', async () => {
    for (const request of requestsOfA.filter((r) => typeof r.body === 'object' && !isPublic(r.routeKey))) {
      for (const key of ['extra', '__proto__', 'constructor']) {
        const rawBody = JSON.stringify(request.body).replace(/^\{/, `{${JSON.stringify(key)}:{"polluted":true},`);
        const res = await hostileInvoke(tally, { user: a.admin }, { ...request, body: undefined, rawBody });
        expect(res.statusCode, `${request.routeKey} ${key}: ${res.body}`).toBe(400);
        expect(res.problem!.errors, `${request.routeKey} ${key}`).toContainEqual(expect.objectContaining({ pointer: `/body/${key}`, code: 'unknown_field' }));
      }
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('a task title of 200 Hangul or emoji is taken, one more is 400 naming the field; Spanish has no English words', async () => {
    const create = (title: string, lang = 'es') =>
      hostileInvoke(tally, { user: a.users.l4 }, { routeKey: 'POST /v1/tasks', body: { title, date: '2031-02-03' }, headers: { 'accept-language': lang } });
    expect((await create('한'.repeat(200))).statusCode).toBe(201);
    expect((await create('😀'.repeat(200))).statusCode).toBe(201);
    const over = await create('한'.repeat(201));
    const overEn = await create('😀'.repeat(201), 'en');
    expect(over.statusCode).toBe(400);
    expect(over.problem!.errors[0]).toMatchObject({ pointer: '/body/title', code: 'too_big' });
    expect(overEn.problem!.errors[0]).toMatchObject({ pointer: '/body/title', code: 'too_big' });
  });

  it('a garbled, foreign or replayed cursor on every paged route is 400 invalid cursor, never a page of someone else', async () => {
    const paged: Request[] = [
      { routeKey: 'GET /v1/tasks/day', query: { date: '2031-02-03', scope: 'team', limit: '1' } },
      { routeKey: 'GET /v1/tasks/month', query: { month: '2031-02', scope: 'team', limit: '1' } },
      { routeKey: 'GET /v1/clients/{clientId}/tasks', pathParameters: { clientId: a.clientId }, query: { limit: '1' } },
      { routeKey: 'GET /v1/escalations', query: { limit: '1' } },
      { routeKey: 'GET /v1/portal/payments', query: { limit: '1' } },
    ];
    await refreshPortal(a);
    for (const request of paged) {
      const caller: Caller = isPortal(request.routeKey) ? { portalToken: a.portal.token } : { user: a.boss };
      for (const cursor of ['garbage', 'A'.repeat(3000), '한한', Buffer.from('{"pk":"T#x"}').toString('base64url')]) {
        const res = await hostileInvoke(tally, caller, { ...request, query: { ...request.query, cursor } });
        expect(res.statusCode, `${request.routeKey} ${cursor.slice(0, 10)}: ${res.body}`).toBe(400);
      }
    }
    // A cursor A's boss got for its own day view, used by B: refused (sealed to tenant and query), no page of A.
    await hostileInvoke(tally, { user: a.boss }, { routeKey: 'POST /v1/tasks', body: { title: `Extra ${MARK}`, date: '2031-02-03' } });
    await hostileInvoke(tally, { user: a.boss }, { routeKey: 'POST /v1/tasks', body: { title: `Extra2 ${MARK}`, date: '2031-02-03' } });
    const first = await hostileInvoke(tally, { user: a.boss }, { routeKey: 'GET /v1/tasks/day', query: { date: '2031-02-03', scope: 'team', limit: '1' } });
    const cursor = JSON.parse(first.body!).cursor as string;
    expect(cursor).toBeDefined();
    const stolen = await hostileInvoke(
      tally,
      { user: b.boss },
      { routeKey: 'GET /v1/tasks/day', query: { date: '2031-02-03', scope: 'team', limit: '1', cursor } },
    );
    expect(stolen.statusCode).toBe(400);
    noLeak(stolen, MARK, 'stolen cursor');
  });
});
