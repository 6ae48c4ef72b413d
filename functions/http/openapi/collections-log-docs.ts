import type { OperationDoc } from './operations.ts';
import { sample } from './samples.ts';

/** What the document says about the planner's preview and send-now and the send log (spread into operations.ts). */

const { client, invoice, at } = sample;
const planned = {
  id: 'col_3f9a1c0d2b7e4a65c08d1e2f3a4b5c6d',
  type: 'due_soon' as const,
  clientId: client.id,
  invoiceIds: [invoice.id],
  step: '2026-12-04',
  plannedFor: '2026-12-01',
  status: 'pending' as const,
  from: 'cobranza@ferreteria-sur.cl',
  replyTo: 'ana.rojas@ferreteria-sur.cl',
  to: ['pagos@comercial-andes.cl'],
  subject: 'Su factura 1024 vence el 4 de diciembre de 2026',
};
const logged = {
  id: planned.id,
  type: planned.type,
  clientId: client.id,
  invoiceIds: planned.invoiceIds,
  plannedFor: planned.plannedFor,
  status: 'sent' as const,
  to: planned.to,
  subject: planned.subject,
  attempts: 1,
  createdAt: at,
  sentAt: at,
  delivery: { state: 'delivered' as const, deliveredAt: at, opens: 1 },
};
const skipped = {
  ...logged,
  id: 'col_8d02e6b1a4c93f70e1d2c3b4a5968778',
  status: 'skipped' as const,
  reason: 'on_hold' as const,
  attempts: 0,
  sentAt: undefined,
  delivery: undefined,
};
const paged = ' Paged by `cursor` (opaque, sealed): pass the one a page returns to get the next.';

export const collectionsLogDocs = {
  previewCollections: {
    description:
      "What the planner will send on a day, computed now and written nowhere: each reminder and notice with its sender, recipients and subject, and those it will skip with the reason. Without `date`, the day of the next run (today until it has run, else the next business day). Weekends and the country's public holidays send nothing when the company works business days only.",
    response: { date: '2026-12-01', businessDay: true, messages: [planned] },
  },
  sendReminderNow: {
    description:
      "Queues the invoice's next reminder at once (an invoice of your reach, not paid, not on hold) and moves its schedule on: the message has the same key as the step it replaces, so the daily run does not send it again. 409 when nothing is left to send.\n\nSend an `Idempotency-Key` to retry safely: the same request again within 24 h gets the first response with `Idempotency-Replayed: true`.",
    response: planned,
  },
  listCollectionMessages: {
    description: `The send log: every reminder and notice planned, newest first, with its status, the reason of a skipped one and what SES said after sending (delivered, bounced, opened …). Filters: \`status\`, \`reason\`, \`type\`, \`clientId\`, \`from\`/\`to\` (creation dates). Levels 2–4 see the messages of the clients within their reach.${paged}`,
    response: { items: [logged, skipped] },
  },
  listClientMessages: {
    description: `The send log of one client of your reach (any other id is a 404), newest first, with the same filters as the company's log.${paged}`,
    response: { items: [logged] },
  },
  decideCollectionMessage: {
    description:
      'Settles a message whose delivery is `unknown` (the send timed out after SES may have taken it): `resend` queues it again now, `delivered` records it as sent, `drop` gives it up. Check SES events or ask the recipient first: a resend may deliver it twice. Level 1 only; a message of another company, or no collection message, is a 404; one that is not `unknown` a 409.',
    request: { decision: 'delivered' },
    response: { ...logged, delivery: undefined },
  },
} satisfies Partial<Record<string, OperationDoc>>;
