import { describe, expect, it } from 'vitest';
import { planPaymentReceipt, sendNowCandidates } from '../../../domain/collections/event-messages.ts';
import { collectionMessageId } from '../../../domain/collections/message-id.ts';
import { aContact, anInvoice, NOW, planClient, render, settings, tenant } from './planner-fixtures.ts';

const payment = { id: 'pay1', clientId: 'cli', amount: 100_000, currency: 'CLP' as const, date: '2026-12-01', kind: 'payment' as const };
const receipt = (overrides: Partial<Parameters<typeof planPaymentReceipt>[0]> = {}) =>
  planPaymentReceipt({
    tenant: tenant(),
    settings: settings(),
    payment,
    invoices: [anInvoice('i1', '2026-11-30', { balance: 0, status: 'paid' })],
    client: planClient('cli', { contacts: [aContact('cli', 'billing', ['payments']), aContact('cli', 'collector', ['reminders'])] }),
    suppressed: new Set(),
    render,
    defaultSender: 'no-reply@cobranza.local',
    today: '2026-12-01',
    now: NOW,
    ...overrides,
  });

describe('payment receipt', () => {
  it("is keyed by the payment and goes to the client's payments routing", () => {
    expect(receipt()).toMatchObject({
      id: collectionMessageId({ tenantId: 'ten', subject: { kind: 'client', id: 'cli' }, what: 'payment_received', step: 'pay1' }),
      kind: 'collections.payment_received',
      to: ['cli@client.cl', 'billing@contact.cl'],
      status: 'pending',
      collection: { type: 'payment_received', step: 'pay1', invoiceIds: ['i1'] },
    });
  });

  it('none when receipts are off or for a credit note; skipped while collections are off', () => {
    expect(receipt({ settings: settings({ payment_received: { enabled: false } }) })).toBeUndefined();
    expect(receipt({ payment: { ...payment, kind: 'credit_note' } })).toBeUndefined();
    expect(receipt({ client: planClient('cli', {}, { collectionsEnabled: false }) })?.collection?.skipReason).toBe('collections_off');
  });
});

describe('send-now candidates', () => {
  const candidates = (dueDate: string, today: string) =>
    sendNowCandidates({
      tenant: tenant(),
      settings: settings(),
      calendar: { isBusinessDay: () => true },
      clients: new Map([['cli', planClient('cli')]]),
      suppressed: new Set(),
      render,
      defaultSender: 'x@y.z',
      now: NOW,
      invoice: anInvoice('inv', dueDate),
      today,
    }).map((m) => `${m.collection?.type} ${m.collection?.step} ${m.collection?.plannedFor}`);

  it('lists the steps from today on in schedule order, each with its own step key, planned for today', () => {
    expect(candidates('2026-12-10', '2026-12-01')).toEqual([
      'due_soon 2026-12-10 2026-12-01',
      'due_today 2026-12-10 2026-12-01',
      'overdue 1 2026-12-01',
      'overdue 2 2026-12-01',
      'overdue 3 2026-12-01',
    ]);
    expect(candidates('2026-11-25', '2026-12-01')).toEqual(['overdue 2 2026-12-01', 'overdue 3 2026-12-01']);
  });
});
