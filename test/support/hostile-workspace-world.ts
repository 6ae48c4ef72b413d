import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { decodeJwt } from 'jose';
import sharp from 'sharp';
import { expect } from 'vitest';
import { signatureHeader } from '../../functions/adapters/agency/webhook-signature.ts';
import type { HttpEvent, HttpResult } from '../../functions/http/http-types.ts';
import { escalationDependencies } from '../../functions/wiring/escalations.ts';
import { invokeFunction } from '../../scripts/local/handlers.ts';
import { routeFor } from './api.ts';
import { englishIn } from './english-words.ts';
import { buildWorld, deps, localDay, MARK, type Tally, type World } from './hostile-world.ts';
import { httpEvent, json, type TestUser } from './http.ts';
import { s3Event } from './import-runner.ts';
import { inboxOf } from './ses-inbox.ts';

/**
 * Tenant worlds for the hostile campaign over the workspace routes (issue 12): tasks-api, client-images-api
 * (and the S3-triggered client-image function), portal-access-api and portal-api, escalations-api (and the
 * agency's signed inbound route). Built on hostile-world.ts's tenant (users at every level, MARK in every
 * secret-looking value of tenant A) through the HTTP API only: no internal keys, so re-keys of tasks do not
 * touch it. `OCULTO` marks what only level 1 may see (a task of a user in another branch and department).
 */
export { MARK } from './hostile-world.ts';
export const OCULTO = 'Oculto';

export interface WorkspaceWorld extends World {
  tasks: { boss: string; l4: string; client: string; hidden: string };
  imageId: string;
  /** The portal's main client (`clientId`): its e-mail, a password read back from the outbox or the inbox, and a token. */
  portal: { email: string; token: string; claims: Record<string, string>; otherToken: string };
  overdueInvoiceId: string;
  escalationId: string;
  /** A webhook to the agency made dead, with MARK in its last error. */
  deadDeliveryId: string;
}

const imageFunction = (await import('../../functions/s3/client-image.handler.ts')).handler;
const escalation = escalationDependencies(deps);

const ok = async (routeKey: string, as: TestUser, extra: Omit<Parameters<typeof httpEvent>[0], 'routeKey' | 'as'> = {}) => {
  const res = await invoke(httpEvent({ routeKey, as, ...extra }));
  expect(res.statusCode, `${routeKey}: ${res.body}`).toBeLessThan(300);
  return json(res);
};

/** Invokes whichever catalogued handler serves the event's route. */
export const invoke = async (event: HttpEvent) => (await invokeFunction(routeFor(event.routeKey).function, event)) as HttpResult;

/** A small real PNG (sharp), different per seed. */
export const aPng = (seed = 0) =>
  sharp({ create: { width: 64 + seed, height: 48, channels: 3, background: { r: 200, g: (90 + seed) % 255, b: 30 } } })
    .png()
    .toBuffer();

/** Asks for an upload URL, PUTs the bytes to s3rver as a browser would; answers the upload id and object key. */
export async function putImage(as: TestUser, clientId: string, bytes: Uint8Array) {
  const { upload, put } = await ok('POST /v1/clients/{clientId}/image', as, {
    pathParameters: { clientId },
    body: { contentType: 'image/png', sizeBytes: bytes.length },
  });
  const sent = await fetch(put.url, { method: 'PUT', headers: put.headers, body: bytes });
  expect(sent.status, await sent.text()).toBe(200);
  const key = new URL(put.url).pathname.split('/').slice(2).map(decodeURIComponent).join('/');
  return { id: upload.id as string, key, size: bytes.length };
}

/** What the bucket notification delivers to the client-image function once the object is stored. */
export const imageArrived = (key: string, size: number) => imageFunction(s3Event(key, size)) as Promise<{ outcomes: Array<{ outcome: string }> }>;

/** The password of the client's newest portal e-mail: from the outbox item while unsent, else from the SES emulator's inbox. */
export async function portalPasswords(tenantId: string, email: string): Promise<string[]> {
  const outbox = await deps.document.send(
    new QueryCommand({
      TableName: deps.config.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sk)',
      ExpressionAttributeValues: { ':pk': `T#${tenantId}`, ':sk': 'OUTBOX#' },
      ConsistentRead: true,
    }),
  );
  const texts = (outbox.Items ?? []).filter((i) => i.kind === 'portal.password' && (i.to as string[]).includes(email)).map((i) => String(i.text));
  const inbox = (await inboxOf(email)).map((m) => m.body.text ?? '');
  // The outbox item keeps the text until the dispatcher sends it; after that only the inbox has it.
  return (texts.length > 0 ? texts : inbox).map((t) => /(?:Contraseña|Password): (\S+)/.exec(t)?.[1]).filter((p): p is string => p !== undefined);
}

/** The portal's outbox items of one client e-mail (sent or not): one per regeneration. */
export async function portalMails(tenantId: string, email: string) {
  const outbox = await deps.document.send(
    new QueryCommand({
      TableName: deps.config.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sk)',
      ExpressionAttributeValues: { ':pk': `T#${tenantId}`, ':sk': 'OUTBOX#' },
      ConsistentRead: true,
    }),
  );
  return (outbox.Items ?? []).filter((i) => i.kind === 'portal.password' && (i.to as string[]).includes(email));
}

/** Signs in from a source address of its own (the per-source lock is not the subject here). */
export async function signIn(tenantId: string, email: string, password: string) {
  const event = httpEvent({ routeKey: 'POST /v1/portal/{tenantId}/sign-in', pathParameters: { tenantId }, body: { email, password } });
  event.requestContext.http.sourceIp = `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
  return invoke(event);
}

/** Regenerates the client's portal password and signs in with it: its token. */
export async function portalToken(as: TestUser, clientId: string) {
  const issued = await ok('POST /v1/clients/{clientId}/portal/password', as, { pathParameters: { clientId } });
  const password = (await portalPasswords(as.tenantId, issued.email)).at(-1);
  expect(password, `no portal password for ${issued.email}`).toBeDefined();
  const res = await signIn(as.tenantId, issued.email, password!);
  expect(res.statusCode, res.body).toBe(200);
  return { email: issued.email as string, token: json(res).token as string };
}

/** New portal passwords and tokens for the world's two portal clients (a regeneration voids the tokens of the old one). */
export async function refreshPortal(w: WorkspaceWorld) {
  const [main, other] = await Promise.all([portalToken(w.admin, w.clientId), portalToken(w.admin, w.hiddenClientId)]);
  w.portal.token = main.token;
  w.portal.claims = Object.fromEntries(Object.entries(decodeJwt(main.token)).map(([k, v]) => [k, String(v)]));
  w.portal.otherToken = other.token;
}

/**
 * A status event as the agency signs it (the tenant's inbound key, derived as escalations-api derives it):
 * the one place the campaign knows how inbound events are signed. `tenantKey` signs with another tenant's key.
 */
export async function agencyEvent(
  event: Record<string, unknown> & { tenantId: string },
  options: { tenantKey?: string; raw?: string; signature?: string } = {},
) {
  const rawBody = options.raw ?? JSON.stringify({ eventId: `ev-${crypto.randomUUID()}`, occurredAt: new Date().toISOString(), ...event });
  const key = await escalation.keys(options.tenantKey ?? event.tenantId, 'inbound');
  const headers = { 'content-type': 'application/json', 'x-signature': options.signature ?? signatureHeader(key, Math.floor(Date.now() / 1000), rawBody) };
  return { routeKey: 'POST /v1/agency/webhooks/status', rawBody, headers };
}

export async function buildWorkspaceWorld(name = MARK): Promise<WorkspaceWorld> {
  const w = await buildWorld(name);
  const task = (as: TestUser, body: Record<string, unknown>) => ok('POST /v1/tasks', as, { body: { date: localDay(3), ...body } });
  const [boss, l4, client, hidden] = await Promise.all([
    task(w.boss, { title: `Revisar cartera ${name}`, notes: `Clave ${name}` }),
    task(w.users.l4, { title: `Llamar ${name}`, type: 'call', time: '10:30', clientId: w.clientId }),
    task(w.boss, { title: `Visita ${name}`, type: 'visit', clientId: w.clientId, assigneeId: w.users.l4.id, notes: `Portón ${name}` }),
    task(w.boss, { title: `${OCULTO} ${name}`, assigneeId: w.users.l4other.id, notes: `${OCULTO} ${name}` }),
  ]);

  const image = await putImage(w.admin, w.clientId, await aPng());
  expect((await imageArrived(image.key, image.size)).outcomes).toEqual([{ objectKey: image.key, outcome: 'ready' }]);

  const main = await portalToken(w.admin, w.clientId);
  const other = await portalToken(w.admin, w.hiddenClientId);

  const overdue = await ok('POST /v1/invoices', w.admin, {
    body: {
      clientId: w.clientId,
      status: 'issued',
      issueDate: localDay(-70),
      dueDate: localDay(-40),
      lines: [{ description: `Fierro ${name}`, quantity: '1', unitPrice: '5000', taxRate: '0' }],
    },
  });
  const escalated = await ok('POST /v1/clients/{clientId}/escalations', w.admin, {
    pathParameters: { clientId: w.clientId },
    body: { invoiceIds: [overdue.id], notes: `Escalada ${name}` },
    headers: { 'idempotency-key': `world-${w.tenantId}` },
  });
  const [delivery] = (await escalation.queue.listByStatus(w.tenantId, 'pending', { limit: 10 })).items;
  expect(delivery).toBeDefined();
  const dead = { ...delivery!, status: 'dead' as const, lastError: `agency answered 500 ${name}`, version: delivery!.version + 1 };
  expect(await escalation.queue.transition(dead, delivery!)).toBe(true);

  return {
    ...w,
    tasks: { boss: boss.id, l4: l4.id, client: client.id, hidden: hidden.id },
    imageId: image.id,
    portal: {
      email: main.email,
      token: main.token,
      claims: Object.fromEntries(Object.entries(decodeJwt(main.token)).map(([k, v]) => [k, String(v)])),
      otherToken: other.token,
    },
    overdueInvoiceId: overdue.id,
    escalationId: escalated.id,
    deadDeliveryId: delivery!.id,
  };
}

export type Request = Omit<Parameters<typeof httpEvent>[0], 'as'>;

/**
 * Every route of tasks-api, client-images-api, portal-access-api, portal-api and escalations-api, each
 * with a request that would succeed for tenant `w`'s level-1 user with every permission (or, on portal
 * routes, its portal token; on the inbound route, its agency's signature).
 */
export async function workspaceRequests(w: WorkspaceWorld): Promise<Request[]> {
  const ifMatch = { 'if-match': '*' };
  const bearer = { authorization: `Bearer ${w.portal.token}` };
  return [
    { routeKey: 'POST /v1/tasks', body: { title: 'Llamar al cliente', date: localDay(5), clientId: w.clientId } },
    { routeKey: 'GET /v1/tasks/day', query: { date: localDay(3), scope: 'team' } },
    { routeKey: 'GET /v1/tasks/month', query: { month: localDay(3).slice(0, 7), scope: 'team' } },
    { routeKey: 'GET /v1/tasks/{taskId}', pathParameters: { taskId: w.tasks.client } },
    { routeKey: 'PATCH /v1/tasks/{taskId}', pathParameters: { taskId: w.tasks.client }, body: { colour: 'red', notes: 'Cambiada' }, headers: ifMatch },
    { routeKey: 'POST /v1/tasks/{taskId}/complete', pathParameters: { taskId: w.tasks.client }, headers: ifMatch },
    { routeKey: 'POST /v1/tasks/{taskId}/not-attended', pathParameters: { taskId: w.tasks.client }, headers: ifMatch },
    { routeKey: 'POST /v1/tasks/{taskId}/copy', pathParameters: { taskId: w.tasks.client }, body: { date: localDay(9) } },
    { routeKey: 'GET /v1/clients/{clientId}/tasks', pathParameters: { clientId: w.clientId } },
    { routeKey: 'POST /v1/clients/{clientId}/image', pathParameters: { clientId: w.clientId }, body: { contentType: 'image/webp', sizeBytes: 2048 } },
    { routeKey: 'GET /v1/clients/{clientId}/image', pathParameters: { clientId: w.clientId } },
    { routeKey: 'DELETE /v1/clients/{clientId}/image', pathParameters: { clientId: w.clientId } },
    { routeKey: 'POST /v1/clients/{clientId}/portal/password', pathParameters: { clientId: w.clientId } },
    {
      routeKey: 'POST /v1/portal/{tenantId}/sign-in',
      pathParameters: { tenantId: w.tenantId },
      // Not the portal client's e-mail: generated wrong passwords would lock it (5 tries) for the rest of the campaign.
      body: { email: `nadie@${w.tenantId}.test`, password: 'aaaaa-bbbbb-ccccc-ddddd' },
    },
    { routeKey: 'GET /v1/portal/invoices', headers: bearer },
    { routeKey: 'GET /v1/portal/payments', headers: bearer },
    { routeKey: 'GET /v1/portal/statement', headers: bearer },
    { routeKey: 'POST /v1/clients/{clientId}/escalations', pathParameters: { clientId: w.clientId }, body: { invoiceIds: [w.invoiceId] } },
    { routeKey: 'GET /v1/escalations', query: { clientId: w.clientId } },
    { routeKey: 'GET /v1/escalations/deliveries', query: { status: 'dead' } },
    { routeKey: 'POST /v1/escalations/deliveries/{deliveryId}/retry', pathParameters: { deliveryId: w.deadDeliveryId } },
    { routeKey: 'GET /v1/escalations/{escalationId}', pathParameters: { escalationId: w.escalationId } },
    {
      routeKey: 'POST /v1/escalations/{escalationId}/stage',
      pathParameters: { escalationId: w.escalationId },
      body: { stage: 'extrajudicial', status: 'in_progress', notes: 'Registro de deudores' },
    },
    { routeKey: 'POST /v1/escalations/{escalationId}/objections', pathParameters: { escalationId: w.escalationId }, body: { text: 'Dice que pagó' } },
    { routeKey: 'POST /v1/escalations/{escalationId}/withdraw', pathParameters: { escalationId: w.escalationId }, body: { reason: 'Acuerdo' } },
    await agencyEvent({
      tenantId: w.tenantId,
      escalationId: w.escalationId,
      objection: { id: `obj-${crypto.randomUUID()}`, date: localDay(0), text: 'Objeta el monto', status: 'open' },
    }),
  ];
}

/** The route keys, known before any world exists (test names). */
export const WORKSPACE_ROUTES = [
  'POST /v1/tasks',
  'GET /v1/tasks/day',
  'GET /v1/tasks/month',
  'GET /v1/tasks/{taskId}',
  'PATCH /v1/tasks/{taskId}',
  'POST /v1/tasks/{taskId}/complete',
  'POST /v1/tasks/{taskId}/not-attended',
  'POST /v1/tasks/{taskId}/copy',
  'GET /v1/clients/{clientId}/tasks',
  'POST /v1/clients/{clientId}/image',
  'GET /v1/clients/{clientId}/image',
  'DELETE /v1/clients/{clientId}/image',
  'POST /v1/clients/{clientId}/portal/password',
  'POST /v1/portal/{tenantId}/sign-in',
  'GET /v1/portal/invoices',
  'GET /v1/portal/payments',
  'GET /v1/portal/statement',
  'POST /v1/clients/{clientId}/escalations',
  'GET /v1/escalations',
  'GET /v1/escalations/deliveries',
  'POST /v1/escalations/deliveries/{deliveryId}/retry',
  'GET /v1/escalations/{escalationId}',
  'POST /v1/escalations/{escalationId}/stage',
  'POST /v1/escalations/{escalationId}/objections',
  'POST /v1/escalations/{escalationId}/withdraw',
  'POST /v1/agency/webhooks/status',
] as const;

/** Who calls: a tenant user (its verified claims), a portal token (as a bearer, or its claims handed over as if verified), or nobody. */
export type Caller = { user: TestUser } | { portalToken: string } | { portalClaims: Record<string, string> } | { nobody: true };

/** The event API Gateway would hand over for `request` from `caller`. */
export function eventFor(caller: Caller, request: Request): HttpEvent {
  if ('user' in caller) return httpEvent({ ...request, as: caller.user });
  if ('portalToken' in caller) return httpEvent({ ...request, headers: { ...request.headers, authorization: `Bearer ${caller.portalToken}` } });
  const event = httpEvent(request);
  if ('portalClaims' in caller)
    (event.requestContext as unknown as { authorizer: unknown }).authorizer = { jwt: { claims: caller.portalClaims, scopes: null } };
  return event;
}

/**
 * Invokes the route and checks what every answer must be (as hostile-world's hostileCall): below 500; an
 * error is problem+json with a code the OpenAPI declares for the route, in the asked language, Spanish
 * throughout when Spanish.
 */
export async function hostileInvoke(tally: Tally, caller: Caller, request: Request): Promise<HttpResult & { problem?: Record<string, any> }> {
  const res = await invoke(eventFor(caller, request));
  tally.record(request.routeKey, res);
  expect(res.statusCode, `${request.routeKey} ${JSON.stringify(request).slice(0, 300)} → ${res.body?.slice(0, 300)}`).toBeLessThan(500);
  if (res.statusCode! < 400) return res;
  expect(res.headers?.['content-type'], `${request.routeKey}: ${res.body}`).toBe('application/problem+json');
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
