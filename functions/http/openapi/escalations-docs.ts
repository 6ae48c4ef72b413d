import { SIGNATURE_SCHEME } from '../routes/escalations.routes.ts';
import type { OperationDoc } from './operations.ts';
import { sample } from './samples.ts';

/** What the document says about the escalation operations (spread into operations.ts). */

const { client, invoice, user, tenant, at, later } = sample;
const cursor = 'AVx2kP9qTnW3c1u8yZbLr5sHf0eJ4gQmOa7dIvXt6KpCwE2NnRy';
const escalationId = '01JNF2A4C6E8G0J2L4N6Q8S0U2';
const deliveryId = '01JNF2B5D7F9H1K3M5P7R9T1V3';
const escalation = {
  tenantId: tenant.id,
  id: escalationId,
  clientId: client.id,
  invoices: [{ id: invoice.id, number: 'F-1024', dueDate: '2026-01-31', currency: 'CLP' as const, balance: 452200 }],
  stage: 'extrajudicial' as const,
  stages: [{ stage: 'extrajudicial' as const, date: '2026-03-02', status: 'pending' as const, notes: 'Tres recordatorios sin respuesta', by: user.id, at }],
  objections: [],
  status: 'open' as const,
  history: [{ at, by: user.id, operation: 'create', version: 1 }],
  version: 1,
  createdAt: at,
  createdBy: user.id,
  updatedAt: at,
  updatedBy: user.id,
};
const prejudicial = {
  ...escalation,
  stage: 'prejudicial' as const,
  stages: [
    ...escalation.stages,
    { stage: 'prejudicial' as const, date: '2026-03-09', status: 'in_progress' as const, notes: 'Carta de apremio enviada', by: user.id, at: later },
  ],
  history: [...escalation.history, { at: later, by: user.id, operation: 'stage', version: 2, detail: 'prejudicial:in_progress' }],
  version: 2,
  updatedAt: later,
};
const delivery = {
  tenantId: tenant.id,
  id: deliveryId,
  escalationId,
  type: 'escalation.created' as const,
  body: `{"id":"${deliveryId}","type":"escalation.created","tenantId":"${tenant.id}","escalation":{"id":"${escalationId}"}}`,
  status: 'dead' as const,
  attempts: 8,
  dueAt: at,
  lastError: 'the agency answered 500',
  version: 17,
  createdAt: at,
};

const scoped = "\n\nOnly escalations of clients within your access level's reach exist for you: any other id is a 404, as for another company.";
const webhook =
  '\n\nThe agency hears of the change by a signed webhook queued in the same write (see `GET /v1/escalations/deliveries`): JSON body, `X-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "t.body">` with your company’s outbound key, and the delivery id as `Idempotency-Key`, the same on every try.';

export const escalationDocs = {
  escalateClientInvoices: {
    description:
      'Sends chosen invoices of a client to the collection agency (seed: Cobranza Online’s extrajudicial and prejudicial stages). Each must be the client’s, open (issued or partially paid) and overdue, and not in another open escalation; each refused one is named in `errors[]` (`invoice_not_overdue`, `invoice_not_escalable`, `not_client_invoice`, `invoice_already_escalated`). The case starts in the **extrajudicial** stage (debtor registry). ' +
      'While escalated, our own reminders and due-date notices for those invoices stop: the planner and the dispatcher skip them with reason `escalated` in the send log. A payment or credit note that settles an invoice takes it out of the escalation; once none is left open it is `closed_paid`.' +
      webhook +
      scoped,
    request: { invoiceIds: [invoice.id], notes: 'Tres recordatorios sin respuesta' },
    response: escalation,
  },
  listEscalations: {
    description:
      'Escalations newest first, filtered by `status`, `stage` and `clientId`. Below level 1 name a client (`clientId`). Status and stage filter each page, so a page may hold fewer than `limit`: follow `cursor` until it is absent.',
    response: { items: [escalation], cursor },
  },
  getEscalation: {
    description: `An escalation with each stage's date, status and notes, the debtor's objections and its history.${scoped}`,
    response: prejudicial,
  },
  recordEscalationStage: {
    description:
      'Records how a stage stands (date — your company’s today by default —, status, notes): the current stage or a later one. A case never goes back (extrajudicial → prejudicial → judicial): an earlier stage is a 409 `stage_backwards`.' +
      webhook +
      scoped,
    request: { stage: 'prejudicial', status: 'in_progress', date: '2026-03-09', notes: 'Carta de apremio enviada' },
    response: prejudicial,
  },
  addEscalationObjection: {
    description: `Records an objection of the debtor (date, text, status \`open\`, \`accepted\` or \`rejected\`); up to 50 per escalation.${webhook}${scoped}`,
    request: { text: 'El cliente dice que la mercadería llegó dañada', date: '2026-03-10' },
    response: {
      ...prejudicial,
      objections: [
        {
          id: '01JNF2C6E8G0J2L4N6Q8S0U2W4',
          date: '2026-03-10',
          text: 'El cliente dice que la mercadería llegó dañada',
          status: 'open',
          by: user.id,
          at: later,
        },
      ],
      version: 3,
    },
  },
  withdrawEscalation: {
    description: `Takes the case back from the agency: the escalation is \`withdrawn\` and its invoices return to our reminders.${webhook}${scoped}`,
    request: { reason: 'Acordamos un plan de pago' },
    response: { ...prejudicial, status: 'withdrawn', closedAt: later, withdrawReason: 'Acordamos un plan de pago', version: 3 },
  },
  listAgencyDeliveries: {
    description:
      'The webhooks to the agency in one status, newest first. A failed try (an answer other than 2xx, no connection, 10 s without answer) is retried after an exponential backoff with jitter (30 s, 1, 2, 4 … min, each ½ to 1 of that); after 8 tries the delivery is `dead`: this list with `status=dead` is the dead-letter queue.',
    response: { items: [delivery] },
  },
  retryAgencyDelivery: {
    description:
      'Puts a dead delivery back in the queue, due now, its tries counted afresh. It keeps its id, so the agency still keeps one of it if an earlier try did arrive.',
    response: { ...delivery, status: 'pending', attempts: 0, version: 18 },
  },
  receiveAgencyStatus: {
    description: SIGNATURE_SCHEME,
    request: {
      eventId: 'co-evt-88123',
      tenantId: tenant.id,
      escalationId,
      occurredAt: '2026-03-09T14:05:00Z',
      stage: { stage: 'prejudicial', status: 'in_progress', date: '2026-03-09', notes: 'Carta de apremio enviada' },
    },
    response: { outcome: 'applied' },
  },
} satisfies Record<string, OperationDoc>;
