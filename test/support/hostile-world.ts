import { expect } from 'vitest';
import { Permission } from '../../domain/shared/actor.ts';
import type { OutboundEmail } from '../../domain/messaging/outbound-email.schema.ts';
import type { HttpResult } from '../../functions/http/http-types.ts';
import { callRoute } from './api.ts';
import { englishIn } from './english-words.ts';
import { json, type TestUser } from './http.ts';
import { newTenant, newUser, testDeps } from './tenants.ts';

/**
 * Two tenants with everything the collections, send-log and notes routes act on, and users at every
 * level with and without the permissions, for the hostile campaign (test/integration/hostile-*.test.ts).
 * Every secret-looking value of tenant A carries MARK, so a body of tenant B that contains it is a leak.
 */
export const MARK = 'SECRETOA';
export const deps = testDeps();
const stamp = () => {
  const at = new Date().toISOString();
  return { version: 1, createdAt: at, updatedAt: at };
};

/** The tenant's local date `days` from today (America/Santiago, as newTenant sets it). */
export const localDay = (days: number) => new Date(Date.now() + days * 86_400_000).toLocaleDateString('en-CA', { timeZone: 'America/Santiago' });

export interface World {
  tenantId: string;
  admin: TestUser;
  /** Level 1 with every permission and a department: writes notes. */
  boss: TestUser;
  users: Record<'l1bare' | 'l2' | 'l3' | 'l4' | 'l4bare' | 'l4other' | 'inactive', TestUser>;
  /** In the scope of l2, l3 and l4 (branch B1, collector l4). */
  clientId: string;
  /** Only level 1 sees it (branch B2, nobody assigned). */
  hiddenClientId: string;
  invoiceId: string;
  conceptId: string;
  noteId: string;
  /** A collection message in `unknown` (waiting for a person's decision). */
  unknownMessageId: string;
}

const post = async (routeKey: string, as: TestUser, body: unknown, pathParameters?: Record<string, string>) => {
  const res = await callRoute({ routeKey, as, body, ...(pathParameters ? { pathParameters } : {}) });
  expect(res.statusCode, `${routeKey}: ${res.body}`).toBeLessThan(300);
  return json(res);
};

/** A collection message in `unknown` for `clientId`, as the dispatcher leaves one after a lost answer. */
export async function unknownMessage(tenantId: string, clientId: string, mark: string, id = `col_${crypto.randomUUID().replaceAll('-', '')}`) {
  const at = new Date().toISOString();
  const email: OutboundEmail = {
    id,
    tenantId,
    kind: 'collection',
    from: `cobranza@${tenantId}.test`,
    to: [`${mark.toLowerCase()}@cliente.test`],
    subject: `Aviso ${mark}`,
    text: `Hola ${mark}`,
    status: 'unknown',
    attempts: 1,
    dueAt: at,
    unknownAt: at,
    lastError: 'no answer from SES',
    version: 2,
    createdAt: at,
    collection: { type: 'due_soon', clientId, invoiceIds: ['inv-x'], step: localDay(7), plannedFor: localDay(0) },
  };
  await deps.outbox.enqueue(email);
  return id;
}

export async function buildWorld(name = MARK): Promise<World> {
  const { tenantId, admin } = await newTenant(deps);
  for (const [kind, id] of [
    ['branch', 'B1'],
    ['branch', 'B2'],
    ['department', 'D1'],
    ['department', 'D2'],
  ] as const)
    await deps.orgUnits.create({ tenantId, kind, id, name: `${kind} ${id}`, ...stamp() });
  const all = [...Permission.options];
  const boss = await newUser(deps, tenantId, { accessLevel: 1, permissions: all, branchId: 'B1', departmentId: 'D1', name: 'Jefa' });
  const users = {
    l1bare: await newUser(deps, tenantId, { accessLevel: 1, permissions: [], branchId: 'B1', departmentId: 'D1' }),
    l2: await newUser(deps, tenantId, { accessLevel: 2, permissions: all, branchId: 'B1', departmentId: 'D1' }),
    l3: await newUser(deps, tenantId, { accessLevel: 3, permissions: all, branchId: 'B1', departmentId: 'D1' }),
    l4: await newUser(deps, tenantId, { accessLevel: 4, permissions: all, branchId: 'B1', departmentId: 'D1', name: 'Cobradora' }),
    l4bare: await newUser(deps, tenantId, { accessLevel: 4, permissions: [], branchId: 'B1', departmentId: 'D1' }),
    // Level 4 with every permission but no client of its own: every client is out of its scope.
    l4other: await newUser(deps, tenantId, { accessLevel: 4, permissions: all, branchId: 'B2', departmentId: 'D2' }),
    inactive: await newUser(deps, tenantId, { accessLevel: 1, permissions: all, branchId: 'B1', departmentId: 'D1', status: 'inactive' }),
  };
  const client = await post('POST /v1/clients', admin, {
    personType: 'other',
    name: `Cliente ${name}`,
    email: `${name.toLowerCase()}@${tenantId}.test`,
    branchId: 'B1',
    collectorId: users.l4.id,
    sellerId: users.l4bare.id,
  });
  const hidden = await post('POST /v1/clients', admin, { personType: 'other', name: `Oculto ${name}`, email: `oculto@${tenantId}.test`, branchId: 'B2' });
  const invoice = await post('POST /v1/invoices', admin, {
    clientId: client.id,
    status: 'issued',
    issueDate: localDay(-5),
    dueDate: localDay(30),
    lines: [{ description: `Cemento ${name}`, quantity: '1', unitPrice: '1000', taxRate: '0' }],
  });
  const concept = await post('POST /v1/collections/notice-concepts', admin, { description: `Concepto ${name}`, days: 3, relation: 'after' });
  const note = await post('POST /v1/clients/{clientId}/notes', boss, { text: `Nota ${name}`, treatment: `Llamar ${name}` }, { clientId: client.id });
  const unknownMessageId = await unknownMessage(tenantId, client.id, name);
  const record = (await deps.users.get(tenantId, boss.id))!;
  await deps.users.update({ ...record, mailbox: `jefa@${tenantId}.test`, version: record.version + 1 }, record);
  return {
    tenantId,
    admin,
    boss,
    users,
    clientId: client.id,
    hiddenClientId: hidden.id,
    invoiceId: invoice.id,
    conceptId: concept.id,
    noteId: note.id,
    unknownMessageId,
  };
}

export const settingsBody = () => ({
  reminders: {
    due_soon: { enabled: true, daysBefore: 3 },
    due_today: { enabled: true },
    overdue: { enabled: true, daysAfter: 1, everyDays: 7, maxTimes: 4 },
    statement: { enabled: false, frequency: 'monthly', dayOfMonth: 1 },
    payment_received: { enabled: true },
  },
  businessDaysOnly: true,
});

export type Request = Omit<Parameters<typeof callRoute>[0], 'as'>;

/**
 * Every route of collections-api, send-log-api and the notes, each with a request that would succeed
 * for tenant `w`'s level-1 user with every permission (ids of `w`'s own records).
 */
export function routeRequests(w: World): Request[] {
  const ifMatch = { 'if-match': '*' };
  return [
    { routeKey: 'GET /v1/collections/settings' },
    { routeKey: 'PUT /v1/collections/settings', body: settingsBody(), headers: ifMatch },
    { routeKey: 'GET /v1/collections/notice-concepts' },
    { routeKey: 'POST /v1/collections/notice-concepts', body: { description: '10 días antes', days: 10, relation: 'before' } },
    { routeKey: 'PATCH /v1/collections/notice-concepts/{conceptId}', pathParameters: { conceptId: w.conceptId }, body: { days: 4 }, headers: ifMatch },
    { routeKey: 'DELETE /v1/collections/notice-concepts/{conceptId}', pathParameters: { conceptId: w.conceptId }, headers: ifMatch },
    { routeKey: 'GET /v1/clients/{clientId}/notice-settings', pathParameters: { clientId: w.clientId } },
    {
      routeKey: 'PUT /v1/clients/{clientId}/notice-settings',
      pathParameters: { clientId: w.clientId },
      body: { enabled: true, toContacts: false, beforeConceptIds: ['before-7'], afterConceptIds: [] },
      headers: ifMatch,
    },
    { routeKey: 'POST /v1/collections/templates/preview', body: { type: 'due_soon', clientId: w.clientId } },
    { routeKey: 'POST /v1/me/mailbox/verify' },
    { routeKey: 'GET /v1/collections/preview' },
    { routeKey: 'POST /v1/invoices/{invoiceId}/collections/send-now', pathParameters: { invoiceId: w.invoiceId } },
    { routeKey: 'GET /v1/collections/messages' },
    { routeKey: 'GET /v1/clients/{clientId}/messages', pathParameters: { clientId: w.clientId } },
    { routeKey: 'POST /v1/collections/messages/{messageId}/decision', pathParameters: { messageId: w.unknownMessageId }, body: { decision: 'drop' } },
    { routeKey: 'POST /v1/clients/{clientId}/notes', pathParameters: { clientId: w.clientId }, body: { text: 'Llamó para pagar el lunes' } },
    { routeKey: 'GET /v1/clients/{clientId}/notes', pathParameters: { clientId: w.clientId } },
    { routeKey: 'GET /v1/notes/{noteId}', pathParameters: { noteId: w.noteId } },
    { routeKey: 'PATCH /v1/notes/{noteId}', pathParameters: { noteId: w.noteId }, body: { text: 'Corregida' }, headers: ifMatch },
    { routeKey: 'DELETE /v1/notes/{noteId}', pathParameters: { noteId: w.noteId }, headers: ifMatch },
    { routeKey: 'GET /v1/notes' },
    { routeKey: 'GET /v1/clients/{clientId}/overview', pathParameters: { clientId: w.clientId } },
  ];
}

/** Attempts and answers of the campaign, by route, printed at the end of each file. */
export class Tally {
  readonly byRoute = new Map<string, Map<number, number>>();
  total = 0;
  serverErrors: string[] = [];

  record(routeKey: string, res: HttpResult) {
    this.total++;
    const counts = this.byRoute.get(routeKey) ?? new Map<number, number>();
    counts.set(res.statusCode!, (counts.get(res.statusCode!) ?? 0) + 1);
    this.byRoute.set(routeKey, counts);
    if (res.statusCode! >= 500) this.serverErrors.push(`${routeKey} → ${res.statusCode} ${res.body?.slice(0, 200)}`);
  }

  print(title: string) {
    const lines = [...this.byRoute].map(
      ([route, counts]) =>
        `  ${route.padEnd(58)} ${[...counts]
          .sort(([a], [b]) => a - b)
          .map(([s, n]) => `${s}×${n}`)
          .join(' ')}`,
    );
    console.log(`${title}: ${this.total} requests over ${this.byRoute.size} routes, ${this.serverErrors.length} answered 5xx\n${lines.join('\n')}`);
  }
}

/**
 * Calls the route and checks what every answer must be: below 500, and an error is problem+json with a
 * stable code the OpenAPI document declares for the route (json() checks that), in Spanish unless
 * English was asked, Spanish throughout.
 */
export async function hostileCall(tally: Tally, request: Parameters<typeof callRoute>[0]): Promise<HttpResult & { problem?: Record<string, any> }> {
  const res = await callRoute(request);
  tally.record(request.routeKey, res);
  expect(res.statusCode, `${request.routeKey} ${JSON.stringify(request).slice(0, 300)} → ${res.body?.slice(0, 300)}`).toBeLessThan(500);
  if (res.statusCode! < 400) return res;
  expect(res.headers?.['content-type']).toBe('application/problem+json');
  const problem = json(res);
  expect(problem.code).toMatch(/^[a-z][a-z_]*$/);
  const english = /^en\b/i.test(request.headers?.['accept-language'] ?? '');
  expect(res.headers?.['content-language']).toBe(english ? 'en' : 'es');
  if (!english) {
    for (const text of [problem.title, problem.detail, ...(problem.errors ?? []).map((e: { message: string }) => e.message)]) {
      expect(englishIn(text), `${request.routeKey}: ${text}`).toEqual([]);
    }
  }
  return Object.assign(res, { problem });
}
