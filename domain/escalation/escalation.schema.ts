import * as z from 'zod';
import { PlainDate } from '../receivables/local-date.ts';
import { Amount, Currency } from '../receivables/money.ts';
import { BoundedText, FreeText, Id } from '../shared/fields.ts';

/**
 * Escalation of a client's overdue invoices to a collection agency (issue 12, seed 001 "Alianza Cobranza
 * Online"): extrajudicial (the debtor registry), then prejudicial (the demand letter), then judicial.
 */
export const EscalationStage = z.enum(['extrajudicial', 'prejudicial', 'judicial']);
export type EscalationStage = z.infer<typeof EscalationStage>;
/** The stages in the order a case moves through them: a stage never goes back. */
export const STAGE_ORDER: readonly EscalationStage[] = EscalationStage.options;
export const stageRank = (stage: EscalationStage) => STAGE_ORDER.indexOf(stage);

export const StageStatus = z.enum(['pending', 'in_progress', 'completed', 'failed']);
export type StageStatus = z.infer<typeof StageStatus>;

/** `open` while the agency works it; `closed_paid` once every invoice is settled; `withdrawn` by the user. */
export const EscalationStatus = z.enum(['open', 'closed_paid', 'withdrawn']);
export type EscalationStatus = z.infer<typeof EscalationStatus>;

export const ObjectionStatus = z.enum(['open', 'accepted', 'rejected']);
export type ObjectionStatus = z.infer<typeof ObjectionStatus>;

import { MAX_ESCALATED_INVOICES } from './limits.ts';

export { MAX_ESCALATED_INVOICES, MAX_HISTORY, MAX_OBJECTIONS } from './limits.ts';

export const StageEntry = z.object({
  stage: EscalationStage,
  /** The tenant's date the stage started or changed (as the user or the agency dated it). */
  date: PlainDate,
  status: StageStatus,
  notes: z.string().optional(),
  /** Who recorded it: a user id, or `agency`. */
  by: z.string(),
  at: z.string(),
  /** The agency event's time for changes it sent: later events of the same stage win, earlier ones are ignored. */
  eventAt: z.string().optional(),
});
export type StageEntry = z.infer<typeof StageEntry>;

export const Objection = z.object({
  id: z.string(),
  date: PlainDate,
  text: z.string(),
  status: ObjectionStatus,
  by: z.string(),
  at: z.string(),
  eventAt: z.string().optional(),
});
export type Objection = z.infer<typeof Objection>;

export const EscalatedInvoice = z.object({
  id: z.string(),
  number: z.string().optional(),
  dueDate: PlainDate,
  currency: Currency,
  /** The balance when escalated. */
  balance: Amount,
  /** Set once a payment or credit note settled it (paid or void): from then it is no longer escalated. */
  settledAt: z.string().optional(),
});
export type EscalatedInvoice = z.infer<typeof EscalatedInvoice>;

export const EscalationHistoryEntry = z.object({
  at: z.string(),
  by: z.string(),
  operation: z.string(),
  version: z.number().int(),
  detail: z.string().optional(),
});
export type EscalationHistoryEntry = z.infer<typeof EscalationHistoryEntry>;

export const Escalation = z.object({
  tenantId: z.string(),
  id: z.string(),
  clientId: z.string(),
  invoices: z.array(EscalatedInvoice),
  stage: EscalationStage,
  stages: z.array(StageEntry),
  objections: z.array(Objection),
  status: EscalationStatus,
  closedAt: z.string().optional(),
  withdrawReason: z.string().optional(),
  history: z.array(EscalationHistoryEntry),
  version: z.number().int(),
  createdAt: z.string(),
  createdBy: z.string(),
  updatedAt: z.string(),
  updatedBy: z.string(),
});
export type Escalation = z.infer<typeof Escalation>;

export const NewEscalation = z.strictObject({
  invoiceIds: z.array(Id).min(1).max(MAX_ESCALATED_INVOICES),
  notes: FreeText(2000).optional(),
});
export type NewEscalation = z.infer<typeof NewEscalation>;

export const StageChange = z.strictObject({
  stage: EscalationStage,
  status: StageStatus,
  /** Defaults to the tenant's today. */
  date: PlainDate.optional(),
  notes: FreeText(2000).optional(),
});
export type StageChange = z.infer<typeof StageChange>;

export const NewObjection = z.strictObject({
  text: FreeText(2000).min(1),
  /** Defaults to the tenant's today. */
  date: PlainDate.optional(),
  status: ObjectionStatus.default('open'),
});
export type NewObjection = z.infer<typeof NewObjection>;

export const Withdrawal = z.strictObject({ reason: FreeText(1000).optional() });
export type Withdrawal = z.infer<typeof Withdrawal>;

export const EscalationFilter = z.object({
  status: EscalationStatus.optional(),
  stage: EscalationStage.optional(),
  clientId: Id.optional(),
});
export type EscalationFilter = z.infer<typeof EscalationFilter>;

/**
 * What the agency tells us (inbound `POST /v1/agency/webhooks/status`, after its signature is checked):
 * a stage change, or an objection the debtor raised or the agency decided. `eventId` is unique per event:
 * the same event twice changes nothing.
 */
export const AgencyStatusEvent = z.strictObject({
  eventId: BoundedText(100).check(z.regex(/^[\x21-\x7e]+$/)),
  tenantId: Id,
  escalationId: Id,
  /** When the agency recorded the change (ISO 8601): orders events of the same stage or objection. */
  occurredAt: z.iso.datetime({ offset: true }).max(40),
  stage: z.strictObject({ stage: EscalationStage, status: StageStatus, date: PlainDate, notes: FreeText(2000).optional() }).optional(),
  objection: z
    .strictObject({ id: BoundedText(100).check(z.regex(/^[\x21-\x7e]+$/)), date: PlainDate, text: FreeText(2000).min(1), status: ObjectionStatus })
    .optional(),
});
export type AgencyStatusEvent = z.infer<typeof AgencyStatusEvent>;

/** What we tell the agency, one webhook per change (the `type` of the JSON body). */
export const AgencyEventType = z.enum([
  'escalation.created',
  'escalation.stage_changed',
  'escalation.objection_added',
  'escalation.invoices_settled',
  'escalation.withdrawn',
  'escalation.closed',
]);
export type AgencyEventType = z.infer<typeof AgencyEventType>;

/** A webhook to the agency waiting in the queue, being sent, delivered, or dead after its last try. */
export const DeliveryStatus = z.enum(['pending', 'sending', 'delivered', 'dead']);
export type DeliveryStatus = z.infer<typeof DeliveryStatus>;

export const AgencyDelivery = z.object({
  tenantId: z.string(),
  /** Also the `Idempotency-Key` header: the same on every try, so the agency keeps one of a delivery sent twice. */
  id: z.string(),
  escalationId: z.string(),
  type: AgencyEventType,
  /** The JSON body, as signed and sent. */
  body: z.string(),
  status: DeliveryStatus,
  attempts: z.number().int(),
  dueAt: z.string(),
  leaseUntil: z.string().optional(),
  lastError: z.string().optional(),
  deliveredAt: z.string().optional(),
  version: z.number().int(),
  createdAt: z.string(),
});
export type AgencyDelivery = z.infer<typeof AgencyDelivery>;
