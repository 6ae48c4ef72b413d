import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseSearchText } from '../../domain/clients/search-terms.ts';
import { ledgerSign } from '../../domain/receivables/client-ledger.ts';
import { readStatement } from '../../domain/receivables/statement.use-case.ts';
import { notesReport } from '../../domain/notes/note.use-cases.ts';
import type { TaskRange, TaskStream } from '../../domain/tasks/ports.ts';
import { dayRange, monthRange } from '../../domain/tasks/task-visibility.ts';
import { portalReader } from '../../domain/portal/ports.ts';
import { dynamoCollectionMessageStore } from '../../functions/adapters/dynamodb/collection-messages.store.ts';
import { dynamoSendLogRepository } from '../../functions/adapters/dynamodb/send-log.repository.ts';
import { dynamoClientLedger } from '../../functions/adapters/dynamodb/client-ledger.store.ts';
import { dynamoReceivablesAggregates } from '../../functions/adapters/dynamodb/receivables-aggregates.store.ts';
import { routeKey } from '../../functions/http/route-spec.ts';
import { escalationDependencies } from '../../functions/wiring/escalations.ts';
import { portalAccessRecords, portalSessions } from '../../functions/wiring/portal.ts';
import { callRoute, pagedRoutes } from '../support/api.ts';
import { json, type TestUser } from '../support/http.ts';
import { newTenant, testDeps } from '../support/tenants.ts';

const deps = testDeps();
const messages = dynamoCollectionMessageStore(deps.data);
const sendLog = dynamoSendLogRepository(deps.data);
const statement = readStatement({ ...deps, ledger: dynamoClientLedger(deps.document, deps.config.tableName) });
const escalation = escalationDependencies(deps);
const portalTokens = portalSessions(deps).tokens;

interface Tenant {
  admin: TestUser;
  /** A second level-1 user of the same tenant. */
  colleague: TestUser;
  clientId: string;
  /** A second client with a portal password: the portal's "another user" (the first client is `clientId`). */
  otherClientId: string;
}

/** Gives a tenant at least three items in every paged list. */
async function populate(): Promise<Tenant> {
  const { admin } = await newTenant(deps);
  const post = async (key: string, body: unknown, pathParameters?: Record<string, string>) => {
    const result = await callRoute({ routeKey: key, as: admin, body, ...(pathParameters ? { pathParameters } : {}) });
    expect(result.statusCode, `${key}: ${result.body}`).toBe(201);
    return json(result);
  };
  const colleague = (await post('POST /v1/users', {
    email: `colleague@${admin.tenantId}.test`,
    name: 'Colega',
    accessLevel: 1,
    permissions: ['exports.run', 'imports.run', 'escalations.manage'],
  })) as TestUser;
  await post('POST /v1/users', { email: `third@${admin.tenantId}.test`, name: 'Tercero', accessLevel: 4 });
  for (const name of ['Norte', 'Sur', 'Centro']) {
    await post('POST /v1/branches', { name });
    await post('POST /v1/departments', { name });
    await post('POST /v1/client-categories', { name, color: '#112233' });
    await post('POST /v1/zones', { name });
  }
  const clients: Array<Record<string, any>> = [];
  for (const name of ['Ana', 'Beto', 'Carla']) {
    clients.push(
      await post('POST /v1/clients', { personType: 'other', name, email: `${name.toLowerCase()}@client.test`, phone: '+56 9 1234 5678', city: 'Talca' }),
    );
  }
  for (const [i, client] of clients.entries()) {
    await post('POST /v1/invoices', {
      clientId: client.id,
      issueDate: `2026-01-0${i + 1}`,
      lines: [{ description: 'Servicio', quantity: 1, unitPrice: 1000, taxRate: 19 }],
    });
  }
  // An overdue issued invoice per client, each escalated: three escalations, each queuing an agency delivery (pending).
  for (const [i, client] of clients.entries()) {
    const invoice = await post('POST /v1/invoices', {
      clientId: client.id,
      status: 'issued',
      issueDate: `2026-01-1${i}`,
      dueDate: '2026-02-01',
      lines: [{ description: 'Servicio', quantity: 1, unitPrice: 1000, taxRate: 19 }],
    });
    const escalated = await callRoute({
      routeKey: 'POST /v1/clients/{clientId}/escalations',
      as: admin,
      pathParameters: { clientId: client.id },
      body: { invoiceIds: [invoice.id] },
      headers: { 'Idempotency-Key': `esc-${admin.tenantId}-${i}` },
    });
    expect(escalated.statusCode, escalated.body).toBe(201);
  }
  // Portal passwords for the first two clients (the record a regeneration writes; the tokens are issued per request).
  for (const client of clients.slice(0, 2)) {
    const at = new Date().toISOString();
    const access = {
      tenantId: admin.tenantId,
      clientId: client.id,
      email: client.email,
      passwordHash: 'scrypt$unused',
      version: 1,
      issuedAt: at,
      issuedBy: admin.id,
    };
    expect(await portalAccessRecords(deps).portalAccess.replace(access, undefined)).toBe(true);
  }
  // Exports are listed per requester: three each for the admin and the colleague.
  for (const [as, type] of [admin, colleague].flatMap((u) => ['clients', 'delinquency', 'clients'].map((t) => [u, t] as const))) {
    const asked = await callRoute({ routeKey: 'POST /v1/exports', as, body: { type } });
    expect(asked.statusCode, asked.body).toBe(202);
  }
  // Three statement movements (the aggregate store keeps them as invoice and payment writes do).
  await dynamoReceivablesAggregates(deps.document, deps.config.tableName).apply({
    tenantId: admin.tenantId,
    invoices: [],
    ledger: (['invoice', 'payment', 'invoice'] as const).map((kind, i) => ({
      clientId: clients[0]!.id,
      currency: 'CLP' as const,
      date: `2026-01-0${i + 1}`,
      kind,
      documentId: `DOC-${i}`,
      amount: ledgerSign(kind) * 1190,
    })),
  });

  for (const client of clients) {
    await post('POST /v1/payments', { clientId: client.id, amount: 100, method: 'cash' });
    await post('POST /v1/credit-notes', { clientId: client.id, amount: 100 });
    // Two more in January: each client's portal lists three payments and its January statement three lines or more.
    for (const date of ['2026-01-20', '2026-01-21']) await post('POST /v1/payments', { clientId: client.id, amount: 100, method: 'cash', date });
  }
  for (const [i, client] of clients.entries()) {
    await post('POST /v1/estimates', {
      clientId: client.id,
      issueDate: `2026-01-0${i + 1}`,
      lines: [{ description: 'Servicio', quantity: 1, unitPrice: 1000, taxRate: 19 }],
    });
  }
  for (const fileName of ['a.xlsx', 'b.xlsx', 'c.xlsx']) await post('POST /v1/imports', { type: 'clients', fileName, sizeBytes: 10 });
  // Three follow-up notes on the first client (straight into the table: the admin has no department to write them).
  for (const [i, text] of ['uno', 'dos', 'tres'].entries()) {
    const createdAt = `2026-01-0${i + 1}T10:00:00.000Z`;
    await deps.notes.create({
      id: `NOTA${i}`,
      tenantId: admin.tenantId,
      clientId: clients[0]!.id,
      authorId: admin.id,
      text,
      writtenIn: { departmentId: 'd' },
      version: 1,
      createdAt,
      updatedAt: createdAt,
      updatedBy: admin.id,
    });
  }
  // Three reminders to the first client, as the planner writes them (the send log lists them).
  for (const i of [1, 2, 3]) {
    const at = `2026-01-0${i}T12:00:00.000Z`;
    await messages.planOnce({
      id: `col-cursor-${i}`,
      tenantId: admin.tenantId,
      kind: 'collections.due_soon',
      from: `cobranza@${admin.tenantId}.test`,
      to: ['ana@client.test'],
      subject: 'Recordatorio',
      text: 'Su factura vence pronto',
      status: 'pending',
      attempts: 0,
      dueAt: at,
      version: 1,
      createdAt: at,
      collection: { type: 'due_soon', clientId: clients[0]!.id, invoiceIds: [], step: `2026-01-1${i}`, plannedFor: `2026-01-0${i}` },
    });
  }
  // Three tasks of the admin on the first client, on one day of January.
  for (const time of ['09:00', '10:00', '11:00']) await post('POST /v1/tasks', { title: `Tarea ${time}`, date: '2026-01-05', time, clientId: clients[0]!.id });
  // A history entry per change: the creation and two contacts added.
  for (const name of ['Pagos', 'Ventas']) await post('POST /v1/clients/{clientId}/contacts', { type: 'other', name }, { clientId: clients[0]!.id });
  return {
    admin,
    colleague: { tenantId: admin.tenantId, id: colleague.id, email: colleague.email, accessLevel: 1, permissions: ['imports.run'] },
    clientId: clients[0]!.id,
    otherClientId: clients[1]!.id,
  };
}

let a: Tenant;
let b: Tenant;
beforeAll(async () => {
  [a, b] = await Promise.all([populate(), populate()]);
});
afterEach(() => {
  vi.useRealTimers();
});

interface PagedCase {
  key: string;
  path?: (t: Tenant) => Record<string, string>;
  query?: Record<string, string>;
  /** The same route with another filter, where the route has filters. */
  otherQuery?: Record<string, string>;
  /** The member holding the page's items (default `items`). */
  items?: string;
  /** Called with a portal token of the tenant's client (`clientId`; `otherClientId` stands for the colleague), not a user's token. */
  portal?: true;
  /** The repository's own (unsealed) cursor for the first page of one item. */
  unsealed: (t: Tenant) => Promise<string | undefined>;
}

const taskCursor = async (t: Tenant, stream: TaskStream, range: TaskRange, descending = false) =>
  (await deps.tasks.read(t.admin.tenantId, stream, range, { limit: 1, descending })).after;

const cases: PagedCase[] = [
  {
    key: 'GET /v1/tasks/day',
    // The team's (level 1: the month stream): the colleague sees the admin's tasks too.
    query: { date: '2026-01-05', scope: 'team' },
    otherQuery: { date: '2026-01-05', scope: 'mine' },
    unsealed: (t) => taskCursor(t, { kind: 'month', month: '2026-01' }, dayRange('2026-01-05')),
  },
  {
    key: 'GET /v1/tasks/month',
    query: { month: '2026-01', scope: 'team' },
    otherQuery: { month: '2026-01', scope: 'mine' },
    unsealed: (t) => taskCursor(t, { kind: 'month', month: '2026-01' }, monthRange('2026-01')),
  },
  {
    key: 'GET /v1/clients/{clientId}/tasks',
    path: (t) => ({ clientId: t.clientId }),
    unsealed: (t) => taskCursor(t, { kind: 'client', clientId: t.clientId }, { lo: '', hi: '~' }, true),
  },
  {
    key: 'GET /v1/users',
    query: { status: 'all' },
    otherQuery: { status: 'active' },
    unsealed: async (t) => (await deps.users.list(t.admin.tenantId, { limit: 1 }, { status: 'all' })).cursor,
  },
  { key: 'GET /v1/branches', unsealed: async (t) => (await deps.orgUnits.list(t.admin.tenantId, 'branch', { limit: 1 })).cursor },
  { key: 'GET /v1/departments', unsealed: async (t) => (await deps.orgUnits.list(t.admin.tenantId, 'department', { limit: 1 })).cursor },
  {
    key: 'GET /v1/clients',
    query: { status: 'all' },
    otherQuery: { status: 'all', city: 'Talca' },
    unsealed: async (t) => (await deps.clients.list(t.admin.tenantId, { scope: { kind: 'all' }, status: 'all' }, { limit: 1 })).cursor,
  },
  {
    key: 'GET /v1/clients/search',
    query: { q: '+56 9 1234' },
    otherQuery: { q: '+56 9 123' },
    unsealed: async (t) =>
      (await deps.clients.search(t.admin.tenantId, { scope: { kind: 'all' }, status: 'active', text: parseSearchText('+56 9 1234')! }, { limit: 1 })).cursor,
  },
  {
    key: 'GET /v1/clients/{clientId}/history',
    path: (t) => ({ clientId: t.clientId }),
    unsealed: async (t) => (await deps.clients.history(t.admin.tenantId, t.clientId, { limit: 1 })).cursor,
  },
  { key: 'GET /v1/client-categories', unsealed: async (t) => (await deps.catalogs.list(t.admin.tenantId, 'category', { limit: 1 })).cursor },
  { key: 'GET /v1/zones', unsealed: async (t) => (await deps.catalogs.list(t.admin.tenantId, 'zone', { limit: 1 })).cursor },
  {
    key: 'GET /v1/invoices',
    otherQuery: { status: 'draft' },
    unsealed: async (t) => (await deps.invoices.list(t.admin.tenantId, { scope: { kind: 'all' }, today: '2026-03-02' }, { limit: 1 })).cursor,
  },
  {
    key: 'GET /v1/clients/{clientId}/statement',
    path: (t) => ({ clientId: t.clientId }),
    query: { from: '2026-01-01', to: '2026-01-31' },
    otherQuery: { from: '2026-01-01', to: '2026-01-30' },
    items: 'lines',
    unsealed: async (t) =>
      (
        await statement(
          { tenantId: t.admin.tenantId, userId: t.admin.id, accessLevel: 1, permissions: [] },
          { clientId: t.clientId, from: '2026-01-01', to: '2026-01-31', limit: 1 },
        )
      ).cursor,
  },

  { key: 'GET /v1/payments', unsealed: async (t) => (await deps.sources.list(t.admin.tenantId, 'payment', {}, { limit: 1 })).cursor },
  { key: 'GET /v1/credit-notes', unsealed: async (t) => (await deps.sources.list(t.admin.tenantId, 'credit_note', {}, { limit: 1 })).cursor },
  {
    key: 'GET /v1/estimates',
    otherQuery: { status: 'draft' },
    unsealed: async (t) => (await deps.estimates.list(t.admin.tenantId, { scope: { kind: 'all' } }, { limit: 1 })).cursor,
  },
  { key: 'GET /v1/exports', unsealed: async (t) => (await deps.exportJobs.listByRequester(t.admin.tenantId, t.admin.id, { limit: 1 })).cursor },
  { key: 'GET /v1/imports', unsealed: async (t) => (await deps.jobs.list(t.admin.tenantId, { limit: 1 })).cursor },
  {
    key: 'GET /v1/notes',
    otherQuery: { clientId: 'otro' },
    unsealed: async (t) =>
      (await notesReport(deps)({ tenantId: t.admin.tenantId, userId: t.admin.id, accessLevel: 1, permissions: [] }, {}, { limit: 1 })).cursor,
  },
  {
    key: 'GET /v1/collections/messages',
    otherQuery: { type: 'overdue' },
    unsealed: async (t) => (await sendLog.list(t.admin.tenantId, {}, { limit: 1 })).cursor,
  },
  {
    key: 'GET /v1/clients/{clientId}/messages',
    path: (t) => ({ clientId: t.clientId }),
    otherQuery: { type: 'overdue' },
    unsealed: async (t) => (await sendLog.list(t.admin.tenantId, { clientId: t.clientId }, { limit: 1 })).cursor,
  },
  {
    key: 'GET /v1/clients/{clientId}/notes',
    path: (t) => ({ clientId: t.clientId }),
    unsealed: async (t) =>
      (await notesReport(deps)({ tenantId: t.admin.tenantId, userId: t.admin.id, accessLevel: 1, permissions: [] }, { clientId: t.clientId }, { limit: 1 }))
        .cursor,
  },
  {
    key: 'GET /v1/escalations',
    otherQuery: { status: 'open' },
    unsealed: async (t) => (await escalation.escalations.list(t.admin.tenantId, {}, { limit: 1 })).cursor,
  },
  {
    key: 'GET /v1/escalations/deliveries',
    query: { status: 'pending' },
    otherQuery: { status: 'dead' },
    unsealed: async (t) => (await escalation.queue.listByStatus(t.admin.tenantId, 'pending', { limit: 1 })).cursor,
  },
  {
    key: 'GET /v1/portal/payments',
    portal: true,
    unsealed: async (t) => (await deps.sources.list(t.admin.tenantId, 'payment', { clientId: t.clientId }, { limit: 1 })).cursor,
  },
  {
    key: 'GET /v1/portal/statement',
    portal: true,
    query: { from: '2026-01-01', to: '2026-01-31' },
    otherQuery: { from: '2026-01-01', to: '2026-01-30' },
    items: 'lines',
    unsealed: async (t) =>
      (
        await statement(portalReader({ tenantId: t.admin.tenantId, clientId: t.clientId }), {
          clientId: t.clientId,
          from: '2026-01-01',
          to: '2026-01-31',
          limit: 1,
        })
      ).cursor,
  },
];

/** A portal token, issued afresh per request (by the request's clock, which some checks move back). */
const portalBearer = async (tenantId: string, clientId: string) => `Bearer ${(await portalTokens.issue({ tenantId, clientId, version: 1 }, new Date())).token}`;

/** Calls the case's route as the admin (or `as`); a portal case as the first client (or, for the colleague, the second). */
const list = async (
  c: PagedCase,
  t: Tenant,
  query: Record<string, string> = {},
  options: { as?: TestUser; headers?: Record<string, string>; exactQuery?: Record<string, string> } = {},
) => {
  const portal: Record<string, string> = c.portal
    ? { authorization: await portalBearer(t.admin.tenantId, options.as === t.colleague ? t.otherClientId : t.clientId) }
    : {};
  return callRoute({
    routeKey: c.key,
    ...(c.portal ? {} : { as: options.as ?? t.admin }),
    query: options.exactQuery ?? { ...c.query, ...query },
    ...(c.path ? { pathParameters: c.path(t) } : {}),
    headers: { ...portal, ...options.headers },
  });
};

/** The cursor of the first page of one item. */
async function firstCursor(c: PagedCase, t: Tenant = a, query: Record<string, string> = {}, as?: TestUser): Promise<string> {
  const result = await list(c, t, { limit: '1', ...query }, as ? { as } : {});
  expect(result.statusCode, result.body).toBe(200);
  const { cursor } = json(result);
  expect(cursor, `${c.key} gave no cursor`).toEqual(expect.any(String));
  return cursor;
}

/** The refusal every bad cursor gets: 400 problem+json pointing at the query's cursor. */
function expectRefused(result: Awaited<ReturnType<typeof callRoute>>, lang: 'es' | 'en' = 'es') {
  expect(result.statusCode, result.body).toBe(400);
  expect(result.headers['content-type']).toBe('application/problem+json');
  const problem = json(result);
  expect(problem.code).toBe('validation_failed');
  expect(problem.errors).toEqual([expect.objectContaining({ pointer: '/query/cursor', code: 'invalid_cursor' })]);
  if (lang === 'es') {
    expect(problem.detail).toBe('El cursor no es válido o expiró; vuelve a pedir la primera página');
    expect(problem.errors[0].message).toBe('El cursor no es válido o expiró; vuelve a pedir la primera página');
  } else {
    expect(problem.detail).toBe('The cursor is invalid or expired; request the first page again');
  }
}

/** Flips one character in the middle of a cursor, keeping it in the base64url alphabet. */
const flip = (cursor: string) => {
  const i = Math.floor(cursor.length / 2);
  return cursor.slice(0, i) + (cursor[i] === 'A' ? 'B' : 'A') + cursor.slice(i + 1);
};

describe('sealed cursors', () => {
  it('covers every paged route the specs declare', () => {
    expect(pagedRoutes().map(routeKey).sort()).toEqual(cases.map((c) => c.key).sort());
  });

  describe.each(cases.map((c) => [c.key, c] as const))('%s', (_key, c) => {
    it('pages through every item once with sealed cursors, also when the limit changes between pages', async () => {
      const all = json(await list(c, a, { limit: '100' }))[c.items ?? 'items'].map((i: { id?: string; seq?: number; at?: string }) => JSON.stringify(i));
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const result = await list(c, a, { limit: String(1 + (pages % 2)), ...(cursor ? { cursor } : {}) });
        expect(result.statusCode, result.body).toBe(200);
        const page = json(result);
        seen.push(...page[c.items ?? 'items'].map((i: unknown) => JSON.stringify(i)));
        cursor = page.cursor;
        pages += 1;
      } while (cursor && pages < 50);
      expect(all.length).toBeGreaterThanOrEqual(3);
      expect(seen).toEqual(all);
    });

    it('hands out cursors that reveal neither the tenant nor the position', async () => {
      const cursor = await firstCursor(c);
      const decoded = Buffer.from(cursor, 'base64url').toString('latin1');
      expect(decoded).not.toContain(a.admin.tenantId);
      expect(decoded).not.toMatch(/"[a-z]+":/);
    });

    it('refuses a garbled cursor with 400 at /query/cursor, in Spanish and in English', async () => {
      const cursor = await firstCursor(c);
      for (const garbled of [flip(cursor), cursor.slice(0, -4), 'not-a-cursor', Buffer.from('{"t":1}').toString('base64url'), 'A'.repeat(300)]) {
        expectRefused(await list(c, a, { cursor: garbled }));
      }
      expectRefused(await list(c, a, { cursor: flip(cursor) }, { headers: { 'accept-language': 'en' } }), 'en');
    });

    it('refuses a cursor made without the key, even one the repository itself would accept', async () => {
      const unsealed = await c.unsealed(a);
      expect(unsealed).toEqual(expect.any(String));
      expectRefused(await list(c, a, { cursor: unsealed! }));
    });

    it("refuses another tenant's cursor", async () => {
      const cursor = await firstCursor(c, b);
      expectRefused(await list(c, a, { cursor }));
    });

    it("refuses another user's cursor, even in the same tenant", async () => {
      const cursor = await firstCursor(c, a, {}, a.colleague);
      expectRefused(await list(c, a, { cursor }));
    });

    it("refuses another route's cursor", async () => {
      const other = cases[(cases.indexOf(c) + 1) % cases.length]!;
      const cursor = await firstCursor(other);
      expectRefused(await list(c, a, { cursor }));
    });

    if (c.otherQuery) {
      it('refuses a cursor issued for another filter', async () => {
        const cursor = await firstCursor(c);
        expectRefused(await list(c, a, {}, { exactQuery: { ...c.otherQuery!, cursor } }));
      });
    }

    it('accepts a cursor issued 50 minutes ago and refuses one issued 2 hours ago', async () => {
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(Date.now() - 50 * 60_000);
      const recent = await firstCursor(c);
      vi.setSystemTime(Date.now() - 70 * 60_000);
      const stale = await firstCursor(c);
      vi.useRealTimers();
      expect((await list(c, a, { cursor: recent })).statusCode).toBe(200);
      expectRefused(await list(c, a, { cursor: stale }));
    });
  });
});
