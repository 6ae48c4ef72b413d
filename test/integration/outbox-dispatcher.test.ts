import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it, onTestFinished } from 'vitest';
import { RETRY_AFTER_MS } from '../../domain/messaging/dispatch-outbox.use-case.ts';
import { contextOf, httpEvent } from '../support/http.ts';
import { inboxOf } from '../support/ses-inbox.ts';
import { newTenant, testDeps } from '../support/tenants.ts';

const workspace = (await import('../../functions/http/workspace-api.handler.ts')).handler;
const dispatcher = (await import('../../functions/schedule/outbox-dispatcher.handler.ts')).handler;
const scheduled = (await import('../../events/samples/eventbridge/scheduled.json', { with: { type: 'json' } })).default;
const runDispatcher = () => dispatcher(scheduled as never);
const runDispatcherAt = (event: { time: string }) => dispatcher({ ...scheduled, ...event } as never);
const deps = testDeps();

describe('outbox dispatcher (schedule → SES)', () => {
  it('delivers the welcome e-mail of a new user exactly once, from the tenant sender', async () => {
    const { admin } = await newTenant(deps, { senderEmail: 'cobranza@acme.test' });
    const created = await workspace(
      httpEvent({ routeKey: 'POST /v1/users', as: admin, body: { email: 'welcome-1@acme.test', name: 'Rosa', accessLevel: 4 } }),
      contextOf('workspace-api'),
    );
    expect(created.statusCode).toBe(201);
    expect(await inboxOf('welcome-1@acme.test')).toHaveLength(0);

    await runDispatcher();
    await runDispatcher();

    const inbox = await inboxOf('welcome-1@acme.test');
    expect(inbox).toHaveLength(1);
    expect(inbox[0]).toMatchObject({ from: 'cobranza@acme.test', subject: expect.stringContaining('bienvenida') });
    expect(inbox[0]!.body.text).toContain('Rosa');

    // The sent e-mail left the sparse queue index: no gsi2 keys on the stored item.
    const raw = await deps.data.entities.outboundEmail.query.byId({ tenantId: admin.tenantId }).go({ data: 'raw' });
    const items = (raw.data as unknown as { Items: Array<Record<string, unknown>> }).Items;
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ status: 'sent', pk: `T#${admin.tenantId}` });
    expect(items[0]).not.toHaveProperty('gsi2pk');
  });

  it('sends once when two dispatchers run at the same time', async () => {
    const { admin } = await newTenant(deps, { locale: 'en' });
    await workspace(
      httpEvent({ routeKey: 'POST /v1/users', as: admin, body: { email: 'race-mail@acme.test', name: 'Ray', accessLevel: 4 } }),
      contextOf('workspace-api'),
    );
    await Promise.all([runDispatcher(), runDispatcher(), runDispatcher()]);
    const inbox = await inboxOf('race-mail@acme.test');
    expect(inbox).toHaveLength(1);
    expect(inbox[0]).toMatchObject({ from: 'no-reply@cobranza.test', subject: expect.stringContaining('Welcome') });
  });

  it('leaves mail that is not yet due in the queue', async () => {
    const { tenantId } = await newTenant(deps);
    const now = new Date();
    await deps.outbox.enqueue({
      id: `later-${tenantId}`, tenantId, kind: 'test', from: 'a@acme.test', to: ['later@acme.test'], subject: 'later', text: 'later',
      status: 'pending', attempts: 0, dueAt: new Date(now.getTime() + 3_600_000).toISOString(), version: 1, createdAt: now.toISOString(),
    });
    await runDispatcher();
    expect(await inboxOf('later@acme.test')).toHaveLength(0);
    expect((await deps.outbox.get(tenantId, `later-${tenantId}`))?.status).toBe('pending');
  });
});

describe('outbox dispatcher when SES fails', () => {
  // Runs after the delivery tests of this file: the queue is shared, and a throttled run fails whatever is due.
  it('keeps a throttled e-mail, records the error and retries it three hours later', async () => {
    const ses = mockClient(SESv2Client); // fault injection only; the table is real
    onTestFinished(() => ses.restore());
    const throttled = Object.assign(new Error('Maximum sending rate exceeded.'), { name: 'TooManyRequestsException' });
    ses.on(SendEmailCommand).rejects(throttled);
    const { tenantId } = await newTenant(deps);
    const now = new Date();
    const id = `fault-${tenantId}`;
    await deps.outbox.enqueue({
      id, tenantId, kind: 'test', from: 'a@acme.test', to: ['fault@acme.test'], subject: 's', text: 't',
      status: 'pending', attempts: 0, dueAt: now.toISOString(), version: 1, createdAt: now.toISOString(),
    });

    const report = await runDispatcherAt({ time: now.toISOString() } as never);

    expect(report.retried).toBeGreaterThanOrEqual(1);
    const stored = await deps.outbox.get(tenantId, id);
    expect(stored).toMatchObject({ status: 'pending', attempts: 1, lastError: expect.stringContaining('TooManyRequestsException') });
    const delay = Date.parse(stored!.dueAt) - now.getTime();
    expect(delay).toBeGreaterThanOrEqual(RETRY_AFTER_MS - 5_000);
    expect(delay).toBeLessThanOrEqual(RETRY_AFTER_MS + 60_000);
  });
});
