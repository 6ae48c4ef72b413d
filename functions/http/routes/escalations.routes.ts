import * as z from 'zod';
import {
  AgencyDelivery,
  AgencyStatusEvent,
  DeliveryStatus,
  Escalation,
  EscalationStage,
  EscalationStatus,
  NewEscalation,
  NewObjection,
  StageChange,
  Withdrawal,
} from '../../../domain/escalation/escalation.schema.ts';
import { manageDeliveries, manageEscalations } from '../../../domain/escalation/escalation.use-cases.ts';
import { anyLevel, Id, pageOf, paginationQuery, type RouteSpec } from '../route-spec.ts';
import { addFeatureWordings } from '../messages/feature-wordings.ts';
import { agencySignatureReasons, escalationFieldMessages, escalationStateReasons } from '../messages/escalation-messages.ts';

const tag = 'Escalations';
const escalationId = z.strictObject({ escalationId: Id });

export const EscalationView = Escalation.meta({
  id: 'Escalation',
  description:
    'A client’s overdue invoices sent to the collection agency: the stage (extrajudicial → prejudicial → judicial) with each stage’s date, status and notes, the debtor’s objections, and its history. `closed_paid` once every invoice is settled; `withdrawn` by a user',
});
export const DeliveryView = AgencyDelivery.meta({
  id: 'AgencyDelivery',
  description:
    'A webhook to the agency: `pending` (waiting for its try at `dueAt`), `sending`, `delivered`, or `dead` after its last try (`lastError` says why). `id` is the `Idempotency-Key` it is sent with',
});
export const AgencyStatusBody = AgencyStatusEvent.meta({
  id: 'AgencyStatusEvent',
  description: 'A stage change or an objection, as the agency reports it; `eventId` is unique per event',
});
export const AgencyStatusAnswer = z
  .object({ outcome: z.enum(['applied', 'stale']).describe('`stale`: older than what the escalation holds (out of order): recorded, nothing changed') })
  .meta({ id: 'AgencyStatusAnswer', description: 'What the event did' });

/** The inbound route's signature scheme, for its OpenAPI description. */
export const SIGNATURE_SCHEME = [
  'Called by the collection agency, not by users: no bearer token. The request is authenticated by its signature:',
  '',
  '`X-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`, keyed with the tenant’s **inbound** agency key',
  '(the tenant named in the body; its **outbound** key signs our webhooks to the agency the same way, with the delivery id as `Idempotency-Key`).',
  '',
  'Refused with 401 and nothing changed: no or malformed signature, a signature that does not match the raw body, a timestamp more than',
  '5 minutes from our clock, and an `eventId` already applied (a replay). Events may arrive out of order: a stage never moves back, and an',
  'event older (`occurredAt`) than the one a stage or objection holds changes nothing (`outcome: stale`).',
].join('\n');

addFeatureWordings({ invalidState: escalationStateReasons, unauthenticated: agencySignatureReasons, fields: escalationFieldMessages });

export const escalationRoutes = [
  {
    operationId: 'escalateClientInvoices',
    requires: manageEscalations,
    method: 'POST',
    path: '/v1/clients/{clientId}/escalations',
    summary: 'Escalate overdue invoices of a client to the collection agency (escalations.manage)',
    tag,
    params: z.strictObject({ clientId: Id }),
    body: NewEscalation.meta({ id: 'NewEscalation', description: 'The client’s overdue, open invoices to escalate, none escalated already' }),
    idempotent: true,
    success: { status: 201, description: 'The escalation, in its extrajudicial stage; the agency’s webhook is queued', schema: EscalationView },
  },
  {
    operationId: 'listEscalations',
    requires: anyLevel,
    method: 'GET',
    path: '/v1/escalations',
    summary: 'List escalations, newest first (a client’s, or the whole company’s at level 1)',
    tag,
    query: z.strictObject({
      status: EscalationStatus.optional(),
      stage: EscalationStage.optional(),
      clientId: Id.optional().describe('Only this client’s (required below level 1)'),
      ...paginationQuery,
    }),
    success: {
      status: 200,
      description: 'A page of escalations (a filtered page may hold fewer than `limit`; follow `cursor`)',
      schema: pageOf(EscalationView),
    },
  },
  {
    operationId: 'listAgencyDeliveries',
    requires: manageDeliveries,
    method: 'GET',
    path: '/v1/escalations/deliveries',
    summary: 'The webhooks to the agency in one status: `dead` is the dead-letter queue (level 1, escalations.manage)',
    tag,
    query: z.strictObject({ status: DeliveryStatus.default('dead'), ...paginationQuery }),
    success: { status: 200, description: 'A page of deliveries, newest first', schema: pageOf(DeliveryView) },
  },
  {
    operationId: 'retryAgencyDelivery',
    requires: manageDeliveries,
    method: 'POST',
    path: '/v1/escalations/deliveries/{deliveryId}/retry',
    summary: 'Send a dead webhook again: back in the queue, due now, with its tries counted afresh (level 1, escalations.manage)',
    tag,
    params: z.strictObject({ deliveryId: Id }),
    success: { status: 200, description: 'The delivery, pending again (same Idempotency-Key)', schema: DeliveryView },
  },
  {
    operationId: 'getEscalation',
    requires: anyLevel,
    method: 'GET',
    path: '/v1/escalations/{escalationId}',
    summary: 'Get an escalation with its stages, objections and history',
    tag,
    params: escalationId,
    success: { status: 200, description: 'The escalation', schema: EscalationView },
  },
  {
    operationId: 'recordEscalationStage',
    requires: manageEscalations,
    method: 'POST',
    path: '/v1/escalations/{escalationId}/stage',
    summary: 'Record a stage’s date, status and notes: the current stage or a later one, never an earlier (escalations.manage)',
    tag,
    params: escalationId,
    body: StageChange.meta({ id: 'EscalationStageChange', description: 'The stage and how it stands' }),
    success: { status: 200, description: 'The escalation; the agency’s webhook is queued', schema: EscalationView },
  },
  {
    operationId: 'addEscalationObjection',
    requires: manageEscalations,
    method: 'POST',
    path: '/v1/escalations/{escalationId}/objections',
    summary: 'Record an objection of the debtor (escalations.manage)',
    tag,
    params: escalationId,
    body: NewObjection.meta({ id: 'NewEscalationObjection', description: 'What the debtor objects, when, and its status' }),
    idempotent: true,
    success: { status: 201, description: 'The escalation with the objection; the agency’s webhook is queued', schema: EscalationView },
  },
  {
    operationId: 'withdrawEscalation',
    requires: manageEscalations,
    method: 'POST',
    path: '/v1/escalations/{escalationId}/withdraw',
    summary: 'Take the case back from the agency: its invoices return to our reminders (escalations.manage)',
    tag,
    params: escalationId,
    body: Withdrawal.meta({ id: 'EscalationWithdrawal', description: 'Why (optional)' }),
    success: { status: 200, description: 'The withdrawn escalation; the agency’s webhook is queued', schema: EscalationView },
  },
  {
    operationId: 'receiveAgencyStatus',
    public: true,
    method: 'POST',
    path: '/v1/agency/webhooks/status',
    summary: 'The agency reports a stage change or an objection (signed by the agency; no user token)',
    tag,
    body: AgencyStatusBody,
    success: { status: 200, description: 'Applied, or recorded as stale', schema: AgencyStatusAnswer },
  },
] as const satisfies readonly RouteSpec[];
