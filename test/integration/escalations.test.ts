import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createClient } from '../../domain/clients/client.use-cases.ts';
import { NewClient, type Client } from '../../domain/clients/client.schema.ts';
import type { CollectionMeta } from '../../domain/collections/collections.schema.ts';
import { BACKOFF_BASE_MS, deliverWebhooks, MAX_DELIVERY_ATTEMPTS } from '../../domain/escalation/deliver-webhooks.use-case.ts';
import type { AgencyDelivery, Escalation } from '../../domain/escalation/escalation.schema.ts';
import { runSettlementChecks } from '../../domain/escalation/settle.use-case.ts';
import type { CollectionAgency } from '../../domain/escalation/ports.ts';
import type { OutboundEmail } from '../../domain/messaging/outbound-email.schema.ts';
import { agencyKeys } from '../../functions/adapters/agency/agency-keys.ts';
import { webhookAgency } from '../../functions/adapters/agency/webhook-agency.ts';
import { dynamoCollectionRecheck } from '../../functions/adapters/dynamodb/collection-recheck.ts';
import { agencySecret } from '../../functions/adapters/secrets/agency-secret.ts';
import { envNames } from '../../functions/catalogue.ts';
import { computeDay } from '../../domain/collections/plan-tenant.use-case.ts';
import { messageView } from '../../functions/http/routes/send-log.routes.ts';
import { createOutboxDispatcher } from '../../functions/schedule/outbox-dispatcher.ts';
import { plannerDependencies } from '../../functions/wiring/collections-planner.ts';
import { concepts, noticesOf, render, settings } from '../domain/collections/planner-fixtures.ts';
import { escalationDependencies } from '../../functions/wiring/escalations.ts';
import { planPendingReceipts } from '../../domain/collections/receipts.use-case.ts';
import { recordClientPayment } from '../../domain/receivables/payment.use-cases.ts';
import { NewPayment } from '../../domain/receivables/payment.ts';
import { clientRecords } from '../../functions/wiring/clients.ts';
import { receiptPlannerDependencies } from '../../functions/wiring/receipts.ts';
import { receivableRepositories } from '../../functions/wiring/receivables.ts';
import { type AgencyReceiver, startAgencyReceiver } from '../../scripts/local/agency-receiver.ts';
import { FakeClock } from '../domain/fakes.ts';
import { contextOf, httpEvent, json, type TestUser } from '../support/http.ts';
import { ownTable } from '../support/own-table.ts';
import { newTenant, newUser } from '../support/tenants.ts';

// A table of this file's own: the agency queue and the outbox hold only this file's deliveries and messages.
const deps = await ownTable();
vi.stubEnv(envNames.tableName, deps.config.tableName);
afterAll(() => vi.unstubAllEnvs());
const escalationsApi = (await import('../../functions/http/escalations-api.handler.ts')).handler;
const receivablesApi = (await import('../../functions/http/receivables-api.handler.ts')).handler;

type Extra = Omit<Parameters<typeof httpEvent>[0], 'routeKey' | 'as'>;
const call = (routeKey: string, as: TestUser | undefined, extra: Extra = {}) =>
  routeKey.includes('/escalations') || routeKey.includes('/agency/')
    ? escalationsApi(httpEvent({ routeKey, ...(as ? { as } : {}), ...extra }), contextOf('escalations-api'))
    : receivablesApi(httpEvent({ routeKey, ...(as ? { as } : {}), ...extra }), contextOf('receivables-api'));
const actorOf = (u: TestUser) => ({ tenantId: u.tenantId, userId: u.id, accessLevel: u.accessLevel, permissions: u.permissions });

/** Everything the agency's side and the dispatcher share: one clock, so signatures made and checked agree. */
const clock = new FakeClock(new Date());
const escalation = escalationDependencies(deps);
const keys = agencyKeys(agencySecret(deps.config));
let receiver: AgencyReceiver;
const dispatch = (agency?: CollectionAgency) => {
  // Deliveries are queued by the handlers with the wall clock: the dispatcher's clock never runs behind it.
  if (clock.now().getTime() < Date.now()) clock.set(new Date());
  return deliverWebhooks({ queue: escalation.queue, agency: agency ?? webhookAgency({ url: receiver.webhookUrl, keys, clock }), clock, random: () => 0.5 })();
};

/** The escalation dispatcher's first step: the settlement checks payments queued. */
const settlementChecks = () => {
  if (clock.now().getTime() < Date.now()) clock.set(new Date());
  return runSettlementChecks({ ...escalation, clock })();
};

let admin: TestUser;
let stranger: TestUser;
let n = 0;

async function aClient(as = admin, extra: Record<string, unknown> = {}): Promise<Client> {
  n += 1;
  return createClient(deps)(actorOf(as), NewClient.parse({ personType: 'other', name: `Constructora ${n}`, email: `pagos${n}@constructora.cl`, ...extra }));
}
async function anInvoice(clientId: string, dueDate = '2026-10-31', as = admin) {
  const created = await call('POST /v1/invoices', as, {
    body: {
      clientId,
      status: 'issued',
      issueDate: '2026-09-01',
      dueDate,
      lines: [{ description: 'Cemento', quantity: '10', unitPrice: '1000', taxRate: '0' }],
    },
  });
  expect(created.statusCode).toBe(201);
  return json(created) as { id: string; balance: number };
}
const escalate = (clientId: string, invoiceIds: string[], as = admin) =>
  call('POST /v1/clients/{clientId}/escalations', as, {
    pathParameters: { clientId },
    body: { invoiceIds },
    headers: { 'Idempotency-Key': `e-${Math.random()}` },
  });
const read = async (id: string, as = admin) => json<Escalation>(await call('GET /v1/escalations/{escalationId}', as, { pathParameters: { escalationId: id } }));
const deliveriesOf = async (tenantId: string, status: AgencyDelivery['status']) =>
  (await escalation.queue.listByStatus(tenantId, status, { limit: 100 })).items;

beforeAll(async () => {
  ({ admin } = await newTenant(deps));
  ({ admin: stranger } = await newTenant(deps));
  // The agency derives the tenants' keys from the agency integration's own secret, never from the cursor key.
  const secret = deps.config.agencyKeyFile!;
  receiver = await startAgencyReceiver({
    platformSecret: async () => (await readFile(secret, 'utf8')).trim(),
    nowSeconds: () => Math.floor(clock.now().getTime() / 1000),
    // The agency's status callback reaches our inbound route as API Gateway would hand it over: raw body, no token.
    callback: async ({ body, headers }) => {
      const result = await call('POST /v1/agency/webhooks/status', undefined, { rawBody: body, headers });
      return { status: result.statusCode!, body: String(result.body) };
    },
  });
});
afterAll(() => receiver?.stop());

describe('escalation round trip with the local agency', () => {
  it('escalate → signed webhook received → the agency moves the stage → payment → closed_paid, and the agency hears of it', async () => {
    // Prepare
    const client = await aClient();
    const [a, b] = [await anInvoice(client.id, '2026-10-31'), await anInvoice(client.id, '2026-11-15')];

    // Act: escalate, deliver
    const created = await escalate(client.id, [a.id, b.id]);
    const first = await dispatch();

    // Assess
    expect(created.statusCode).toBe(201);
    const e = json<Escalation>(created);
    expect(e).toMatchObject({ status: 'open', stage: 'extrajudicial', clientId: client.id, version: 1 });
    expect(e.invoices.map((i) => i.id).sort()).toEqual([a.id, b.id].sort());
    expect(first).toMatchObject({ delivered: 1, retried: 0, dead: 0 });
    const got = receiver.received().filter((r) => r.tenantId === admin.tenantId);
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ signatureValid: true, duplicate: false, eventType: 'escalation.created' });
    expect(got[0]!.body).toMatchObject({ type: 'escalation.created', escalation: { id: e.id, stage: 'extrajudicial', status: 'open' } });
    expect((await deliveriesOf(admin.tenantId, 'delivered')).map((d) => d.id)).toContain(got[0]!.idempotencyKey);

    // Act: the agency reports the prejudicial stage (demand letter sent) and an objection
    const stage = await receiver.sendStatus({
      tenantId: admin.tenantId,
      escalationId: e.id,
      stage: { stage: 'prejudicial', status: 'in_progress', date: '2026-12-01', notes: 'Carta de apremio enviada' },
    });
    const objection = await receiver.sendStatus({
      tenantId: admin.tenantId,
      escalationId: e.id,
      objection: { id: 'obj-1', date: '2026-12-02', text: 'El deudor dice que pagó la factura', status: 'open' },
    });

    // Assess
    expect([stage.status, objection.status]).toEqual([200, 200]);
    expect(JSON.parse(stage.body)).toEqual({ outcome: 'applied' });
    const moved = await read(e.id);
    expect(moved).toMatchObject({ stage: 'prejudicial', status: 'open' });
    expect(moved.stages.map((s) => [s.stage, s.status, s.by])).toEqual([
      ['extrajudicial', 'pending', admin.id],
      ['prejudicial', 'in_progress', 'agency'],
    ]);
    expect(moved.objections).toMatchObject([{ id: 'obj-1', text: 'El deudor dice que pagó la factura', status: 'open', by: 'agency' }]);
    expect(moved.history.map((h) => h.operation)).toEqual(['create', 'agency.status', 'agency.status']);

    // Act: a payment settles one invoice, then another the second
    const pay = (invoiceId: string, amount: number) =>
      call('POST /v1/payments', admin, { body: { clientId: client.id, amount, method: 'transfer', allocations: [{ invoiceId, amount }] } });
    expect((await pay(a.id, a.balance)).statusCode).toBe(201);
    const queued = await read(e.id);
    const firstCheck = await settlementChecks();
    const half = await read(e.id);
    expect((await pay(b.id, b.balance)).statusCode).toBe(201);
    const secondCheck = await settlementChecks();
    const again = await settlementChecks();
    const closed = await read(e.id);
    await dispatch();

    // Assess
    expect(queued.version).toBe(moved.version); // the payment only queued a check
    expect([firstCheck, secondCheck, again]).toEqual([
      { checked: 1, changed: 1 },
      { checked: 1, changed: 1 },
      { checked: 0, changed: 0 },
    ]);
    expect(half.status).toBe('open');
    expect(half.invoices.find((i) => i.id === a.id)?.settledAt).toBeDefined();
    expect(half.invoices.find((i) => i.id === b.id)?.settledAt).toBeUndefined();
    expect(closed).toMatchObject({ status: 'closed_paid' });
    expect(closed.closedAt).toBeDefined();
    expect(await escalation.escalations.escalatedAmong(admin.tenantId, [a.id, b.id])).toEqual(new Map());
    const types = receiver
      .received()
      .filter((r) => r.tenantId === admin.tenantId)
      .map((r) => r.eventType);
    expect(types).toEqual(['escalation.created', 'escalation.invoices_settled', 'escalation.closed']);
  });

  it('a webhook delivered twice: the agency sees the same Idempotency-Key and keeps one; our side records it delivered once', async () => {
    // Prepare: the first try reaches the agency but its answer is lost (our side sees a failure)
    const client = await aClient();
    const invoice = await anInvoice(client.id);
    const e = json<Escalation>(await escalate(client.id, [invoice.id]));
    const real = webhookAgency({ url: receiver.webhookUrl, keys, clock });
    const answerLost: CollectionAgency = {
      send: async (d) => {
        await real.send(d);
        return { ok: false, error: 'socket hang up (the answer was lost)' };
      },
    };

    // Act
    const lost = await dispatch(answerLost);
    clock.advance(BACKOFF_BASE_MS + 1000);
    const again = await dispatch();

    // Assess
    expect(lost).toMatchObject({ retried: 1, delivered: 0 });
    expect(again).toMatchObject({ delivered: 1 });
    const mine = receiver.received().filter((r) => (r.body.escalation as { id: string }).id === e.id);
    expect(mine).toHaveLength(2);
    expect(mine[0]!.idempotencyKey).toBe(mine[1]!.idempotencyKey);
    expect(mine.map((r) => r.duplicate)).toEqual([false, true]);
    expect(receiver.accepted().filter((r) => (r.body.escalation as { id: string }).id === e.id)).toHaveLength(1);
    const [delivery] = (await deliveriesOf(admin.tenantId, 'delivered')).filter((d) => d.escalationId === e.id);
    expect(delivery).toMatchObject({ id: mine[0]!.idempotencyKey, status: 'delivered', attempts: 2 });
  });

  it('the agency down: retried with exponential backoff by the clock, dead after the limit, listed in the DLQ and delivered after a retry', async () => {
    // Prepare
    const client = await aClient();
    const e = json<Escalation>(await escalate(client.id, [(await anInvoice(client.id)).id]));
    const mine = async () => (await escalation.queue.listByStatus(admin.tenantId, 'pending', { limit: 100 })).items.find((d) => d.escalationId === e.id);
    receiver.failNext(1000);

    // Act: each run finds it due only once the clock passes its backoff
    const waits: number[] = [];
    const refused = webhookAgency({ url: 'http://127.0.0.1:9', keys, clock });
    for (let attempt = 1; attempt <= MAX_DELIVERY_ATTEMPTS; attempt++) {
      const before = clock.now().getTime();
      // One try finds no agency at all (connection refused), the rest a 500.
      const report = await dispatch(attempt === 2 ? refused : undefined);
      expect(report.delivered).toBe(0);
      const pending = await mine();
      if (attempt < MAX_DELIVERY_ATTEMPTS) {
        expect(pending).toMatchObject({ attempts: attempt, status: 'pending' });
        expect(pending!.lastError).toMatch(attempt === 2 ? /could not be reached/ : /answered 500/);
        const wait = Date.parse(pending!.dueAt) - before;
        waits.push(wait);
        expect(await dispatch()).toMatchObject({ delivered: 0, retried: 0, dead: 0 }); // not due yet
        clock.advance(wait + 1);
      }
    }
    const dead = (await call('GET /v1/escalations/deliveries', admin, { query: { status: 'dead' } })).body;

    // Assess: backoff doubles (jitter at ½ of [½, 1) → ¾ of each step), then the DLQ holds it
    expect(waits).toEqual(Array.from({ length: MAX_DELIVERY_ATTEMPTS - 1 }, (_, i) => Math.round(BACKOFF_BASE_MS * 2 ** i * 0.75)));
    const listed = JSON.parse(String(dead)).items as AgencyDelivery[];
    const entry = listed.find((d) => d.escalationId === e.id);
    expect(entry).toMatchObject({ status: 'dead', attempts: MAX_DELIVERY_ATTEMPTS, lastError: 'the agency answered 500' });

    // Act: the agency is back; a person retries the dead delivery
    receiver.failNext(0);
    const retried = await call('POST /v1/escalations/deliveries/{deliveryId}/retry', admin, { pathParameters: { deliveryId: entry!.id } });
    const report = await dispatch();
    const retryAgain = await call('POST /v1/escalations/deliveries/{deliveryId}/retry', admin, { pathParameters: { deliveryId: entry!.id } });

    // Assess
    expect(retried.statusCode).toBe(200);
    expect(json(retried)).toMatchObject({ id: entry!.id, status: 'pending', attempts: 0 });
    expect(report.delivered).toBe(1);
    expect(await escalation.queue.get(admin.tenantId, entry!.id)).toMatchObject({ status: 'delivered', attempts: 1 });
    expect(receiver.accepted().filter((r) => r.idempotencyKey === entry!.id)).toHaveLength(1);
    expect(retryAgain.statusCode).toBe(409);
    expect(json(retryAgain)).toMatchObject({ code: 'invalid_state', reason: 'delivery_not_dead' });
  });
});

describe('the agency’s status callback', () => {
  let e: Escalation;
  beforeAll(async () => {
    const client = await aClient();
    e = json<Escalation>(await escalate(client.id, [(await anInvoice(client.id)).id]));
  });
  const status = (extra: Record<string, unknown>, signing: { timestamp?: number; key?: string } = {}) =>
    receiver.sendStatus(
      { tenantId: admin.tenantId, escalationId: e.id, stage: { stage: 'prejudicial', status: 'completed', date: '2026-12-03' }, ...extra },
      signing,
    );

  it('refuses a bad signature, a stale timestamp, a missing signature and a replayed event with 401, changing nothing', async () => {
    // Prepare
    const applied = await status({ eventId: 'ev-replay-1' });
    const before = await read(e.id);

    // Act
    const badKey = await status({}, { key: 'not-the-tenant-key' });
    const otherTenantKey = await status({}, { key: await keys(stranger.tenantId, 'inbound') });
    const ourOwnKey = await status({}, { key: await keys(admin.tenantId, 'outbound') });
    const stale = await status({}, { timestamp: Math.floor(Date.now() / 1000) - 600 });
    const replayed = await status({ eventId: 'ev-replay-1' });
    const unsigned = await call('POST /v1/agency/webhooks/status', undefined, {
      body: { eventId: 'ev-x', tenantId: admin.tenantId, escalationId: e.id, occurredAt: new Date().toISOString() },
    });
    // A body changed after signing (same signature header, one more character)
    const tampered = await call('POST /v1/agency/webhooks/status', undefined, {
      rawBody: `${JSON.stringify({ eventId: 'ev-t', tenantId: admin.tenantId, escalationId: e.id, occurredAt: new Date().toISOString() })} `,
      headers: { 'x-signature': `t=${Math.floor(Date.now() / 1000)},v1=${'0'.repeat(64)}` },
    });

    // Assess
    expect(applied.status).toBe(200);
    for (const refused of [badKey, otherTenantKey, ourOwnKey, stale, replayed]) expect(refused.status).toBe(401);
    expect([unsigned.statusCode, tampered.statusCode]).toEqual([401, 401]);
    expect(JSON.parse(badKey.body)).toMatchObject({ code: 'unauthenticated', detail: expect.stringMatching(/firma no corresponde/) });
    expect(JSON.parse(stale.body).detail).toMatch(/5 minutos/);
    expect(JSON.parse(replayed.body).detail).toMatch(/ya llegó antes/);
    expect(json(unsigned)).toMatchObject({ code: 'unauthenticated', detail: expect.stringMatching(/Falta la firma/) });
    expect(await read(e.id)).toEqual(before);
  });

  it('is safe out of order: a stage never moves back, an older event of the same stage or objection changes nothing', async () => {
    // Prepare
    const at = (iso: string) => ({ occurredAt: iso });
    await status({ ...at('2026-12-05T10:00:00Z'), stage: { stage: 'judicial', status: 'in_progress', date: '2026-12-05' } });
    await status({ ...at('2026-12-05T10:00:00Z'), objection: { id: 'o-7', date: '2026-12-05', text: 'Monto incorrecto', status: 'rejected' } });
    const before = await read(e.id);

    // Act
    const backwards = await status({ ...at('2026-12-06T10:00:00Z'), stage: { stage: 'extrajudicial', status: 'completed', date: '2026-12-06' } });
    const olderSameStage = await status({ ...at('2026-12-04T10:00:00Z'), stage: { stage: 'judicial', status: 'failed', date: '2026-12-04' } });
    const olderObjection = await status({
      ...at('2026-12-04T10:00:00Z'),
      objection: { id: 'o-7', date: '2026-12-04', text: 'Monto incorrecto', status: 'open' },
    });
    const newer = await status({ ...at('2026-12-07T10:00:00Z'), stage: { stage: 'judicial', status: 'completed', date: '2026-12-07' } });

    // Assess
    expect([backwards, olderSameStage, olderObjection].map((r) => JSON.parse(r.body))).toEqual([
      { outcome: 'stale' },
      { outcome: 'stale' },
      { outcome: 'stale' },
    ]);
    expect(JSON.parse(newer.body)).toEqual({ outcome: 'applied' });
    const after = await read(e.id);
    expect(before.stage).toBe('judicial');
    expect(after.stages.find((s) => s.stage === 'judicial')).toMatchObject({ status: 'completed', date: '2026-12-07' });
    expect(after.stages.find((s) => s.stage === 'extrajudicial')).toEqual(before.stages.find((s) => s.stage === 'extrajudicial'));
    expect(after.objections.find((o) => o.id === 'o-7')).toMatchObject({ status: 'rejected' });
  });
});

describe('reminders stop while an invoice is escalated', () => {
  it('an already-planned reminder of an escalated invoice is skipped at dispatch with `escalated`, shown in the send log', async () => {
    // Prepare: a reminder planned before the escalation
    const client = await aClient();
    const invoice = await anInvoice(client.id);
    const other = await anInvoice(client.id);
    const meta = (ids: string[]): CollectionMeta => ({ type: 'overdue', clientId: client.id, invoiceIds: ids, step: 'overdue-1', plannedFor: '2026-12-01' });
    const message = (id: string, ids: string[]): OutboundEmail => ({
      id,
      tenantId: admin.tenantId,
      kind: 'collections.overdue',
      from: 'cobranza@constructora.cl',
      to: [client.email!],
      subject: 'Factura vencida',
      text: 'Su factura está vencida',
      status: 'pending',
      attempts: 0,
      dueAt: new Date().toISOString(),
      version: 1,
      createdAt: new Date().toISOString(),
      collection: meta(ids),
    });
    const [escalatedOne, stillOurs] = [message(`col_${'a'.repeat(32)}`, [invoice.id]), message(`col_${'b'.repeat(32)}`, [other.id])];
    await deps.outbox.enqueue(escalatedOne);
    await deps.outbox.enqueue(stillOurs);
    expect((await escalate(client.id, [invoice.id])).statusCode).toBe(201);

    // Act
    const recheck = dynamoCollectionRecheck(deps.document, deps.config.tableName);
    const quiet = { warn: () => undefined, info: () => undefined } as never;
    const noMetrics = { addMetric: () => undefined, publishStoredMetrics: () => undefined } as never;
    const report = await createOutboxDispatcher(
      { outbox: deps.outbox, mailer: deps.mailer, clock: deps.clock, recheck },
      quiet,
      noMetrics,
    )({
      time: new Date().toISOString(),
    } as never);

    // Assess
    expect(await deps.outbox.get(admin.tenantId, escalatedOne.id)).toMatchObject({ status: 'skipped', collection: { skipReason: 'escalated' } });
    expect(await deps.outbox.get(admin.tenantId, stillOurs.id)).toMatchObject({ status: 'sent' });
    expect(report.skippedByReason).toEqual({ escalated: 1 });
    expect(messageView((await deps.outbox.get(admin.tenantId, escalatedOne.id))!)).toMatchObject({ status: 'skipped', reason: 'escalated' });
  });

  it('the planner skips the reminders of an escalated invoice with `escalated`; the others go out', async () => {
    // Prepare: two invoices due on the planned day; one escalated (overdue by the wall clock's today)
    const client = await aClient();
    const [escalated, ours] = [await anInvoice(client.id, '2026-12-01'), await anInvoice(client.id, '2026-12-01')];
    expect((await escalate(client.id, [escalated.id])).statusCode).toBe(201);
    const plannerClock = new FakeClock('2026-12-01T12:00:00.000Z'); // 09:00 in Santiago
    const planner = plannerDependencies(
      { ...deps, clock: plannerClock },
      {
        settings: { get: async () => settings() },
        concepts: { list: async () => concepts },
        notices: { getMany: async (_t, ids) => new Map(ids.map((id) => [id, noticesOf(id)])) },
        suppression: { suppressedAmong: async () => new Set() },
        render,
      },
    );
    const tenant = (await deps.tenants.get(admin.tenantId))!;

    // Act
    const day = await computeDay(planner)(tenant, '2026-12-01', '2026-11-30', plannerClock.now().toISOString());

    // Assess
    const about = (invoiceId: string) => day!.messages.filter((m) => m.collection?.invoiceIds.includes(invoiceId));
    expect(about(escalated.id).length).toBeGreaterThan(0);
    expect(about(escalated.id).every((m) => m.status === 'skipped' && m.collection?.skipReason === 'escalated')).toBe(true);
    expect(about(ours.id).some((m) => m.status === 'pending')).toBe(true);
  });
});

describe('escalating: what is refused', () => {
  it('refuses invoices not overdue, not open, of another client or already escalated, each named, in Spanish and English', async () => {
    // Prepare
    const client = await aClient();
    const otherClient = await aClient();
    const future = await anInvoice(client.id, '2099-01-31');
    const overdue = await anInvoice(client.id);
    const paid = await anInvoice(client.id);
    const foreign = await anInvoice(otherClient.id);
    await call('POST /v1/payments', admin, {
      body: { clientId: client.id, amount: paid.balance, method: 'cash', allocations: [{ invoiceId: paid.id, amount: paid.balance }] },
    });
    expect((await escalate(client.id, [overdue.id])).statusCode).toBe(201);

    // Act
    const refused = await escalate(client.id, [future.id, paid.id, foreign.id, overdue.id, 'no-such-invoice']);
    const english = await call('POST /v1/clients/{clientId}/escalations', admin, {
      pathParameters: { clientId: client.id },
      body: { invoiceIds: [future.id] },
      headers: { 'accept-language': 'en' },
    });

    // Assess
    expect(refused.statusCode).toBe(400);
    const problem = json(refused);
    expect(problem.errors.map((x: { pointer: string; code: string }) => [x.pointer, x.code])).toEqual([
      ['/body/invoiceIds/0', 'invoice_not_overdue'],
      ['/body/invoiceIds/1', 'invoice_not_escalable'],
      ['/body/invoiceIds/2', 'not_client_invoice'],
      ['/body/invoiceIds/3', 'invoice_already_escalated'],
      ['/body/invoiceIds/4', 'not_client_invoice'],
    ]);
    expect(problem.errors[0].message).toMatch(/aún no vence/);
    expect(problem.errors[3].message).toMatch(/ya está en cobranza externa/);
    expect(json(english).errors[0].message).toMatch(/is not overdue yet/);
  });

  it('stages never go back; a closed escalation does not change; withdrawal returns the invoices to our reminders', async () => {
    // Prepare
    const client = await aClient();
    const invoice = await anInvoice(client.id);
    const e = json<Escalation>(await escalate(client.id, [invoice.id]));
    const on = (path: string, body: unknown) => call(`POST /v1/escalations/{escalationId}/${path}`, admin, { pathParameters: { escalationId: e.id }, body });

    // Act
    const forward = await on('stage', { stage: 'prejudicial', status: 'in_progress', notes: 'Carta enviada el lunes' });
    const back = await on('stage', { stage: 'extrajudicial', status: 'completed' });
    const objection = await call('POST /v1/escalations/{escalationId}/objections', admin, {
      pathParameters: { escalationId: e.id },
      body: { text: 'Dice que la mercadería llegó dañada', date: '2026-12-02' },
      headers: { 'Idempotency-Key': `o-${Math.random()}` },
    });
    const withdrawn = await on('withdraw', { reason: 'Acordamos un plan de pago' });
    const afterClose = await on('stage', { stage: 'judicial', status: 'in_progress' });

    // Assess
    expect(forward.statusCode).toBe(200);
    expect(json(forward)).toMatchObject({ stage: 'prejudicial', version: 2 });
    expect(back.statusCode).toBe(409);
    expect(json(back)).toMatchObject({ code: 'invalid_state', reason: 'stage_backwards', detail: expect.stringMatching(/no vuelve a extrajudicial/) });
    expect(objection.statusCode).toBe(201);
    expect(json(objection).objections).toMatchObject([{ text: 'Dice que la mercadería llegó dañada', date: '2026-12-02', status: 'open' }]);
    expect(json(withdrawn)).toMatchObject({ status: 'withdrawn', withdrawReason: 'Acordamos un plan de pago' });
    expect(await escalation.escalations.escalatedAmong(admin.tenantId, [invoice.id])).toEqual(new Map());
    expect(afterClose.statusCode).toBe(409);
    expect(json(afterClose)).toMatchObject({ reason: 'escalation_closed' });
    expect((await read(e.id)).history.map((h) => h.operation)).toEqual(['create', 'stage', 'objection', 'withdraw']);
  });

  it('hostile input: huge, odd Unicode and garbled values are refused with 400, never a 5xx', async () => {
    // Prepare
    const client = await aClient();
    const e = json<Escalation>(await escalate(client.id, [(await anInvoice(client.id)).id]));
    const attempts = [
      await escalate(client.id, []),
      await escalate(
        client.id,
        Array.from({ length: 26 }, (_, i) => `inv${i}`),
      ),
      await escalate(client.id, ['a/b c']),
      await escalate(client.id, ['\u202Eevil']),
      await call('POST /v1/escalations/{escalationId}/stage', admin, { pathParameters: { escalationId: e.id }, body: { stage: 'supreme_court', status: 'x' } }),
      await call('POST /v1/escalations/{escalationId}/stage', admin, {
        pathParameters: { escalationId: e.id },
        body: { stage: 'prejudicial', status: 'pending', notes: 'x'.repeat(5000) },
      }),
      await call('POST /v1/escalations/{escalationId}/objections', admin, {
        pathParameters: { escalationId: e.id },
        body: { text: 'a\u0000b' },
        headers: { 'Idempotency-Key': 'h-1' },
      }),
      await call('GET /v1/escalations', admin, { query: { cursor: 'garbled!!' } }),
      await call('GET /v1/escalations', admin, { query: { status: 'open', stage: 'sideways' } }),
      await call('POST /v1/agency/webhooks/status', undefined, { body: { eventId: '\u{1F600}'.repeat(200), tenantId: admin.tenantId } }),
      await call('POST /v1/agency/webhooks/status', undefined, { rawBody: '{"eventId": ' }),
    ];

    // Assess
    expect(attempts.map((r) => r.statusCode)).toEqual([400, 400, 400, 400, 400, 400, 400, 400, 400, 400, 400]);
    for (const r of attempts) expect(json(r).code).toMatch(/validation_failed|malformed_json/);
  });
});

describe('who may see and change escalations', () => {
  it('another tenant’s escalation is a 404; a user without the permission is refused; level 4 sees only its own clients’ and must name one to list', async () => {
    // Prepare
    const seller = await newUser(deps, admin.tenantId, { accessLevel: 4, permissions: ['escalations.manage'] });
    const bystander = await newUser(deps, admin.tenantId, { accessLevel: 4, permissions: [] });
    const theirs = await aClient(admin, { sellerId: seller.id });
    const notTheirs = await aClient();
    const e = json<Escalation>(await escalate(notTheirs.id, [(await anInvoice(notTheirs.id)).id]));
    const own = await escalate(theirs.id, [(await anInvoice(theirs.id)).id], seller);

    // Act
    const foreignRead = await call('GET /v1/escalations/{escalationId}', stranger, { pathParameters: { escalationId: e.id } });
    const foreignStage = await call('POST /v1/escalations/{escalationId}/stage', stranger, {
      pathParameters: { escalationId: e.id },
      body: { stage: 'judicial', status: 'in_progress' },
    });
    const foreignClient = await escalate(notTheirs.id, ['x'], stranger);
    const outOfScope = await call('GET /v1/escalations/{escalationId}', seller, { pathParameters: { escalationId: e.id } });
    const noPermission = await escalate(theirs.id, ['x'], bystander);
    const listAll = await call('GET /v1/escalations', seller);
    const listOwn = await call('GET /v1/escalations', seller, { query: { clientId: theirs.id } });
    const dlqAsSeller = await call('GET /v1/escalations/deliveries', seller);
    const companyList = await call('GET /v1/escalations', admin, { query: { status: 'open', limit: '100' } });

    // Assess
    expect([foreignRead.statusCode, foreignStage.statusCode, foreignClient.statusCode, outOfScope.statusCode]).toEqual([404, 404, 404, 404]);
    expect(json(foreignRead)).toMatchObject({ code: 'not_found' });
    expect(noPermission.statusCode).toBe(403);
    expect(own.statusCode).toBe(201);
    expect(listAll.statusCode).toBe(400);
    expect(json<{ items: Escalation[] }>(listOwn).items.map((x) => x.clientId)).toEqual([theirs.id]);
    expect(dlqAsSeller.statusCode).toBe(403);
    const company = json<{ items: Escalation[] }>(companyList).items;
    expect(company.every((x) => x.tenantId === admin.tenantId && x.status === 'open')).toBe(true);
    expect(company.map((x) => x.id)).toContain(e.id);
  });
});

describe('the errors particular to escalation routes (declared in escalations-errors.ts)', () => {
  it('a signed status event naming no escalation of that company is a 404 and changes nothing', async () => {
    const answer = await receiver.sendStatus({
      tenantId: admin.tenantId,
      escalationId: '01JNF2B5D7F9H1K3M5P7R9T1V3',
      stage: { stage: 'prejudicial', status: 'in_progress', date: '2026-12-01' },
    });
    expect(answer.status).toBe(404);
    expect(JSON.parse(answer.body)).toMatchObject({ code: 'not_found' });
  });

  it('an escalation keeps at most 50 objections: the 51st is refused with too_many_objections', async () => {
    const client = await aClient();
    const e = json<Escalation>(await escalate(client.id, [(await anInvoice(client.id)).id]));
    const object = (i: number) =>
      call('POST /v1/escalations/{escalationId}/objections', admin, {
        pathParameters: { escalationId: e.id },
        body: { text: `Objeción ${i}`, date: '2026-12-02' },
        headers: { 'Idempotency-Key': `obj-${e.id}-${i}` },
      });
    for (let i = 1; i <= 50; i++) expect((await object(i)).statusCode).toBe(201);
    const over = await object(51);
    expect(over.statusCode).toBe(409);
    expect(json(over)).toMatchObject({ code: 'invalid_state', reason: 'too_many_objections' });
    expect((await read(e.id)).objections).toHaveLength(50);
  });

  it('the same invoice escalated twice at once: one escalation, the other told it lost the race (409 conflict) or that the invoice is escalated', async () => {
    const outcomes: string[] = [];
    for (let round = 0; round < 6 && !outcomes.includes('409 conflict'); round++) {
      const client = await aClient();
      const invoice = await anInvoice(client.id);
      const answers = await Promise.all([escalate(client.id, [invoice.id]), escalate(client.id, [invoice.id])]);
      const statuses = answers.map((a) => a.statusCode).sort();
      expect(statuses[0]).toBe(201);
      const loser = answers.find((a) => a.statusCode !== 201)!;
      outcomes.push(`${loser.statusCode} ${json<{ code: string }>(loser).code}`);
      expect(['409 conflict', '400 validation_failed']).toContain(outcomes.at(-1));
      const open = (await escalation.escalations.escalatedAmong(admin.tenantId, [invoice.id])).size;
      expect(open).toBe(1);
    }
    expect(outcomes).toContain('409 conflict');
  });
});

describe('a payment recorded outside the API handlers (as the payments import records it)', () => {
  it('closes the escalation through the receipt request it leaves: the receipt planner queues the settlement check', async () => {
    // Prepare: an escalated invoice, paid through the use case alone (no receivables-api hook)
    const client = await aClient();
    const invoice = await anInvoice(client.id);
    const e = json<Escalation>(await escalate(client.id, [invoice.id]));
    const receivables = { ...deps, clients: clientRecords(deps), ...receivableRepositories(deps) };
    await recordClientPayment(receivables)(
      actorOf(admin),
      NewPayment.parse({ clientId: client.id, amount: invoice.balance, method: 'transfer', allocations: [{ invoiceId: invoice.id, amount: invoice.balance }] }),
    );
    const before = await settlementChecks();
    const stillOpen = await read(e.id);

    // Act: the receipt planner's run, then the escalation dispatcher's settlement step
    await planPendingReceipts(receiptPlannerDependencies(deps))();
    await settlementChecks();

    // Assess
    expect(stillOpen.status).toBe('open');
    expect(before).toBeDefined();
    expect(await read(e.id)).toMatchObject({ status: 'closed_paid' });
    expect(await escalation.escalations.escalatedAmong(admin.tenantId, [invoice.id])).toEqual(new Map());
  });
});
