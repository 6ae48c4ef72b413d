import { beforeAll, describe, expect, it } from 'vitest';
import { RETRY_AFTER_MS } from '../../domain/messaging/dispatch-outbox.use-case.ts';
import { ClientPatch } from '../../domain/clients/client.schema.ts';
import { updateClient } from '../../domain/clients/client.use-cases.ts';
import type { OutboundEmail } from '../../domain/messaging/outbound-email.schema.ts';
import { holdExistingInvoice } from '../../domain/receivables/invoice.use-cases.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import { dynamoSuppressionStore } from '../../functions/adapters/dynamodb/suppression.store.ts';
import { type CollectionsWorld, collectionsWorld } from '../support/collections-world.ts';

/**
 * Issue 11, "Tests": a payment between planning and sending, a hold, collections off and bounce
 * suppression, each both before the planner's run (the planner records the message skipped with its
 * reason) and between the planner's run and the dispatcher's (the dispatcher's re-check skips it), through
 * the real planner and dispatcher on DynamoDB Local and the SES emulator. delivery-dispatch.test.ts shows
 * the dispatcher's re-check on messages written by hand; this file shows it on the planner's own, and
 * the planner's messages through SES throttling and a provider error injected into the SDK client.
 */

const unique = (name: string) => `${name}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@cliente.test`;
/** Wednesday 3 March 2027, 09:00 in Santiago (−03). */
const NINE = '2027-03-03T12:00:00.000Z';
const TODAY = '2027-03-03';

const cases = ['sent', 'offBefore', 'heldBefore', 'bouncedBefore', 'paidAfter', 'heldAfter', 'offAfter', 'bouncedAfter'] as const;
type Case = (typeof cases)[number];

let world: CollectionsWorld;
let actor: Actor;
const client: Partial<Record<Case, { id: string; email: string; invoiceId: string; balance: number }>> = {};
let afterPlanning: OutboundEmail[];

const logByClient = async () => {
  const log = await world.sendLog(actor);
  return Object.fromEntries(cases.map((c) => [c, log.filter((m) => m.collection?.clientId === client[c]!.id)])) as Record<Case, OutboundEmail[]>;
};

beforeAll(async () => {
  world = await collectionsWorld('2027-03-03T05:00:00.000Z');
  actor = await world.tenant({ timeZone: 'America/Santiago', country: 'CL' });
  await world.settings(actor, {
    reminders: {
      due_soon: { enabled: false, daysBefore: 3 },
      due_today: { enabled: true },
      overdue: { enabled: false, daysAfter: 1, everyDays: 7, maxTimes: 1 },
      statement: { enabled: false, frequency: 'monthly', dayOfMonth: 1 },
      payment_received: { enabled: true },
    },
    businessDaysOnly: true,
  });
  const at = { ...world.deps, clock: world.clock };
  const suppressions = dynamoSuppressionStore(world.deps.document, world.deps.config.tableName);
  const bounce = (email: string) =>
    suppressions.suppress(actor.tenantId, email, { reason: 'hard_bounce', at: world.clock.now().toISOString(), messageId: 'earlier' });
  const hold = (c: Case) => holdExistingInvoice(at)(actor, client[c]!.invoiceId, { kind: 'disputed', reason: 'Mercadería dañada' });

  for (const c of cases) {
    const email = unique(c.toLowerCase());
    const made = await world.client(actor, `Cliente ${c}`, email, c === 'offBefore' ? { collectionsEnabled: false } : {});
    const invoice = await world.invoice(actor, made.id, TODAY);
    client[c] = { id: made.id, email, invoiceId: invoice.id, balance: invoice.balance };
  }
  // Before the run: a disputed invoice, a bounced address (the collections-off client was made so).
  await hold('heldBefore');
  await bounce(client.bouncedBefore!.email);

  // The schedule's tick at 09:00 plans; the dispatcher has not run yet.
  await world.tick('2027-03-03T11:45:00.000Z', { dispatchAfter: false });
  await world.tick(NINE, { dispatchAfter: false });
  afterPlanning = await world.sendLog(actor);

  // Between planning and sending: a payment in full, a dispute, collections switched off, a hard bounce.
  world.clock.set('2027-03-03T12:05:00.000Z');
  await world.payment(actor, client.paidAfter!.id, client.paidAfter!.balance);
  await hold('heldAfter');
  const off = await updateClient(at)(actor, client.offAfter!.id, ClientPatch.parse({ collectionsEnabled: false }), 'any');
  expect(off.client.collectionsEnabled).toBe(false);
  await bounce(client.bouncedAfter!.email);

  world.clock.set('2027-03-03T12:10:00.000Z');
  await world.planReceipts();
  await world.dispatch();
  // The next business day's run and a later dispatch send none of them.
  await world.tick('2027-03-04T12:00:00.000Z');
  await world.dispatch();
}, 120_000);

describe('what is not sent, and why, through the planner and the dispatcher (DynamoDB Local + SES emulator)', () => {
  it('the planner records collections off, a hold and a suppressed address as skipped with their reasons; the rest wait for the dispatcher', () => {
    const byClient = (c: Case) =>
      afterPlanning.filter((m) => m.collection?.clientId === client[c]!.id).map((m) => [m.kind, m.status, m.collection?.skipReason]);
    expect(byClient('offBefore')).toEqual([['collections.due_today', 'skipped', 'collections_off']]);
    expect(byClient('heldBefore')).toEqual([['collections.due_today', 'skipped', 'on_hold']]);
    expect(byClient('bouncedBefore')).toEqual([['collections.due_today', 'skipped', 'suppressed']]);
    for (const c of ['sent', 'paidAfter', 'heldAfter', 'offAfter', 'bouncedAfter'] as const)
      expect(byClient(c)).toEqual([['collections.due_today', 'pending', undefined]]);
    // A skipped message keeps the address it would have gone to (the send log shows it).
    expect(afterPlanning.find((m) => m.collection?.clientId === client.bouncedBefore!.id)?.to).toEqual([client.bouncedBefore!.email]);
  });

  it('the dispatcher re-checks what changed after planning: paid, on hold, collections off, suppressed; each recorded once, with its reason', async () => {
    const log = await logByClient();
    const rows = (c: Case) => log[c].map((m) => [m.collection!.type, m.status, m.collection!.skipReason]).sort();
    expect(rows('sent')).toEqual([['due_today', 'sent', undefined]]);
    expect(rows('paidAfter')).toEqual([
      ['due_today', 'skipped', 'paid'],
      ['payment_received', 'sent', undefined],
    ]);
    expect(rows('heldAfter')).toEqual([['due_today', 'skipped', 'on_hold']]);
    expect(rows('offAfter')).toEqual([['due_today', 'skipped', 'collections_off']]);
    expect(rows('bouncedAfter')).toEqual([['due_today', 'skipped', 'suppressed']]);
    for (const c of ['offBefore', 'heldBefore', 'bouncedBefore'] as const) expect(log[c]).toHaveLength(1);
    // The next day's run planned nothing for these invoices (due_today was yesterday, overdue is off).
    expect(world.planned.filter((p) => p.today === '2027-03-04')).toEqual([expect.objectContaining({ outcome: 'planned', pending: 0, skipped: 0 })]);
  });

  it('the SES emulator got the one reminder to send and the paid client’s receipt, nothing else', async () => {
    const inbox = (c: Case) => world.arrivals.filter((a) => a.email.destination.to.includes(client[c]!.email));
    expect(inbox('sent')).toHaveLength(1);
    expect(inbox('sent')[0]!.at).toBe(NINE.replace('12:00', '12:10'));
    const receipt = inbox('paidAfter');
    expect(receipt).toHaveLength(1);
    const log = await world.sendLog(actor);
    const typeOf = (messageId: string) => log.find((m) => m.providerMessageId === messageId)?.collection?.type;
    expect([typeOf(inbox('sent')[0]!.email.messageId), typeOf(receipt[0]!.email.messageId)]).toEqual(['due_today', 'payment_received']);
    for (const c of ['offBefore', 'heldBefore', 'bouncedBefore', 'heldAfter', 'offAfter', 'bouncedAfter'] as const) expect(inbox(c), c).toEqual([]);
    expect(world.arrivals).toHaveLength(2);
  });
});

describe('the planner’s messages when SES throttles and refuses (faults injected in the SDK client)', () => {
  it('sends the throttled one in the same run after backing off and the refused one 3 hours later by the clock: each address once, none lost', async () => {
    const w = await collectionsWorld('2027-03-03T05:00:00.000Z');
    const owner = await w.tenant({ timeZone: 'America/Santiago', country: 'CL' });
    const addresses: string[] = [];
    for (let i = 0; i < 4; i++) {
      const email = unique(`faults-${i}`);
      addresses.push(email);
      await w.invoice(owner, (await w.client(owner, `Cliente ${i}`, email)).id, TODAY);
    }
    await w.tick(NINE, { dispatchAfter: false });
    const throttled = () => Object.assign(new Error('Maximum sending rate exceeded.'), { name: 'TooManyRequestsException' });
    w.sesFaults.push(throttled(), throttled(), Object.assign(new Error('Email address is not verified.'), { name: 'MessageRejected' }));

    const first = await w.dispatch();
    const waiting = (await w.sendLog(owner)).filter((m) => m.status !== 'sent');
    w.clock.set(new Date(Date.parse(NINE) + RETRY_AFTER_MS - 60_000).toISOString());
    const tooSoon = await w.dispatch();
    w.clock.set(new Date(Date.parse(NINE) + RETRY_AFTER_MS + 60_000).toISOString());
    const retry = await w.dispatch();
    const after = await w.dispatch();

    expect(w.sesFaults).toEqual([]);
    expect(first).toMatchObject({ sent: 3, retried: 1, failed: 0, unknown: 0 });
    expect([tooSoon.sent, retry.sent, after.sent]).toEqual([0, 1, 0]);
    for (const address of addresses)
      expect(
        w.arrivals.filter((a) => a.email.destination.to.includes(address)),
        address,
      ).toHaveLength(1);
    const log = await w.sendLog(owner);
    expect(log.map((m) => m.status)).toEqual(['sent', 'sent', 'sent', 'sent']);
    const refused = log.find((m) => m.attempts === 2)!;
    // Between the runs it waited, pending with the provider's error, due 3 hours after the refusal.
    expect(waiting).toEqual([
      expect.objectContaining({
        id: refused.id,
        status: 'pending',
        dueAt: new Date(Date.parse(NINE) + RETRY_AFTER_MS).toISOString(),
        lastError: expect.stringContaining('MessageRejected'),
      }),
    ]);
    expect(refused.sentAt).toBe(w.clock.now().toISOString());
    expect(w.arrivals.find((a) => a.email.messageId === refused.providerMessageId)?.at).toBe(refused.sentAt);
    expect(log.filter((m) => m.attempts === 1)).toHaveLength(3);
  }, 120_000);
});
