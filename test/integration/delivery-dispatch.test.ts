import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { createClient } from '../../domain/clients/client.use-cases.ts';
import { NewClient } from '../../domain/clients/client.schema.ts';
import type { CollectionMeta } from '../../domain/collections/collections.schema.ts';
import { MAX_ATTEMPTS, RETRY_AFTER_MS, THROTTLED_AGAIN_MS } from '../../domain/messaging/dispatch-outbox.use-case.ts';
import type { OutboundEmail } from '../../domain/messaging/outbound-email.schema.ts';
import type { Clock } from '../../domain/shared/ports.ts';
import { sesClient } from '../../functions/adapters/aws-clients.ts';
import { dynamoCollectionRecheck } from '../../functions/adapters/dynamodb/collection-recheck.ts';
import { dynamoSuppressionStore } from '../../functions/adapters/dynamodb/suppression.store.ts';
import { refFromTags } from '../../functions/adapters/ses/message-tags.ts';
import { sesMailer } from '../../functions/adapters/ses/ses-mailer.ts';
import { envNames } from '../../functions/catalogue.ts';
import { readConfig } from '../../functions/config.ts';
import type { Dependencies } from '../../functions/dependencies.ts';
import { createOutboxDispatcher } from '../../functions/schedule/outbox-dispatcher.ts';
import { contextOf, httpEvent, json, type TestUser } from '../support/http.ts';
import { ownTable } from '../support/own-table.ts';
import { inboxOf } from '../support/ses-inbox.ts';
import { newTenant } from '../support/tenants.ts';

// A table of this file's own: its handlers (receivables) and dispatchers see only this file's data.
const deps = await ownTable();
vi.stubEnv(envNames.tableName, deps.config.tableName);
afterAll(() => vi.unstubAllEnvs());
const receivables = (await import('../../functions/http/receivables-api.handler.ts')).handler;

const quiet = { warn: () => undefined, info: () => undefined } as never;
const noMetrics = { addMetric: () => undefined, publishStoredMetrics: () => undefined } as never;
const scheduled = { time: new Date().toISOString() } as never;
const clockAt = (offsetMs: number): Clock => ({ now: () => new Date(Date.now() + offsetMs) });
const unique = (name: string) => `${name}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@acme.test`;
const recheck = dynamoCollectionRecheck(deps.document, deps.config.tableName);
const suppressions = dynamoSuppressionStore(deps.document, deps.config.tableName);

const dispatcher = (options: { clock?: Clock; over?: Dependencies } = {}) =>
  createOutboxDispatcher(
    { outbox: (options.over ?? deps).outbox, mailer: (options.over ?? deps).mailer, clock: options.clock ?? deps.clock, recheck },
    quiet,
    noMetrics,
  );

let n = 0;
function email(tenantId: string, overrides: Partial<OutboundEmail> = {}): OutboundEmail {
  const now = new Date().toISOString();
  n += 1;
  return {
    id: `msg-${n}-${Math.random().toString(36).slice(2, 8)}`,
    tenantId,
    kind: 'collection',
    from: 'cobranza@acme.test',
    to: [unique('to')],
    subject: 'Recordatorio',
    text: 'Su factura vence pronto',
    status: 'pending',
    attempts: 0,
    dueAt: now,
    version: 1,
    createdAt: now,
    ...overrides,
  };
}
const meta = (clientId: string, invoiceIds: string[], overrides: Partial<CollectionMeta> = {}): CollectionMeta => ({
  type: 'due_soon',
  clientId,
  invoiceIds,
  step: '2026-12-14',
  plannedFor: '2026-12-07',
  ...overrides,
});

const call = (routeKey: string, as: TestUser, extra: Omit<Parameters<typeof httpEvent>[0], 'routeKey' | 'as'> = {}) =>
  receivables(httpEvent({ routeKey, as, ...extra }), contextOf('receivables-api'));
async function invoice(as: TestUser, clientId: string) {
  const created = await call('POST /v1/invoices', as, {
    body: {
      clientId,
      status: 'issued',
      issueDate: '2026-12-01',
      dueDate: '2026-12-14',
      lines: [{ description: 'Cemento', quantity: '1', unitPrice: '1000', taxRate: '0' }],
    },
  });
  expect(created.statusCode).toBe(201);
  return json(created) as { id: string };
}

describe('dispatcher: the send rate', () => {
  it('backs off a throttled send and retries it in the same run: sent once, one try counted', async () => {
    const own = await ownTable();
    const { tenantId } = await newTenant(own);
    const mail = email(tenantId);
    await own.outbox.enqueue(mail);
    const ses = mockClient(SESv2Client); // the fault only: two refusals for the rate, then SES's answer
    onTestFinished(() => ses.restore());
    const throttled = Object.assign(new Error('Maximum sending rate exceeded.'), { name: 'TooManyRequestsException' });
    ses.on(SendEmailCommand).rejectsOnce(throttled).rejectsOnce(throttled).resolves({ MessageId: 'ses-after-backoff' });

    const report = await createOutboxDispatcher({ outbox: own.outbox, mailer: own.mailer, clock: own.clock }, quiet, noMetrics)(scheduled);

    expect(report).toMatchObject({ sent: 1, throttled: 0, retried: 0 });
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(3);
    expect(await own.outbox.get(tenantId, mail.id)).toMatchObject({ status: 'sent', attempts: 1, providerMessageId: 'ses-after-backoff' });
  });

  it('leaves a message throttled through every retry due again soon, then delivers it once', async () => {
    const own = await ownTable();
    const { tenantId } = await newTenant(own);
    const mail = email(tenantId);
    await own.outbox.enqueue(mail);
    const ses = mockClient(SESv2Client);
    ses.on(SendEmailCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'Throttling' }));
    const first = await createOutboxDispatcher({ outbox: own.outbox, mailer: own.mailer, clock: own.clock }, quiet, noMetrics)(scheduled);
    ses.restore();

    expect(first).toMatchObject({ throttled: 1, sent: 0 });
    const stored = await own.outbox.get(tenantId, mail.id);
    expect(stored).toMatchObject({ status: 'pending', attempts: 0 });
    expect(Date.parse(stored!.dueAt) - Date.now()).toBeLessThanOrEqual(THROTTLED_AGAIN_MS);
    // Not yet due right now; a run a minute later sends it, and a third run finds nothing.
    const later = createOutboxDispatcher({ outbox: own.outbox, mailer: own.mailer, clock: clockAt(THROTTLED_AGAIN_MS + 5_000) }, quiet, noMetrics);
    expect(await later(scheduled)).toMatchObject({ sent: 1 });
    expect(await later(scheduled)).toMatchObject({ sent: 0 });
    expect(await inboxOf(mail.to[0]!)).toHaveLength(1);
  });

  it('treats the daily quota as a provider error: retried after 3 hours by the clock, failed after the limit', async () => {
    const own = await ownTable();
    const { tenantId } = await newTenant(own);
    const mail = email(tenantId);
    await own.outbox.enqueue(mail);
    const ses = mockClient(SESv2Client);
    onTestFinished(() => ses.restore());
    ses.on(SendEmailCommand).rejects(Object.assign(new Error('Daily message quota exceeded.'), { name: 'LimitExceededException' }));
    const at = (hours: number) =>
      createOutboxDispatcher({ outbox: own.outbox, mailer: own.mailer, clock: clockAt(hours * 3_600_000 + 1_000) }, quiet, noMetrics);

    expect(await at(0)(scheduled)).toMatchObject({ retried: 1 });
    expect(await at(2.5)(scheduled)).toMatchObject({ retried: 0, failed: 0 }); // not due before 3 hours
    for (let attempt = 2; attempt < MAX_ATTEMPTS; attempt++)
      expect(await at(((attempt - 1) * RETRY_AFTER_MS) / 3_600_000)(scheduled)).toMatchObject({ retried: 1 });
    expect(await at(((MAX_ATTEMPTS - 1) * RETRY_AFTER_MS) / 3_600_000)(scheduled)).toMatchObject({ failed: 1 });
    expect(await own.outbox.get(tenantId, mail.id)).toMatchObject({
      status: 'failed',
      attempts: MAX_ATTEMPTS,
      lastError: expect.stringContaining('Daily message quota'),
    });
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(MAX_ATTEMPTS);
  });

  it("keeps to the configured rate: 30 messages at 20/s wait for the 10 past the first second's burst", async () => {
    const own = await ownTable();
    const { tenantId } = await newTenant(own);
    const mails = Array.from({ length: 30 }, () => email(tenantId));
    for (const m of mails) await own.outbox.enqueue(m);
    const started = Date.now();
    const report = await createOutboxDispatcher(
      { outbox: own.outbox, mailer: own.mailer, clock: own.clock, rate: async () => 20 },
      quiet,
      noMetrics,
    )(scheduled);
    expect(report.sent).toBe(30);
    // A bucket of 20 (one second's burst), then 10 more at 20/s: at least 500 ms. A lower bound only, which load cannot break.
    expect(Date.now() - started).toBeGreaterThanOrEqual(450);
  });
});

describe('dispatcher: what SES receives', () => {
  it('sends in the configuration set, with Reply-To and the tags that find the message again', async () => {
    const own = await ownTable();
    const { tenantId } = await newTenant(own);
    const mail = email(tenantId, { id: 'COL#due_soon#inv-1#2026-12-14', replyTo: 'cobrador@acme.test' });
    await own.outbox.enqueue(mail);
    const client = sesClient({ ...readConfig(), sesEndpoint: own.config.sesEndpoint });
    const inputs: Array<Record<string, unknown>> = [];
    client.middlewareStack.add((next) => async (args) => {
      inputs.push(args.input as Record<string, unknown>);
      return next(args);
    });
    const mailer = sesMailer(client, { configurationSet: 'cobranza-test' });

    await createOutboxDispatcher({ outbox: own.outbox, mailer, clock: own.clock }, quiet, noMetrics)(scheduled);

    expect(inputs).toHaveLength(1);
    expect(inputs[0]).toMatchObject({ ConfigurationSetName: 'cobranza-test', ReplyToAddresses: ['cobrador@acme.test'] });
    const tags = Object.fromEntries((inputs[0]!.EmailTags as Array<{ Name: string; Value: string }>).map((t) => [t.Name, [t.Value]]));
    expect(refFromTags(tags)).toEqual({ tenantId, id: mail.id });
    for (const value of Object.values(tags).flat()) expect(value).toMatch(/^[A-Za-z0-9_-]+$/);
    const [stored] = await inboxOf(mail.to[0]!);
    expect((stored as unknown as { replyTo: string[] }).replyTo).toEqual(['cobrador@acme.test']);
    expect(await own.outbox.get(tenantId, mail.id)).toMatchObject({ status: 'sent', providerMessageId: stored!.messageId });
  });
});

describe('dispatcher: the re-check before a collection message goes out', () => {
  it('skips paid, held and collections-off messages and suppressed recipients with their reasons; sends the rest once', async () => {
    const { admin, tenantId } = await newTenant(deps);
    const actor = { tenantId, userId: admin.id, accessLevel: 1 as const, permissions: admin.permissions as never };
    const active = await createClient(deps)(actor, NewClient.parse({ personType: 'other', name: 'Ferretería Sur' }));
    const off = await createClient(deps)(actor, NewClient.parse({ personType: 'other', name: 'Panadería Norte', collectionsEnabled: false }));
    const [paid, held, open, offInvoice] = [
      await invoice(admin, active.id),
      await invoice(admin, active.id),
      await invoice(admin, active.id),
      await invoice(admin, off.id),
    ];
    const bounced = unique('bounced');
    const fine = unique('fine');

    const messages = {
      paid: email(tenantId, { collection: meta(active.id, [paid.id]) }),
      held: email(tenantId, { collection: meta(active.id, [held.id]) }),
      off: email(tenantId, { collection: meta(off.id, [offInvoice.id]) }),
      suppressed: email(tenantId, { to: [bounced.toUpperCase()], collection: meta(active.id, [open.id]) }),
      partly: email(tenantId, { to: [bounced, fine], collection: meta(active.id, [open.id]) }),
      receipt: email(tenantId, { collection: meta(active.id, [paid.id], { type: 'payment_received', step: 'pay-1' }) }),
      notCollection: email(tenantId, { kind: 'user.invited', to: [bounced] }),
    };
    for (const m of Object.values(messages)) await deps.outbox.enqueue(m);
    // After planning: a payment covers one invoice, another is disputed, the address bounces.
    expect(
      (
        await call('POST /v1/payments', admin, {
          body: { clientId: active.id, amount: 1000, method: 'transfer', allocations: [{ invoiceId: paid.id, amount: 1000 }] },
        })
      ).statusCode,
    ).toBe(201);
    expect(
      (
        await call('PUT /v1/invoices/{invoiceId}/hold', admin, {
          pathParameters: { invoiceId: held.id },
          body: { kind: 'disputed', reason: 'Mercadería dañada' },
        })
      ).statusCode,
    ).toBe(200);
    await suppressions.suppress(tenantId, bounced, { reason: 'hard_bounce', at: new Date().toISOString(), messageId: 'earlier' });

    const report = await dispatcher()(scheduled);

    const state = async (m: OutboundEmail) => deps.outbox.get(tenantId, m.id);
    expect(await state(messages.paid)).toMatchObject({ status: 'skipped', collection: { skipReason: 'paid' } });
    expect(await state(messages.held)).toMatchObject({ status: 'skipped', collection: { skipReason: 'on_hold' } });
    expect(await state(messages.off)).toMatchObject({ status: 'skipped', collection: { skipReason: 'collections_off' } });
    expect(await state(messages.suppressed)).toMatchObject({ status: 'skipped', collection: { skipReason: 'suppressed' } });
    expect(await state(messages.partly)).toMatchObject({ status: 'sent' });
    expect(await state(messages.receipt)).toMatchObject({ status: 'sent' });
    expect(await state(messages.notCollection)).toMatchObject({ status: 'sent' });
    expect(report.skippedByReason).toEqual({ paid: 1, on_hold: 1, collections_off: 1, suppressed: 1 });
    // The bounced address got only the mail that is not a collection message; the other recipient got hers.
    expect((await inboxOf(bounced)).map((e) => e.subject)).toHaveLength(1);
    expect(await inboxOf(fine)).toHaveLength(1);
    expect(await inboxOf(messages.paid.to[0]!)).toHaveLength(0);
    expect(await dispatcher()(scheduled)).toMatchObject({ sent: 0 });
  });
});

describe('dispatcher: many messages over the shards', () => {
  it('drains 300 messages of one tenant over the shards in parallel, two dispatchers at once, each delivered once', async () => {
    const own = await ownTable();
    const { tenantId } = await newTenant(own);
    const tag = unique('burst').split('@')[0]!;
    const mails = Array.from({ length: 300 }, (_, i) => email(tenantId, { to: [`${tag}-${i}@acme.test`] }));
    for (let i = 0; i < mails.length; i += 25) await Promise.all(mails.slice(i, i + 25).map((m) => own.outbox.enqueue(m)));
    const run = () => createOutboxDispatcher({ outbox: own.outbox, mailer: own.mailer, clock: own.clock, rate: async () => 150 }, quiet, noMetrics)(scheduled);

    const reports = [];
    for (let round = 0; round < 4; round++) reports.push(...(await Promise.all([run(), run()])));

    expect(reports.reduce((sum, r) => sum + r.sent, 0)).toBe(300);
    const response = await fetch(`${own.config.sesEndpoint}/store`);
    const { emails } = (await response.json()) as { emails: Array<{ destination: { to: string[] } }> };
    const ours = emails.flatMap((e) => e.destination.to).filter((to) => to.startsWith(`${tag}-`));
    expect(ours).toHaveLength(300);
    expect(new Set(ours).size).toBe(300);
  }, 180_000);
});
