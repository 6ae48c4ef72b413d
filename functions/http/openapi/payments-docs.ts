import type { OperationDoc } from './operations.ts';
import { sample } from './samples.ts';

/** What the document says about the payment and credit-note operations (spread into operations.ts). */

const { client, invoice, user, tenant, at, later } = sample;
const cursor = 'AVx2kP9qTnW3c1u8yZbLr5sHf0eJ4gQmOa7dIvXt6KpCwE2NnRy';
const record = { tenantId: tenant.id, clientId: client.id, createdAt: at, createdBy: user.id, updatedAt: at, updatedBy: user.id };
const paymentInput = {
  clientId: client.id,
  amount: 150000,
  date: '2026-03-02',
  method: 'transfer' as const,
  reference: 'TEF 88123',
  allocations: [{ invoiceId: invoice.id, amount: 150000 }],
};
const payment = {
  ...record,
  id: '01JND7A2C4E6G8J0K2M4P6R8T0',
  kind: 'payment' as const,
  amount: 150000,
  currency: 'CLP' as const,
  date: '2026-03-02',
  method: 'transfer' as const,
  reference: 'TEF 88123',
  allocations: [{ invoiceId: invoice.id, amount: 150000, date: '2026-03-02' }],
  unapplied: 0,
  status: 'active' as const,
  version: 1,
};
const withCredit = {
  ...payment,
  amount: 200000,
  allocations: [{ invoiceId: invoice.id, amount: 150000, date: '2026-03-02' }],
  unapplied: 50000,
};
const creditNoteInput = { clientId: client.id, number: 'NC-311', amount: 18000, invoiceId: invoice.id, reason: 'Flete cobrado de más' };
const creditNote = {
  ...record,
  id: '01JND7B3D5F7H9K1M3N5Q7S9V1',
  kind: 'credit_note' as const,
  amount: 18000,
  currency: 'CLP' as const,
  date: '2026-03-02',
  number: 'NC-311',
  reason: 'Flete cobrado de más',
  allocations: [{ invoiceId: invoice.id, amount: 18000, date: '2026-03-02' }],
  unapplied: 0,
  status: 'active' as const,
  version: 1,
};
const reversed = { reversedDate: '2026-03-09', status: 'reversed' as const, unapplied: 0, version: 2, updatedAt: later };
const day = (d: number, count = 0, amount = 0) => ({ date: `2026-03-${String(d).padStart(2, '0')}`, count, amount });

const idempotent =
  '\n\nSend an `Idempotency-Key` to retry safely: the same request again within 24 h gets the first response with `Idempotency-Replayed: true`.';
const scoped =
  "\n\nOnly clients within your access level's reach exist for you; a payment or credit note of any other client is a 404, as for another company.";
const atomic =
  '\n\nOne transaction: the document, every invoice it changes (each on the version read: a concurrent payment of the same invoice makes this one read again, so nothing is ever applied twice), the client history and the receivables figures. At most 20 invoices per call.';

export const paymentDocs = {
  listPayments: {
    description: `Payments newest first. With \`clientId\`, that client's (a client outside your reach is a 404); without it, your company's, which only **level 1** may list: narrower levels name a client.\n\nPaged: \`limit\` (1–100) and the \`cursor\` of the previous page.`,
    response: { items: [payment], cursor },
  },
  createPayment: {
    description: `Records a payment received from a client (\`payments.manage\`) and applies it. With \`allocations\` each names an open invoice of the client in the payment's currency and at most its balance, together at most the amount (checked against the invoices as read now: a 400 names each refused line). Without, it is applied **oldest due first** to up to 20 invoices. What is not applied stays as the client's credit (\`unapplied\`), to apply later with \`POST /v1/payments/{paymentId}/apply\`.\n\n- \`date\` defaults to your company's today; a later date is refused (a post-dated cheque is recorded when deposited).\n- \`currency\` defaults to your company's.${atomic}${idempotent}`,
    request: paymentInput,
    response: payment,
  },
  getPayment: { description: `One payment with its allocations and what is left as credit.${scoped}`, response: withCredit },
  applyPayment: {
    description: `Applies what is left of a payment (\`unapplied\`, the client's credit) to invoices (\`payments.manage\`): the given \`allocations\`, or oldest due first. Dated your company's today. With no open invoice to apply to, the payment comes back as it is.${atomic}${scoped}`,
    request: { allocations: [{ invoiceId: invoice.id, amount: 50000 }] },
    response: {
      ...withCredit,
      allocations: [...withCredit.allocations, { invoiceId: invoice.id, amount: 50000, date: '2026-03-09' }],
      unapplied: 0,
      version: 2,
    },
  },
  reversePayment: {
    description: `Reverses a payment (\`payments.manage\`) — a bounced cheque, a payment recorded by mistake: every invoice gets back exactly what it received (issued or partially paid again), its credit is gone, and this month's payment figures lose it. A reversed payment stays listed with \`status: reversed\`; reversing it again is a 409 \`already_reversed\`.${atomic}${scoped}`,
    response: { ...payment, ...reversed },
  },
  listCreditNotes: {
    description: `Credit notes newest first. With \`clientId\`, that client's; without it, your company's (**level 1** only).\n\nPaged: \`limit\` (1–100) and the \`cursor\` of the previous page.`,
    response: { items: [creditNote], cursor },
  },
  createCreditNote: {
    description: `Creates a credit note (\`payments.manage\`). With \`invoiceId\` it reduces that open invoice's balance, up to the balance (anything over is the client's credit); without, the whole amount is the client's credit. \`number\` is optional and unique in your company ignoring case (a 409 names the credit note holding it).${atomic}${idempotent}`,
    request: creditNoteInput,
    response: creditNote,
  },
  getCreditNote: { description: `One credit note.${scoped}`, response: creditNote },
  reverseCreditNote: {
    description: `Reverses a credit note (\`payments.manage\`): its invoice gets back what it reduced and its credit is gone; its number stays taken. Again is a 409 \`already_reversed\`.${atomic}${scoped}`,
    response: { ...creditNote, ...reversed },
  },
  getClientPaymentsOverview: {
    description: `The client's payments tab: for your company's current month, per currency, the total received net of reversals, how many payments, and a per-day series from the 1st to today (zeros included) ready for a chart; and the last 20 payments, newest first. \`more\` says there may be older ones: page through \`GET /v1/payments?clientId=\`. Reads two items and one index page, whatever the client's history.${scoped}`,
    response: {
      clientId: client.id,
      month: '2026-03',
      currencies: [{ currency: 'CLP', total: 150000, count: 1, days: [day(1), day(2, 1, 150000), day(3)] }],
      last: [payment],
      more: false,
    },
  },
} satisfies Record<string, OperationDoc>;
