import { describe, expect, it } from 'vitest';
import { decideUnknownEmail } from '../../domain/messaging/decide-unknown-email.use-case.ts';
import { dispatchOutbox, LEASE_MS, RECORD_TRIES } from '../../domain/messaging/dispatch-outbox.use-case.ts';
import type { OutboundEmail } from '../../domain/messaging/outbound-email.schema.ts';
import { DeliveryUnknownError, type Mailer } from '../../domain/messaging/ports.ts';
import { FakeClock, InMemoryOutboxRepository } from './fakes.ts';

const T0 = '2026-03-02T12:00:00.000Z';
const anEmail = (overrides: Partial<OutboundEmail> = {}): OutboundEmail => ({
  id: 'mail-1',
  tenantId: 'tenant-a',
  kind: 'test',
  from: 'a@acme.test',
  to: ['b@acme.test'],
  subject: 's',
  text: 't',
  status: 'pending',
  attempts: 0,
  dueAt: T0,
  version: 1,
  createdAt: T0,
  ...overrides,
});

/** A mailer whose sends wait until the test releases them, counting each call. */
function heldMailer() {
  const held: Array<(id: string) => void> = [];
  const mailer: Mailer & { calls: number } = {
    calls: 0,
    send() {
      mailer.calls++;
      return new Promise<string>((resolve) => held.push(resolve));
    },
  };
  return { mailer, release: (id: string) => held.shift()!(id), waiting: () => held.length };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('dispatchOutbox', () => {
  it('records `sent` over an `unknown` that a later run set when the lease ran out, keeping the provider id', async () => {
    const outbox = new InMemoryOutboxRepository();
    await outbox.enqueue(anEmail());
    const slow = heldMailer();
    const first = dispatchOutbox({ outbox, mailer: slow.mailer, clock: new FakeClock(T0) })();
    await settle();
    expect(slow.waiting()).toBe(1);

    const later = new FakeClock(T0);
    later.advance(LEASE_MS + 60_000);
    const other = heldMailer();
    const second = await dispatchOutbox({ outbox, mailer: other.mailer, clock: later })();
    expect(second).toMatchObject({ unknown: 1, sent: 0 });
    expect(other.mailer.calls).toBe(0);

    slow.release('ses-123');
    expect(await first).toMatchObject({ sent: 1, unrecorded: 0 });
    expect(await outbox.get('tenant-a', 'mail-1')).toMatchObject({ status: 'sent', providerMessageId: 'ses-123', attempts: 1 });
  });

  it('tries a failing outcome write a bounded number of times, then keeps it for the next run', async () => {
    const outbox = new InMemoryOutboxRepository();
    await outbox.enqueue(anEmail());
    let failing = true;
    let sentWrites = 0;
    outbox.beforeTransition = (next) => {
      if (next.status !== 'sent') return;
      sentWrites++;
      if (failing) throw new Error('ProvisionedThroughputExceededException');
    };
    const mailer: Mailer = { send: async () => 'ses-9' };
    const dispatch = dispatchOutbox({ outbox, mailer, clock: new FakeClock(T0) });

    expect(await dispatch()).toMatchObject({ sent: 1, unrecorded: 1 });
    expect(sentWrites).toBe(RECORD_TRIES);
    failing = false;
    expect(await dispatch()).toMatchObject({ sent: 0, unrecorded: 0 });
    expect(await outbox.get('tenant-a', 'mail-1')).toMatchObject({ status: 'sent', providerMessageId: 'ses-9' });
  });

  it('marks `unknown` what the mailer cannot vouch for, and a refusal `pending` again', async () => {
    const outbox = new InMemoryOutboxRepository();
    await outbox.enqueue(anEmail({ id: 'lost', to: ['lost@acme.test'] }));
    await outbox.enqueue(anEmail({ id: 'refused', to: ['refused@acme.test'] }));
    const mailer: Mailer = {
      send: async (m) => {
        if (m.to[0] === 'lost@acme.test') throw new DeliveryUnknownError('socket hang up after the request');
        throw Object.assign(new Error('Email address is not verified.'), { name: 'MessageRejected' });
      },
    };
    const report = await dispatchOutbox({ outbox, mailer, clock: new FakeClock(T0) })();
    expect(report).toMatchObject({ unknown: 1, retried: 1 });
    expect(await outbox.get('tenant-a', 'lost')).toMatchObject({ status: 'unknown', lastError: expect.stringContaining('hang up'), unknownAt: T0 });
    expect(await outbox.get('tenant-a', 'refused')).toMatchObject({ status: 'pending', lastError: expect.stringContaining('MessageRejected') });
  });
});

describe('decideUnknownEmail', () => {
  it('changes only e-mails whose delivery is unknown', async () => {
    const outbox = new InMemoryOutboxRepository();
    await outbox.enqueue(anEmail({ status: 'sent' }));
    const decide = decideUnknownEmail({ outbox, clock: new FakeClock(T0) });
    await expect(decide({ tenantId: 'tenant-a', id: 'mail-1', decision: 'resend', by: 'ops' })).rejects.toMatchObject({ code: 'invalid_state' });
    await expect(decide({ tenantId: 'tenant-a', id: 'missing', decision: 'resend', by: 'ops' })).rejects.toMatchObject({ code: 'not_found' });
    expect((await outbox.get('tenant-a', 'mail-1'))?.status).toBe('sent');
  });

  it('queues a resend now, keeping the count of tries and saying who decided', async () => {
    const outbox = new InMemoryOutboxRepository();
    await outbox.enqueue(anEmail({ status: 'unknown', attempts: 2, unknownAt: T0, lastError: 'no answer from SES within 10000 ms' }));
    const clock = new FakeClock(T0);
    clock.advance(3_600_000);
    const decided = await decideUnknownEmail({ outbox, clock })({ tenantId: 'tenant-a', id: 'mail-1', decision: 'resend', by: 'ana' });
    expect(decided).toMatchObject({
      status: 'pending',
      attempts: 2,
      dueAt: clock.now().toISOString(),
      lastError: expect.stringContaining('resend decided by ana'),
    });
    expect(decided).not.toHaveProperty('unknownAt');
    expect(await outbox.due(clock.now().toISOString(), 10)).toHaveLength(1);
  });
});
