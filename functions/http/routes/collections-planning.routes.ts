import * as z from 'zod';
import { CollectionMessageType, SkipReason } from '../../../domain/collections/collections.schema.ts';
import { previewRequirement, sendNowRequirement } from '../../../domain/collections/preview.use-cases.ts';
import { PlainDate } from '../../../domain/receivables/local-date.ts';
import { Id, type RouteSpec } from '../route-spec.ts';

/** The planner's routes, served by `collections-api` (collections-api.routes.ts). */
const tag = 'Collections';

export const PlannedMessage = z
  .object({
    id: z.string().describe('Deterministic: the same invoice (or client), type or concept and step always give this id, so it is planned once'),
    type: CollectionMessageType,
    conceptId: z.string().optional().describe('Notices: the concept of the catalogue'),
    clientId: z.string(),
    invoiceIds: z.array(z.string()).describe('The invoice of a reminder or notice; the invoices a statement lists'),
    step: z.string().describe('The due date (due_soon, due_today, notices), the repetition (overdue), the period (statement: `2026-W49`, `2026-12`)'),
    plannedFor: PlainDate.describe("The business day it belongs to in your company's time zone (earlier than the run's date when a missed day is caught up)"),
    status: z.enum(['pending', 'skipped']),
    skipReason: SkipReason.optional().describe(
      'Why it is not sent: collections off for the client, client inactive, invoice on hold or paid, no or only suppressed addresses, too late',
    ),
    from: z.string(),
    replyTo: z.string().optional(),
    to: z.array(z.string()),
    subject: z.string(),
  })
  .meta({ id: 'PlannedCollectionMessage', description: 'A reminder, notice or statement the collections planner sends (or skips, with the reason)' });

export const collectionsPlanningRoutes = [
  {
    operationId: 'previewCollections',
    method: 'GET',
    path: '/v1/collections/preview',
    summary: 'What the collections planner will send on a day (default: its next run), computed now without sending anything',
    tag,
    query: z.strictObject({
      date: PlainDate.optional().describe("A day from your company's today on (`YYYY-MM-DD`). Default: the next run's day"),
    }),
    requires: previewRequirement,
    success: {
      status: 200,
      description: 'The day and its messages',
      schema: z
        .object({
          date: PlainDate,
          businessDay: z.boolean().describe('false: weekends and public holidays send nothing (their messages move to a business day)'),
          messages: z.array(PlannedMessage),
        })
        .meta({ id: 'CollectionsPreview' }),
    },
  },
  {
    operationId: 'sendReminderNow',
    method: 'POST',
    path: '/v1/invoices/{invoiceId}/collections/send-now',
    summary: "Send the invoice's next reminder now: its schedule moves on, so the daily run does not send that step again",
    tag,
    params: z.strictObject({ invoiceId: Id }),
    idempotent: true,
    requires: sendNowRequirement,
    success: { status: 202, description: 'The reminder, queued for sending', schema: PlannedMessage },
  },
] as const satisfies readonly RouteSpec[];
