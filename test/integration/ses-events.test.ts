import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createClient } from '../../domain/clients/client.use-cases.ts';
import { NewClient } from '../../domain/clients/client.schema.ts';
import { addContact } from '../../domain/clients/contact.use-cases.ts';
import type { OutboundEmail } from '../../domain/messaging/outbound-email.schema.ts';
import { dynamoCollectionRecheck } from '../../functions/adapters/dynamodb/collection-recheck.ts';
import { dynamoSuppressionStore } from '../../functions/adapters/dynamodb/suppression.store.ts';
import { envNames } from '../../functions/catalogue.ts';
import { createOutboxDispatcher } from '../../functions/schedule/outbox-dispatcher.ts';
import { projectRoot } from '../../scripts/local/handlers.ts';
import { ownTable } from '../support/own-table.ts';
import { newTenant } from '../support/tenants.ts';

// The function's own handler over a table of this file's own.
const deps = await ownTable();
vi.stubEnv(envNames.tableName, deps.config.tableName);
afterAll(() => vi.unstubAllEnvs());
const { handler } = await import('../../functions/ses/ses-events.handler.ts');
const quiet = { warn: () => undefined, info: () => undefined } as never;
const noMetrics = { addMetric: () => undefined, publishStoredMetrics: () => undefined } as never;
const scheduled = { time: new Date().toISOString() } as never;

type Sample = { id: string; detail: { mail: { tags: Record<string, string[]>; destination: string[] }; [k: string]: unknown } };
const sample = (name: string): Sample => JSON.parse(readFileSync(join(projectRoot, `events/samples/ses/${name}.json`), 'utf8'));
/** A sample event re-pointed at one of our messages, with an event id of its own. */
function eventFor(name: string, email: Pick<OutboundEmail, 'tenantId' | 'id'>, options: { id?: string; recipient?: string } = {}) {
  const event = sample(name);
  event.id = options.id ?? `${name}-${Math.random().toString(36).slice(2)}`;
  Object.assign(event.detail.mail.tags, { tenant_id: [email.tenantId], message_id: [email.id] });
  if (options.recipient) {
    const bounce = event.detail.bounce as { bouncedRecipients: Array<{ emailAddress: string }> } | undefined;
    const complaint = event.detail.complaint as { complainedRecipients: Array<{ emailAddress: string }> } | undefined;
    for (const r of [...(bounce?.bouncedRecipients ?? []), ...(complaint?.complainedRecipients ?? [])]) r.emailAddress = options.recipient;
  }
  return event;
}

async function sentEmail(tenantId: string, overrides: Partial<OutboundEmail> = {}): Promise<OutboundEmail> {
  const at = new Date().toISOString();
  const email: OutboundEmail = {
    id: `m-${Math.random().toString(36).slice(2)}`,
    tenantId,
    kind: 'collection',
    from: 'cobranza@acme.test',
    to: ['contacto@cliente.test'],
    subject: 'Recordatorio',
    text: 'Hola',
    status: 'sent',
    attempts: 1,
    dueAt: at,
    sentAt: at,
    providerMessageId: 'ses-1',
    version: 3,
    createdAt: at,
    ...overrides,
  };
  await deps.outbox.enqueue(email);
  return email;
}

describe('ses-events', () => {
  it('applies each event once, whatever their order: counts, times and the state never go back', async () => {
    const { tenantId } = await newTenant(deps);
    const email = await sentEmail(tenantId);
    const open = eventFor('open', email, { id: 'evt-open' });
    const delivery = eventFor('delivery', email, { id: 'evt-delivery' });
    const click = eventFor('click', email, { id: 'evt-click' });

    // Open before delivery; each delivered twice (EventBridge is at least once).
    const outcomes = [];
    for (const e of [open, open, delivery, click, delivery, click]) outcomes.push((await handler(e as never)).outcome);
    const once = await deps.outbox.get(tenantId, email.id);

    expect(outcomes).toEqual(['applied', 'repeated', 'applied', 'applied', 'repeated', 'repeated']);
    expect(once).toMatchObject({
      status: 'sent',
      delivery: { state: 'delivered', deliveredAt: '2026-12-07T12:00:02.000Z', openedAt: '2026-12-07T12:30:00.000Z', opens: 1, clicks: 1 },
    });

    // The same events in another order on another message end the same way.
    const other = await sentEmail(tenantId);
    for (const e of [click, delivery, open].map((e) => ({
      ...eventFor('open', other),
      ...e,
      detail: { ...e.detail, mail: { ...e.detail.mail, tags: { ...e.detail.mail.tags, message_id: [other.id] } } },
    })))
      await handler(e as never);
    const reordered = await deps.outbox.get(tenantId, other.id);
    expect(reordered?.delivery).toMatchObject({
      state: 'delivered',
      deliveredAt: once!.delivery!.deliveredAt,
      openedAt: once!.delivery!.openedAt,
      opens: 1,
      clicks: 1,
    });

    // A later open does not undo a bounce; a soft bounce after a hard one does not soften it.
    const bounced = await sentEmail(tenantId, { to: ['gone@cliente.test'] });
    for (const name of ['bounce', 'open', 'soft-bounce']) await handler(eventFor(name, bounced, { recipient: 'gone@cliente.test' }) as never);
    expect((await deps.outbox.get(tenantId, bounced.id))?.delivery).toMatchObject({ state: 'bounced', bounceType: 'Permanent', opens: 1 });
  });

  it('ignores events that are not ours or are malformed, and a message it does not know', async () => {
    const { tenantId } = await newTenant(deps);
    const foreign = sample('delivery');
    foreign.detail.mail.tags = { 'ses:configuration-set': ['x'] };
    expect((await handler(foreign as never)).outcome).toBe('ignored');
    expect((await handler({ source: 'aws.ses', detail: {} } as never)).outcome).toBe('ignored');
    expect((await handler(eventFor('delivery', { tenantId, id: 'no-such-message' }) as never)).outcome).toBe('unknown_message');
  });

  it('a hard bounce suppresses the address for the tenant and flags its contacts; mail planned to it later is skipped', async () => {
    const { admin, tenantId } = await newTenant(deps);
    const { tenantId: otherTenant } = await newTenant(deps);
    const actor = { tenantId, userId: admin.id, accessLevel: 1 as const, permissions: admin.permissions as never };
    const client = await createClient(deps)(actor, NewClient.parse({ personType: 'other', name: 'Ferretería Sur' }));
    const address = `Rebota.${Date.now()}@Cliente.test`;
    const contact = await addContact(deps)(actor, client.id, { type: 'collections', name: 'Marta', email: address });
    const keeper = await addContact(deps)(actor, client.id, { type: 'billing', name: 'Pedro', email: `pedro.${Date.now()}@cliente.test` });
    const email = await sentEmail(tenantId, { to: [address] });

    const report = await handler(eventFor('bounce', email, { recipient: address }) as never);
    const again = await handler(eventFor('bounce', email, { recipient: address }) as never);

    expect(report).toMatchObject({ outcome: 'applied', suppressed: 1, contactsFlagged: 1 });
    expect(again).toMatchObject({ contactsFlagged: 0 });
    const suppressions = dynamoSuppressionStore(deps.document, deps.config.tableName);
    expect(await suppressions.suppressedAmong(tenantId, [address, keeper.email!])).toEqual(new Set([address.toLowerCase()]));
    expect(await suppressions.suppressedAmong(otherTenant, [address])).toEqual(new Set());
    expect(await deps.contacts.get(tenantId, client.id, contact.id)).toMatchObject({ emailSuppressed: { reason: 'hard_bounce' } });
    expect((await deps.contacts.get(tenantId, client.id, keeper.id))?.emailSuppressed).toBeUndefined();

    // The planner writes a reminder to that address afterwards: the dispatcher's re-check skips it.
    const at = new Date().toISOString();
    const planned: OutboundEmail = {
      ...(await sentEmail(tenantId)),
      id: `planned-${Date.now()}`,
      status: 'pending',
      attempts: 0,
      to: [address],
      version: 1,
      collection: { type: 'overdue', clientId: client.id, invoiceIds: [], step: '1', plannedFor: at.slice(0, 10) },
    };
    delete planned.sentAt;
    delete planned.providerMessageId;
    await deps.outbox.enqueue(planned);
    const recheck = dynamoCollectionRecheck(deps.document, deps.config.tableName);
    await createOutboxDispatcher({ outbox: deps.outbox, mailer: deps.mailer, clock: deps.clock, recheck }, quiet, noMetrics)(scheduled);
    expect(await deps.outbox.get(tenantId, planned.id)).toMatchObject({ status: 'skipped', collection: { skipReason: 'suppressed' } });
  });

  it('a complaint suppresses too; a soft bounce does not', async () => {
    const { tenantId } = await newTenant(deps);
    const soft = `soft.${Date.now()}@cliente.test`;
    const angry = `angry.${Date.now()}@cliente.test`;
    await handler(eventFor('soft-bounce', await sentEmail(tenantId, { to: [soft] }), { recipient: soft }) as never);
    const complaint = await sentEmail(tenantId, { to: [angry] });
    await handler(eventFor('complaint', complaint, { recipient: angry }) as never);
    const suppressions = dynamoSuppressionStore(deps.document, deps.config.tableName);
    expect(await suppressions.suppressedAmong(tenantId, [soft, angry])).toEqual(new Set([angry]));
    expect((await deps.outbox.get(tenantId, complaint.id))?.delivery).toMatchObject({ state: 'complained', suppressed: [angry] });
  });

  it('settles an unknown outcome as sent when SES reports the message', async () => {
    const { tenantId } = await newTenant(deps);
    const email = await sentEmail(tenantId, {
      status: 'unknown',
      unknownAt: new Date().toISOString(),
      lastError: 'no answer from SES',
      providerMessageId: undefined,
    });
    await handler(eventFor('delivery', email) as never);
    expect(await deps.outbox.get(tenantId, email.id)).toMatchObject({ status: 'sent', providerMessageId: '010001938a1b2c3d-sample-000000' });
  });
});
