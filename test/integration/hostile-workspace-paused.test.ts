import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envNames } from '../../functions/catalogue.ts';
import { readConfig } from '../../functions/config.ts';
import { createDependencies } from '../../functions/dependencies.ts';
import type { HttpEvent, HttpResult } from '../../functions/http/http-types.ts';
import { portalAccessRecords } from '../../functions/wiring/portal.ts';
import { coldStart, within } from '../support/cold-start.ts';
import { ownDynamo } from '../support/fault-endpoints.ts';
import { localDay } from '../support/hostile-world.ts';
import { agencyEvent } from '../support/hostile-workspace-world.ts';
import { contextOf, httpEvent, json, type TestUser } from '../support/http.ts';
import { letLeasesRunOut } from '../support/lost-answers.ts';
import { newTenant } from '../support/tenants.ts';

/**
 * DynamoDB paused (a DynamoDB Local of this file's own, SIGSTOPped: it keeps its sockets and answers nothing)
 * under tasks-api, client-images-api, portal-access-api, portal-api and escalations-api (the agency's inbound
 * route included): every route answers 503 service_unavailable problem+json with Retry-After within the SDK
 * budget, never another 5xx or a hang. Then DynamoDB resumes, and whatever the paused writes did (a request
 * sent before the pause may still be applied when it resumes), the state is consistent: retried with the same
 * Idempotency-Key, each write happened once.
 */
const budget = { connectionTimeoutMs: 200, requestTimeoutMs: 500, socketTimeoutMs: 500, maxAttempts: 2, backoffCapMs: 50 };
type Handler = (event: HttpEvent, context: ReturnType<typeof contextOf>) => Promise<HttpResult>;
const entries = {
  'tasks-api': '../../functions/http/tasks-api.handler.ts',
  'client-images-api': '../../functions/http/client-images-api.handler.ts',
  'portal-access-api': '../../functions/http/portal-access-api.handler.ts',
  'portal-api': '../../functions/http/portal-api.handler.ts',
  'escalations-api': '../../functions/http/escalations-api.handler.ts',
  'clients-api': '../../functions/http/clients-api.handler.ts',
  'receivables-api': '../../functions/http/receivables-api.handler.ts',
} as const;
type Fn = keyof typeof entries;
const fnOf = (routeKey: string): Fn =>
  routeKey.includes('/tasks')
    ? 'tasks-api'
    : routeKey.includes('/image')
      ? 'client-images-api'
      : routeKey.includes('/portal/password')
        ? 'portal-access-api'
        : routeKey.includes('/portal/')
          ? 'portal-api'
          : routeKey.includes('escalation') || routeKey.includes('/agency/')
            ? 'escalations-api'
            : routeKey.includes('/invoices')
              ? 'receivables-api'
              : 'clients-api';

let dynamo: Awaited<ReturnType<typeof ownDynamo>> | undefined;
let deps: ReturnType<typeof createDependencies>;
/** Handlers with the short SDK budget (the paused calls) and with the default one (seeding and the checks after resuming, on a loaded machine). */
const short = new Map<Fn, Handler>();
const patient = new Map<Fn, Handler>();
let handlers = patient;
let admin: TestUser;
let clientId: string;
let invoiceId: string;
let taskId: string;
let escalationId: string;
let email: string;
let portalToken: string;
let paused = false;

type Extra = Omit<Parameters<typeof httpEvent>[0], 'routeKey' | 'as'>;
/** A request to the handler of the route, as `as` (a user), or as nobody (public and portal routes). */
const call = (routeKey: string, extra: Extra = {}, as: TestUser | undefined = admin) => {
  const event = httpEvent({ routeKey, ...(as ? { as } : {}), ...extra });
  event.requestContext.http.sourceIp = `10.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
  return handlers.get(fnOf(routeKey))!(event, contextOf(fnOf(routeKey)));
};
const ok = async (routeKey: string, extra: Extra = {}, as?: TestUser) => {
  const res = await call(routeKey, extra, as);
  expect(res.statusCode, `${routeKey}: ${res.body}`).toBeLessThan(300);
  return json(res);
};
const portalMails = async () =>
  (
    (
      await deps.document.send(
        new QueryCommand({
          TableName: deps.config.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sk)',
          ExpressionAttributeValues: { ':pk': `T#${admin.tenantId}`, ':sk': 'OUTBOX#' },
          ConsistentRead: true,
        }),
      )
    ).Items ?? []
  ).filter((i) => i.kind === 'portal.password');

beforeAll(async () => {
  const tableName = readConfig().tableName;
  // On a loaded machine the JVM may miss ownDynamo's 30 s start-up window: try again.
  for (let attempt = 1; !dynamo; attempt++) {
    try {
      dynamo = await ownDynamo(tableName);
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
  const env = { [envNames.dynamoEndpoint]: dynamo.endpoint, [envNames.sdkBudget]: JSON.stringify(budget) };
  deps = createDependencies(readConfig({ ...process.env, [envNames.dynamoEndpoint]: dynamo!.endpoint }));
  const load = async () =>
    Object.fromEntries(await Promise.all(Object.entries(entries).map(async ([fn, entry]) => [fn, (await import(entry)).handler as Handler])));
  for (const [fn, handler] of Object.entries(await coldStart(load, env))) short.set(fn as Fn, handler as Handler);
  for (const [fn, handler] of Object.entries(await coldStart(load, { [envNames.dynamoEndpoint]: dynamo!.endpoint }))) patient.set(fn as Fn, handler as Handler);

  ({ admin } = await newTenant(deps));
  email = `pausa-${admin.tenantId}@cliente.test`;
  clientId = (await ok('POST /v1/clients', { body: { personType: 'other', name: 'Cliente Pausa', email } })).id;
  const invoice = (dueDate: string) =>
    ok('POST /v1/invoices', {
      body: { clientId, status: 'issued', issueDate: localDay(-60), dueDate, lines: [{ description: 'Arena', quantity: '1', unitPrice: '900', taxRate: '0' }] },
    });
  invoiceId = (await invoice(localDay(-30))).id;
  const escalated = await invoice(localDay(-35));
  escalationId = (await ok('POST /v1/clients/{clientId}/escalations', { pathParameters: { clientId }, body: { invoiceIds: [escalated.id] } })).id;
  taskId = (await ok('POST /v1/tasks', { body: { title: 'Antes de la pausa', date: localDay(2), clientId } })).id;
  await ok('POST /v1/clients/{clientId}/portal/password', { pathParameters: { clientId } });
  const password = /Contraseña: (\S+)/.exec(String((await portalMails())[0]!.text))![1]!;
  portalToken = (await ok('POST /v1/portal/{tenantId}/sign-in', { pathParameters: { tenantId: admin.tenantId }, body: { email, password } }, undefined)).token;
}, 240_000);
afterAll(async () => {
  if (paused) dynamo?.resume();
  await dynamo?.stop();
});

/** Every route of the four functions, with what it needs; writes carry an Idempotency-Key where the route takes one. */
const routes = (): Array<[string, Extra, TestUser | undefined]> => [
  ['POST /v1/tasks', { body: { title: 'Durante la pausa', date: localDay(2), clientId }, headers: { 'idempotency-key': `task-${admin.tenantId}` } }, admin],
  ['GET /v1/tasks/day', { query: { date: localDay(2) } }, admin],
  ['GET /v1/tasks/month', { query: { month: localDay(2).slice(0, 7), scope: 'team' } }, admin],
  ['GET /v1/tasks/{taskId}', { pathParameters: { taskId } }, admin],
  ['PATCH /v1/tasks/{taskId}', { pathParameters: { taskId }, body: { colour: 'red' }, headers: { 'if-match': '"1"' } }, admin],
  ['POST /v1/tasks/{taskId}/complete', { pathParameters: { taskId }, headers: { 'if-match': '"1"' } }, admin],
  ['POST /v1/tasks/{taskId}/copy', { pathParameters: { taskId }, body: {}, headers: { 'idempotency-key': `copy-${admin.tenantId}` } }, admin],
  ['GET /v1/clients/{clientId}/tasks', { pathParameters: { clientId } }, admin],
  ['POST /v1/clients/{clientId}/image', { pathParameters: { clientId }, body: { contentType: 'image/png', sizeBytes: 100 } }, admin],
  ['GET /v1/clients/{clientId}/image', { pathParameters: { clientId } }, admin],
  ['DELETE /v1/clients/{clientId}/image', { pathParameters: { clientId } }, admin],
  ['POST /v1/clients/{clientId}/portal/password', { pathParameters: { clientId }, headers: { 'idempotency-key': `portal-${admin.tenantId}` } }, admin],
  ['POST /v1/portal/{tenantId}/sign-in', { pathParameters: { tenantId: 't-x' }, body: { email: 'a@b.test', password: 'x' } }, undefined],
  ['GET /v1/portal/invoices', { headers: { authorization: `Bearer ${portalToken}` } }, undefined],
  ['GET /v1/portal/payments', { headers: { authorization: `Bearer ${portalToken}` } }, undefined],
  ['GET /v1/portal/statement', { headers: { authorization: `Bearer ${portalToken}` } }, undefined],
  [
    'POST /v1/clients/{clientId}/escalations',
    { pathParameters: { clientId }, body: { invoiceIds: [invoiceId] }, headers: { 'idempotency-key': `esc-${admin.tenantId}` } },
    admin,
  ],
  ['GET /v1/escalations', {}, admin],
  ['GET /v1/escalations/deliveries', {}, admin],
  ['GET /v1/escalations/{escalationId}', { pathParameters: { escalationId } }, admin],
  ['POST /v1/escalations/{escalationId}/stage', { pathParameters: { escalationId }, body: { stage: 'prejudicial', status: 'in_progress' } }, admin],
  [
    'POST /v1/escalations/{escalationId}/objections',
    { pathParameters: { escalationId }, body: { text: 'Objeta' }, headers: { 'idempotency-key': `obj-${admin.tenantId}` } },
    admin,
  ],
];

describe('DynamoDB paused under the workspace routes, then resumed', () => {
  it('every route answers 503 service_unavailable with Retry-After within the budget; after resuming, each write happened once', async () => {
    const before = { mails: (await portalMails()).length, version: (await portalAccessRecords(deps).portalAccess.get(admin.tenantId, clientId))!.version };
    dynamo!.pause();
    paused = true;
    handlers = short;
    const inbound = await agencyEvent({
      tenantId: admin.tenantId,
      escalationId,
      objection: { id: 'obj-pausa', date: localDay(0), text: 'En pausa', status: 'open' },
    });
    const all: Array<[string, Extra, TestUser | undefined]> = [
      ...routes(),
      [inbound.routeKey, { rawBody: inbound.rawBody, headers: inbound.headers }, undefined],
    ];
    const timings: string[] = [];
    for (const [routeKey, extra, as] of all) {
      const lang = timings.length % 2 ? 'en' : 'es';
      const started = performance.now();
      const res = await within(10_000, call(routeKey, { ...extra, headers: { ...extra.headers, 'accept-language': lang } }, as));
      const ms = Math.round(performance.now() - started);
      timings.push(`${routeKey} ${res.statusCode} ${ms} ms`);
      expect(res.statusCode, `${routeKey}: ${res.body}`).toBe(503);
      expect(res.headers!['content-type']).toBe('application/problem+json');
      expect(res.headers!['retry-after']).toBeDefined();
      expect(res.headers!['content-language']).toBe(lang);
      expect(json(res)).toMatchObject({ code: 'service_unavailable' });
    }
    console.log(`paused DynamoDB:\n  ${timings.join('\n  ')}`);

    dynamo!.resume();
    paused = false;
    handlers = patient;
    // Requests that reached DynamoDB before the pause may hold their key's lease: let it lapse, as time would.
    await letLeasesRunOut(admin.tenantId, deps.config);
    const replay = async (routeKey: string) => {
      const [, extra, as] = all.find(([k]) => k === routeKey)!;
      return call(routeKey, extra, as);
    };

    // A task created with the key: once.
    expect((await replay('POST /v1/tasks')).statusCode).toBe(201);
    expect((await replay('POST /v1/tasks')).statusCode).toBe(201);
    const day = json(await call('GET /v1/tasks/day', { query: { date: localDay(2), limit: '100' } }));
    expect(day.items.filter((t: { title: string }) => t.title === 'Durante la pausa')).toHaveLength(1);
    // The copy with its key: once.
    await replay('POST /v1/tasks/{taskId}/copy');
    expect((await replay('POST /v1/tasks/{taskId}/copy')).statusCode).toBe(201);
    const copies = json(await call('GET /v1/clients/{clientId}/tasks', { pathParameters: { clientId }, query: { limit: '100' } })).items.filter(
      (t: { copiedFrom?: string }) => t.copiedFrom === taskId,
    );
    expect(copies).toHaveLength(1);
    // The task's conditional writes: at most one of the edit and the completion went through on version 1.
    const task = json(await call('GET /v1/tasks/{taskId}', { pathParameters: { taskId } }));
    expect(task.version).toBeLessThanOrEqual(2);
    // The escalation with its key: once; the invoice is in one escalation.
    expect((await replay('POST /v1/clients/{clientId}/escalations')).statusCode).toBe(201);
    const listed = json(await call('GET /v1/escalations', { query: { clientId, limit: '100' } })).items.filter((e: { invoices: Array<{ id: string }> }) =>
      e.invoices.some((i) => i.id === invoiceId),
    );
    expect(listed).toHaveLength(1);
    // The objection with its key: once.
    expect((await replay('POST /v1/escalations/{escalationId}/objections')).statusCode).toBe(201);
    const escalation = json(await call('GET /v1/escalations/{escalationId}', { pathParameters: { escalationId } }));
    expect(escalation.objections.filter((o: { text: string }) => o.text === 'Objeta')).toHaveLength(1);
    // The agency's event: applied once (a replay of it is refused).
    const again = await call(inbound.routeKey, { rawBody: inbound.rawBody, headers: inbound.headers }, undefined);
    expect([200, 401]).toContain(again.statusCode);
    const after = json(await call('GET /v1/escalations/{escalationId}', { pathParameters: { escalationId } }));
    expect(after.objections.filter((o: { id: string }) => o.id === 'obj-pausa')).toHaveLength(1);
    // The portal password with its key: each stored version has its one e-mail, and the newest password signs in.
    expect((await replay('POST /v1/clients/{clientId}/portal/password')).statusCode).toBe(202);
    expect((await replay('POST /v1/clients/{clientId}/portal/password')).statusCode).toBe(202);
    const access = (await portalAccessRecords(deps).portalAccess.get(admin.tenantId, clientId))!;
    const mails = await portalMails();
    console.log(`after resuming: portal versions ${before.version} → ${access.version}, e-mails ${before.mails} → ${mails.length}`);
    expect(mails.length - before.mails).toBe(access.version - before.version);
    expect(access.version - before.version).toBe(1);
  }, 180_000);
});
