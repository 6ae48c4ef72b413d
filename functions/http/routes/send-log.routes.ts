import { ID_PATTERN } from '../../../domain/shared/fields.ts';
import * as z from 'zod';
import { CollectionMessageType, SkipReason } from '../../../domain/collections/collections.schema.ts';
import { DeliveryState, OutboundEmailStatus, type OutboundEmail } from '../../../domain/messaging/outbound-email.schema.ts';
import { decideMessageRequirement, readSendLogRequirement } from '../../../domain/messaging/send-log.ts';
import { PlainDate } from '../../../domain/receivables/local-date.ts';
import { Id, pageOf, paginationQuery, type RouteSpec } from '../route-spec.ts';

const tag = 'Collections';

export const MessageView = z
  .object({
    id: z.string(),
    type: CollectionMessageType,
    conceptId: z.string().optional().describe('`notice`: the concept of the notice catalogue'),
    clientId: z.string(),
    invoiceIds: z.array(z.string()),
    plannedFor: PlainDate.describe("The tenant's date the message was planned for"),
    status: OutboundEmailStatus.describe(
      '`pending` (waiting to be sent, or for its retry at `dueAt`), `sending`, `sent`, `failed` (after every retry: `lastError` says why), `unknown` (SES may have it: a person decides), `skipped` (`reason` says why)',
    ),
    reason: SkipReason.optional().describe('Why a `skipped` message was not sent'),
    to: z.array(z.string()),
    subject: z.string(),
    attempts: z.number().int(),
    dueAt: z.string().optional().describe('`pending`: when it is sent (or tried again)'),
    lastError: z.string().optional(),
    createdAt: z.string(),
    sentAt: z.string().optional(),
    delivery: z
      .object({
        state: DeliveryState.optional(),
        deliveredAt: z.string().optional(),
        bouncedAt: z.string().optional(),
        complainedAt: z.string().optional(),
        openedAt: z.string().optional(),
        opens: z.number().int().optional(),
        clicks: z.number().int().optional(),
      })
      .optional()
      .describe("What SES's events said after the send"),
  })
  .meta({ id: 'CollectionMessage', description: 'A reminder or notice of the send log, with its outcome' });
export type MessageView = z.infer<typeof MessageView>;

export function messageView(m: OutboundEmail): MessageView {
  const c = m.collection!;
  const d = m.delivery;
  return {
    id: m.id,
    type: c.type,
    ...(c.conceptId ? { conceptId: c.conceptId } : {}),
    clientId: c.clientId,
    invoiceIds: c.invoiceIds,
    plannedFor: c.plannedFor,
    status: m.status,
    ...(c.skipReason ? { reason: c.skipReason } : {}),
    to: m.to,
    subject: m.subject,
    attempts: m.attempts,
    ...(m.status === 'pending' ? { dueAt: m.dueAt } : {}),
    ...(m.lastError ? { lastError: m.lastError } : {}),
    createdAt: m.createdAt,
    ...(m.sentAt ? { sentAt: m.sentAt } : {}),
    ...(d
      ? {
          delivery: {
            ...(d.state ? { state: d.state } : {}),
            ...(d.deliveredAt ? { deliveredAt: d.deliveredAt } : {}),
            ...(d.bouncedAt ? { bouncedAt: d.bouncedAt } : {}),
            ...(d.complainedAt ? { complainedAt: d.complainedAt } : {}),
            ...(d.openedAt ? { openedAt: d.openedAt } : {}),
            ...(d.opens ? { opens: d.opens } : {}),
            ...(d.clicks ? { clicks: d.clicks } : {}),
          },
        }
      : {}),
  };
}

const logFilters = {
  status: OutboundEmailStatus.optional(),
  reason: SkipReason.optional().describe('Skipped messages of this reason'),
  type: CollectionMessageType.optional(),
  from: PlainDate.optional().describe('Created on or after this date (UTC)'),
  to: PlainDate.optional().describe('Created on or before this date (UTC)'),
};

export const sendLogRoutes = [
  {
    operationId: 'listCollectionMessages',
    method: 'GET',
    path: '/v1/collections/messages',
    summary:
      'The send log: reminders and notices, newest first, with the reason of every skipped or failed one; levels 2–4 see the messages of the clients in their scope. Filters may leave a page short: follow the cursor',
    tag,
    query: z.strictObject({ ...paginationQuery, ...logFilters, clientId: Id.optional() }),
    requires: readSendLogRequirement,
    success: { status: 200, description: 'A page of messages', schema: pageOf(MessageView) },
  },
  {
    operationId: 'listClientMessages',
    method: 'GET',
    path: '/v1/clients/{clientId}/messages',
    summary: "One client's reminders and notices, newest first (the send log of that client)",
    tag,
    params: z.strictObject({ clientId: Id }),
    query: z.strictObject({ ...paginationQuery, ...logFilters }),
    requires: readSendLogRequirement,
    success: { status: 200, description: 'A page of messages', schema: pageOf(MessageView) },
  },
  {
    operationId: 'decideCollectionMessage',
    method: 'POST',
    path: '/v1/collections/messages/{messageId}/decision',
    summary:
      'Settle a message whose delivery is `unknown` after checking (SES events, the recipient): `resend` queues it now, `delivered` records it as sent, `drop` gives it up',
    tag,
    params: z.strictObject({ messageId: z.string().min(1).max(200).regex(ID_PATTERN) }),
    body: z.strictObject({ decision: z.enum(['resend', 'delivered', 'drop']) }),
    requires: decideMessageRequirement,
    success: { status: 200, description: 'The message after the decision', schema: MessageView },
  },
] as const satisfies readonly RouteSpec[];
