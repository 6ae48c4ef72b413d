import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { decideUnknownEmail } from '../../domain/messaging/decide-unknown-email.use-case.ts';
import { LEASE_MS, RETRY_AFTER_MS, THROTTLED_AGAIN_MS } from '../../domain/messaging/dispatch-outbox.use-case.ts';
import type { OutboundEmail } from '../../domain/messaging/outbound-email.schema.ts';
import type { Mailer } from '../../domain/messaging/ports.ts';
import type { Clock } from '../../domain/shared/ports.ts';
import { dynamoClients, sesClient } from '../../functions/adapters/aws-clients.ts';
import { createDataService } from '../../functions/adapters/dynamodb/entities/index.ts';
import { dynamoOutboxRepository } from '../../functions/adapters/dynamodb/outbox.repository.ts';
import { SES_SEND_TIMEOUT_MS, sesMailer } from '../../functions/adapters/ses/ses-mailer.ts';
import { envNames, findFunction } from '../../functions/catalogue.ts';
import { readConfig } from '../../functions/config.ts';
import type { Dependencies } from '../../functions/dependencies.ts';
import { createOutboxDispatcher, DISPATCH_RESERVE_MS } from '../../functions/schedule/outbox-dispatcher.ts';
import { lambdaContext } from '../../scripts/local/handlers.ts';
import { contextOf, httpEvent } from '../support/http.ts';
import { ownTable } from '../support/own-table.ts';
import { inboxOf } from '../support/ses-inbox.ts';
import { closedEndpoint, hungEndpoint, lateEndpoint } from '../support/tcp-faults.ts';
import { newTenant } from '../support/tenants.ts';

// This file's handlers work on a table of its own, so no other test file fills or drains its queue;
// each fault test below gets yet another table, so no test here depends on another's leftovers. The two
// tests that share the handlers' table assert only on their own tenant and a recipient of their own
// (the SES emulator's inbox outlives a run of this file), so neither depends on the other running first.
const fileDeps = await ownTable();
vi.stubEnv(envNames.tableName, fileDeps.config.tableName);
afterAll(() => vi.unstubAllEnvs());
const workspace = (await import('../../functions/http/workspace-api.handler.ts')).handler;
const dispatcher = (await import('../../functions/schedule/outbox-dispatcher.handler.ts')).handler;
const scheduled = (await import('../../events/samples/eventbridge/scheduled.json', { with: { type: 'json' } })).default;
const runDispatcher = () => dispatcher(scheduled as never);

const quiet = { warn: () => undefined, info: () => undefined } as never;
const noMetrics = { addMetric: () => undefined, publishStoredMetrics: () => undefined } as never;
const sesAt = (endpoint: string) => sesClient({ ...readConfig(), sesEndpoint: endpoint });
const clockAt = (offsetMs: number): Clock => ({ now: () => new Date(Date.now() + offsetMs) });

/** A dispatcher (the function's own code) over the given table, mailer and clock. */
const dispatcherOver = (deps: Dependencies, options: { mailer?: Mailer; clock?: Clock } = {}) =>
  createOutboxDispatcher({ outbox: deps.outbox, mailer: options.mailer ?? deps.mailer, clock: options.clock ?? deps.clock }, quiet, noMetrics);

async function enqueued(deps: Dependencies, recipient: string, overrides: Partial<OutboundEmail> = {}): Promise<OutboundEmail> {
  const { tenantId } = await newTenant(deps);
  const now = new Date().toISOString();
  const email: OutboundEmail = {
    id: `mail-${recipient}`,
    tenantId,
    kind: 'test',
    from: 'cobranza@acme.test',
    to: [recipient],
    subject: 'Aviso',
    text: 'Hola',
    status: 'pending',
    attempts: 0,
    dueAt: now,
    version: 1,
    createdAt: now,
    ...overrides,
  };
  await deps.outbox.enqueue(email);
  return email;
}

const unique = (name: string) => `${name}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@acme.test`;

describe('outbox dispatcher (schedule → SES)', () => {
  it('delivers the welcome e-mail of a new user exactly once, from the tenant sender', async () => {
    const { admin } = await newTenant(fileDeps, { senderEmail: 'cobranza@acme.test' });
    const recipient = unique('welcome');
    const created = await workspace(
      httpEvent({ routeKey: 'POST /v1/users', as: admin, body: { email: recipient, name: 'Rosa', accessLevel: 4 } }),
      contextOf('workspace-api'),
    );
    expect(created.statusCode).toBe(201);
    expect(await inboxOf(recipient)).toHaveLength(0);

    await runDispatcher();
    await runDispatcher();

    const inbox = await inboxOf(recipient);
    expect(inbox).toHaveLength(1);
    expect(inbox[0]).toMatchObject({ from: 'cobranza@acme.test', subject: expect.stringContaining('bienvenida') });
    expect(inbox[0]!.body.text).toContain('Rosa');

    // The sent e-mail left the sparse queue index: no gsi2 keys on the stored item.
    const raw = await fileDeps.data.entities.outboundEmail.query.byId({ tenantId: admin.tenantId }).go({ data: 'raw' });
    const items = (raw.data as unknown as { Items: Array<Record<string, unknown>> }).Items;
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ status: 'sent', pk: `T#${admin.tenantId}` });
    expect(items[0]).not.toHaveProperty('gsi2pk');
  });

  it('sends once when two dispatchers run at the same time', async () => {
    const { admin } = await newTenant(fileDeps, { locale: 'en' });
    const recipient = unique('race');
    await workspace(httpEvent({ routeKey: 'POST /v1/users', as: admin, body: { email: recipient, name: 'Ray', accessLevel: 4 } }), contextOf('workspace-api'));
    await Promise.all([runDispatcher(), runDispatcher(), runDispatcher()]);
    const inbox = await inboxOf(recipient);
    expect(inbox).toHaveLength(1);
    expect(inbox[0]).toMatchObject({ from: 'no-reply@cobranza.test', subject: expect.stringContaining('Welcome') });
  });

  it('leaves mail that is not yet due in the queue', async () => {
    const deps = await ownTable();
    const email = await enqueued(deps, unique('later'), { dueAt: new Date(Date.now() + 3_600_000).toISOString() });
    await dispatcherOver(deps)(scheduled as never);
    expect(await inboxOf(email.to[0]!)).toHaveLength(0);
    expect((await deps.outbox.get(email.tenantId, email.id))?.status).toBe('pending');
  });
});

describe('outbox dispatcher when SES refuses or cannot be reached', () => {
  it('keeps an e-mail still throttled after backing off: due again within a minute, no try counted', async () => {
    const deps = await ownTable();
    const ses = mockClient(SESv2Client); // fault injection only; the table is real
    onTestFinished(() => ses.restore());
    ses.on(SendEmailCommand).rejects(Object.assign(new Error('Maximum sending rate exceeded.'), { name: 'TooManyRequestsException' }));
    const email = await enqueued(deps, unique('throttled'));
    const started = Date.now();

    const report = await dispatcherOver(deps)(scheduled as never);

    const stored = await deps.outbox.get(email.tenantId, email.id);
    expect(stored).toMatchObject({ status: 'pending', attempts: 0, lastError: expect.stringContaining('TooManyRequestsException') });
    const delay = Date.parse(stored!.dueAt) - started;
    expect(delay).toBeGreaterThanOrEqual(THROTTLED_AGAIN_MS - 5_000);
    expect(delay).toBeLessThan(RETRY_AFTER_MS);
    expect(report).toMatchObject({ throttled: 1, retried: 0, sent: 0, unknown: 0 });
  });

  it('treats a refused connection as not sent: retried three hours later, and then delivered once', async () => {
    const deps = await ownTable();
    const email = await enqueued(deps, unique('refused'));
    const down = sesMailer(sesAt(await closedEndpoint()));

    const report = await dispatcherOver(deps, { mailer: down })(scheduled as never);

    expect(await deps.outbox.get(email.tenantId, email.id)).toMatchObject({ status: 'pending', lastError: expect.stringContaining('ECONNREFUSED') });
    await dispatcherOver(deps, { clock: clockAt(RETRY_AFTER_MS + 60_000) })(scheduled as never);
    expect(await inboxOf(email.to[0]!)).toHaveLength(1);
    expect(report).toMatchObject({ retried: 1, unknown: 0 });
  });
});

describe('outbox dispatcher when the outcome of a send is unknown', () => {
  it('marks an e-mail unknown when SES accepts the connection and never answers, within the send timeout', async () => {
    const deps = await ownTable();
    const hung = await hungEndpoint();
    const email = await enqueued(deps, unique('hung'));
    const started = Date.now();

    const report = await dispatcherOver(deps, { mailer: sesMailer(sesAt(hung.url), { timeoutMs: 400 }) })(scheduled as never);

    expect(Date.now() - started).toBeLessThan(8_000);
    expect(hung.requests()).toBe(1); // the SDK did not try a second time
    expect(report).toMatchObject({ sent: 0, retried: 0, unknown: 1, attention: [{ tenantId: email.tenantId, id: email.id, status: 'unknown' }] });
    expect(await deps.outbox.get(email.tenantId, email.id)).toMatchObject({
      status: 'unknown',
      attempts: 1,
      lastError: expect.stringContaining('no answer from SES within 400 ms'),
      unknownAt: expect.any(String),
    });
    // Out of the queue: later runs with a working SES, even past the lease and the retry delay, leave it alone.
    for (const offset of [LEASE_MS + 60_000, RETRY_AFTER_MS + 60_000]) {
      expect(await dispatcherOver(deps, { clock: clockAt(offset) })(scheduled as never)).toMatchObject({ sent: 0 });
    }
    expect(await inboxOf(email.to[0]!)).toHaveLength(0);
    // An operator finds it: all tenants, or one.
    expect((await deps.outbox.awaitingDecision({ limit: 10 })).items.map((e) => e.id)).toEqual([email.id]);
    expect((await deps.outbox.awaitingDecision({ limit: 10, tenantId: email.tenantId })).items).toHaveLength(1);
    expect((await deps.outbox.awaitingDecision({ limit: 10, tenantId: 'someone-else' })).items).toHaveLength(0);
  });

  it('does not send a second copy when a hung send outlives its lease and then delivers late', async () => {
    const deps = await ownTable();
    const email = await enqueued(deps, unique('late'));
    // SES takes the first request 1.5 s late, after the dispatcher gave up on it.
    const late = await lateEndpoint(process.env[envNames.sesEndpoint]!, 1_500);

    const first = dispatcherOver(deps, { mailer: sesMailer(sesAt(late.url), { timeoutMs: 400 }) })(scheduled as never);
    await new Promise((r) => setTimeout(r, 600));
    // The next scheduled run, after the first run's lease has run out, with SES working again.
    const second = await dispatcherOver(deps, { clock: clockAt(LEASE_MS + 60_000) })(scheduled as never);
    await first;
    await late.forwarded();

    expect(second.sent).toBe(0);
    expect(await inboxOf(email.to[0]!)).toHaveLength(1);
    expect((await deps.outbox.get(email.tenantId, email.id))?.status).toBe('unknown');
  });

  it('marks unknown, without sending, an e-mail left claimed by a dispatcher that stopped mid-send', async () => {
    const deps = await ownTable();
    const past = new Date(Date.now() - 60_000).toISOString();
    const email = await enqueued(deps, unique('orphan'), { status: 'sending', attempts: 1, leaseUntil: past });

    const report = await dispatcherOver(deps)(scheduled as never);

    expect(report).toMatchObject({ sent: 0, unknown: 1 });
    expect(await deps.outbox.get(email.tenantId, email.id)).toMatchObject({ status: 'unknown', attempts: 1, lastError: expect.stringContaining('lease') });
    expect(await inboxOf(email.to[0]!)).toHaveLength(0);
  });

  it('sends an unknown e-mail once when a person decides to resend it, and never when they record it delivered', async () => {
    const deps = await ownTable();
    const resend = await enqueued(deps, unique('decided-resend'), {
      status: 'unknown',
      attempts: 1,
      lastError: 'no answer',
      unknownAt: new Date().toISOString(),
    });
    const delivered = await enqueued(deps, unique('decided-delivered'), {
      status: 'unknown',
      attempts: 1,
      lastError: 'no answer',
      unknownAt: new Date().toISOString(),
    });
    const decide = decideUnknownEmail(deps);

    await decide({ tenantId: resend.tenantId, id: resend.id, decision: 'resend', by: 'operator' });
    await decide({ tenantId: delivered.tenantId, id: delivered.id, decision: 'delivered', by: 'operator' });
    await dispatcherOver(deps)(scheduled as never);
    await dispatcherOver(deps, { clock: clockAt(RETRY_AFTER_MS) })(scheduled as never);

    expect(await inboxOf(resend.to[0]!)).toHaveLength(1);
    expect(await inboxOf(delivered.to[0]!)).toHaveLength(0);
    expect(await deps.outbox.get(resend.tenantId, resend.id)).toMatchObject({ status: 'sent', attempts: 2 });
    expect(await deps.outbox.get(delivered.tenantId, delivered.id)).toMatchObject({
      status: 'sent',
      lastError: expect.stringContaining('delivered decided by operator'),
    });
    expect((await deps.outbox.awaitingDecision({ limit: 10 })).items).toHaveLength(0);
  });

  it('stops claiming when the function has too little time left to send and record one more', async () => {
    const deps = await ownTable();
    const email = await enqueued(deps, unique('deferred'));
    const context = { ...lambdaContext(findFunction('outbox-dispatcher')), getRemainingTimeInMillis: () => 5_000 };

    const report = await dispatcherOver(deps)(scheduled as never, context);

    expect(report).toMatchObject({ sent: 0, deferred: 1 });
    expect(await deps.outbox.get(email.tenantId, email.id)).toMatchObject({ status: 'pending', attempts: 0 });
    expect(await inboxOf(email.to[0]!)).toHaveLength(0);
  });
});

describe('outbox dispatcher when DynamoDB fails after SES accepted', () => {
  /** The table's adapters over a document client of their own, whose `sent` writes fail while `failSent` is on. */
  async function flakyTable() {
    const deps = await ownTable();
    const real = dynamoClients(deps.config).document;
    const faulty = dynamoClients(deps.config).document;
    const mock = mockClient(faulty);
    onTestFinished(() => mock.restore());
    const state = { failSent: 0, refused: 0 };
    mock.on(GetCommand).callsFake((input) => real.send(new GetCommand(input)));
    mock.on(QueryCommand).callsFake((input) => real.send(new QueryCommand(input)));
    mock.on(PutCommand).callsFake(async (input: { Item?: { status?: string } }) => {
      if (input.Item?.status === 'sent' && state.failSent > 0) {
        state.failSent--;
        state.refused++;
        throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8000'), { name: 'TimeoutError', code: 'ECONNREFUSED' });
      }
      return real.send(new PutCommand(input as never));
    });
    return { deps: { ...deps, outbox: dynamoOutboxRepository(createDataService(faulty, deps.config.tableName)) } as Dependencies, state };
  }

  it('retries recording `sent` as a write, keeping the SES message id, and never sends again', async () => {
    const { deps, state } = await flakyTable();
    const email = await enqueued(deps, unique('record-retry'));
    state.failSent = 1;

    const report = await dispatcherOver(deps)(scheduled as never);
    await dispatcherOver(deps, { clock: clockAt(RETRY_AFTER_MS + 60_000) })(scheduled as never);

    expect(state.refused).toBe(1);
    const inbox = await inboxOf(email.to[0]!);
    expect(inbox).toHaveLength(1);
    expect(await deps.outbox.get(email.tenantId, email.id)).toMatchObject({ status: 'sent', providerMessageId: inbox[0]!.messageId });
    expect(report).toMatchObject({ sent: 1, unrecorded: 0, retried: 0 });
  });

  it('keeps a `sent` that could not be recorded during the whole run and records it on the next run, not sending again', async () => {
    const { deps, state } = await flakyTable();
    const email = await enqueued(deps, unique('record-later'));
    const dispatch = dispatcherOver(deps);
    state.failSent = 1_000; // DynamoDB refuses every `sent` write of this run

    const first = await dispatch(scheduled as never).catch((error: unknown) => error);

    const inbox = await inboxOf(email.to[0]!);
    expect(inbox).toHaveLength(1);
    expect((await deps.outbox.get(email.tenantId, email.id))?.status).toBe('sending');

    state.failSent = 0; // DynamoDB is back for the next scheduled run
    const second = await dispatch(scheduled as never);
    await dispatcherOver(deps, { clock: clockAt(LEASE_MS + RETRY_AFTER_MS) })(scheduled as never);

    expect(await inboxOf(email.to[0]!)).toHaveLength(1);
    expect(await deps.outbox.get(email.tenantId, email.id)).toMatchObject({ status: 'sent', providerMessageId: inbox[0]!.messageId });
    expect(first).toMatchObject({ sent: 1, unrecorded: 1, attention: [{ id: email.id, status: 'unrecorded', providerMessageId: inbox[0]!.messageId }] });
    expect(second).toMatchObject({ sent: 0, unrecorded: 0 });
  });
});

describe('dispatcher time limits', () => {
  it('fit inside one another: SES send < time reserved per e-mail < function timeout < claim lease, each with margin', async () => {
    const functionMs = findFunction('outbox-dispatcher').timeoutSeconds * 1000;
    // The reserve covers the send and the writes that record it.
    expect(SES_SEND_TIMEOUT_MS + 5_000).toBeLessThanOrEqual(DISPATCH_RESERVE_MS);
    // A run can claim during at least half of its time.
    expect(DISPATCH_RESERVE_MS * 2).toBeLessThanOrEqual(functionMs);
    // Lambda ends the function long before its claims expire: a lease runs out only on a dead dispatcher.
    expect(functionMs * 2).toBeLessThanOrEqual(LEASE_MS);
    // Whatever the dispatcher's SES client's own per-attempt timeouts are, none outlasts the mailer's deadline.
    const handler = sesClient(readConfig(process.env, 'outbox-dispatcher')).config.requestHandler as { configProvider?: Promise<Record<string, unknown>> };
    const own = (await handler.configProvider) ?? {};
    for (const name of ['connectionTimeout', 'requestTimeout', 'socketTimeout']) {
      if (typeof own[name] === 'number') expect(own[name]).toBeLessThanOrEqual(SES_SEND_TIMEOUT_MS);
    }
  });
});
