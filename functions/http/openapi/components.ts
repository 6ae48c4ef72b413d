import * as z from 'zod';
import { AgentLoad } from '../../../domain/clients/agents.use-cases.ts';
import { CategoryPatch, NewCategory, NewZone, ZonePatch } from '../../../domain/clients/catalog.schema.ts';
import { Client, ClientPatch, NewClient } from '../../../domain/clients/client.schema.ts';
import { Contact, ContactPatch, MessageRouting, NewContact, Recipient } from '../../../domain/clients/contact.schema.ts';
import { FieldChange, HistoryEntry } from '../../../domain/clients/history.ts';
import { MassPatch, MassResult } from '../../../domain/clients/mass-update.use-case.ts';
import { ClientOverview } from '../../../domain/clients/overview.use-case.ts';
import { ImportJobView, ImportStarted, NewImportJob } from '../../../domain/imports/import-job.schema.ts';
import { Actor } from '../../../domain/shared/actor.ts';
import { NewOrgUnit, OrgUnitPatch } from '../../../domain/workspace/org-unit.schema.ts';
import { Tenant, TenantPatch } from '../../../domain/workspace/tenant.schema.ts';
import { NewUser, User, UserPatch } from '../../../domain/workspace/user.schema.ts';
import { Category, ClientView, MassUpdateBody, Zone } from '../routes/clients.routes.ts';
import { Branch, Department } from '../routes/workspace.routes.ts';

/** One refused field: where in the request, a stable code, and the message in the response's language. */
export const FieldErrorSchema = z.strictObject({
  pointer: z
    .string()
    .describe('JSON pointer naming the part of the request and the field: `/body/taxId/value`, `/query/limit`, `/path/clientId`, `/header/if-match`'),
  code: z.string().describe('Stable code of the refusal (`required`, `too_long`, `invalid_check_digit`, `unknown_reference`, `invalid_cursor` …)'),
  message: z.string().describe('What is wrong and what to do, in Spanish or English as negotiated'),
});

const ClientCounts = z
  .strictObject({ seller: z.number().int(), collector: z.number().int(), agent: z.number().int() })
  .describe('How many clients the user is seller, collector and preferred agent of');
const ClientsByStatus = z
  .strictObject({ active: z.number().int(), inactive: z.number().int() })
  .describe('How many active and how many inactive clients hold the category or zone');

/**
 * Every member a problem response can carry. Strict on purpose: the suite validates every problem the
 * handlers answer against it (test/support/http.ts), so a member emitted but not documented fails.
 */
export const ProblemSchema = z
  .strictObject({
    type: z.string().describe('`urn:cobranza:problem:<code>`'),
    title: z.string().describe('Short summary of the code, in the response language'),
    status: z.number().int().describe('The HTTP status, repeated'),
    detail: z.string().describe('What happened to what, and what to do about it, in the response language'),
    instance: z.string().describe('The request id (also in `X-Request-Id`): quote it to support'),
    code: z.string().describe('Stable machine-readable code: `validation_failed`, `conflict`, `invalid_state`, `version_mismatch`, `service_unavailable` …'),
    errors: z.array(FieldErrorSchema).optional().describe('With `validation_failed` and `precondition_required`: one entry per refused field'),
    entity: z
      .string()
      .optional()
      .describe(
        'The kind of record concerned: `client`, `contact`, `user`, `category`, `zone`, `branch`, `department`, `tenant`, `import`, `invoice`, `payment`, `creditNote`',
      ),
    id: z.string().optional().describe('With `not_found` and `version_mismatch`: the id asked for'),
    field: z.string().optional().describe('With `conflict`: the unique field (`email`, `taxId`, `customId`, `number`, `id`)'),
    taxIdScheme: z.string().optional().describe('With a `conflict` on `taxId`: its scheme (`CL_RUT` …)'),
    existingId: z.string().optional().describe('With `conflict`: the record that already holds the unique value'),
    existingName: z.string().optional().describe('With `conflict`: its name, when you may see it'),
    existingStatus: z
      .enum(['active', 'inactive'])
      .optional()
      .describe('With `conflict`: `inactive` when it is deactivated and can be restored instead of created again'),
    existingVisible: z.literal(false).optional().describe('With `conflict`: the holder is outside the records you can see, so it is not named'),
    reason: z
      .string()
      .optional()
      .describe(
        'Why, in one stable word. `forbidden`: `requires_level`, `requires_permission`, `outside_scope`, `branch_change`. ' +
          '`invalid_state`: `category_in_use`, `zone_in_use`, `branch_in_use`, `department_in_use`, `user_holds_clients`, `self_lockout`, `too_many_matches`, `template_too_large`, `template_too_big`, and on invoices `not_draft`, `already_void`, `has_applied_amounts`, `not_voidable`, `not_open`, on payments and credit notes `already_reversed`, `source_reversed`, `nothing_unapplied`. ' +
          '`conflict`: `email_signs_in_elsewhere`, `contact_email_taken`. `service_unavailable`: `throttled`, `unreachable`, `no_answer`, `failing`',
      ),
    level: z.number().int().optional().describe('With `requires_level`: the access level the operation needs'),
    actual: z.number().int().optional().describe('With `requires_level`: your access level'),
    permission: z.string().optional().describe('With `requires_permission`: the permission the operation needs'),
    name: z.string().optional().describe('With `category_in_use` / `zone_in_use`: the name of the category or zone'),
    clientId: z.string().optional().describe('With `contact_email_taken`: the client whose contact holds the e-mail'),
    clients: z
      .union([ClientsByStatus, ClientCounts])
      .optional()
      .describe('With `category_in_use` / `zone_in_use`: how many active and inactive clients hold it; with `user_holds_clients`: the counts per role'),
    users: z.number().int().optional().describe('With `branch_in_use` / `department_in_use`: how many users belong to it'),
    limit: z
      .number()
      .int()
      .optional()
      .describe(
        'With `too_many_matches`: the most clients one filtered mass update may match; with `template_too_large`: the most clients a pre-filled template holds; with `template_too_big`: its most bytes',
      ),
    outcome: z
      .enum(['not_applied', 'kept', 'unknown'])
      .optional()
      .describe(
        'With `service_unavailable`: `not_applied` (nothing changed), `kept` (retry with the same Idempotency-Key; it will not run twice) or `unknown` (the change may have been saved: check before repeating it)',
      ),
    recordStatus: z
      .string()
      .optional()
      .describe(
        "With `invalid_state` on a document: its status (`draft`, `issued`, `partially_paid`, `paid`, `void`; an estimate's `draft`, `sent`, `accepted`, `rejected`)",
      ),
    invoiceId: z.string().optional().describe('With `invalid_state`: the invoice concerned (`already_converted`: the invoice the estimate became)'),
    move: z.enum(['send', 'accept', 'reject']).optional().describe('With `estimate_transition`: the move refused'),
    expected: z.string().optional().describe('With `estimate_transition`: the status the move needs the estimate in'),
    paid: z.number().int().optional().describe('With `has_applied_amounts`: what payments applied to the invoice, in minor units'),
    credited: z.number().int().optional().describe('With `has_applied_amounts`: what credit notes applied to it, in minor units'),
    currency: z.string().optional().describe('The currency of the amounts the problem names'),
    retryAfter: z.number().int().optional().describe('Seconds to wait before retrying (also in `Retry-After`)'),
    originalStatus: z.number().int().optional().describe('With `idempotency_result_unavailable`: the status the first request finished with'),
    stage: z.string().optional().describe('With `stage_backwards`: the escalation stage asked for'),
    currentStage: z.string().optional().describe('With `stage_backwards`: the stage the escalation is in'),
  })
  .meta({
    id: 'Problem',
    description:
      'RFC 9457 problem details. `title`, `detail` and each `errors[].message` are in Spanish unless `Accept-Language` prefers English (`Content-Language` says which); `code`, `reason` and pointers are stable, for programs.',
  });
export type ProblemBody = z.infer<typeof ProblemSchema>;

/**
 * Named component schemas: each resource once, referenced by `$ref` wherever an operation uses the same
 * zod schema. The names are what client generators call the types.
 */
const componentSchemas = {
  Problem: ProblemSchema,
  FieldError: FieldErrorSchema,
  Tenant,
  TenantPatch,
  Actor,
  User,
  NewUser,
  UserPatch,
  Branch,
  Department,
  NewOrgUnit,
  OrgUnitPatch,
  Client,
  ClientWithWarnings: ClientView,
  NewClient,
  ClientPatch,
  Contact,
  NewContact,
  ContactPatch,
  MessageRouting,
  Recipient,
  HistoryEntry,
  FieldChange,
  Category,
  NewCategory,
  CategoryPatch,
  Zone,
  NewZone,
  ZonePatch,
  MassUpdate: MassUpdateBody,
  MassPatch,
  MassResult,
  AgentLoad,
  ClientOverview,
  ImportJob: ImportJobView,
  ImportStarted,
  NewImportJob,
} satisfies Record<string, z.ZodType>;

/**
 * Names each schema in zod's registry, where zod-openapi looks for ids: the route specs' own instances
 * (so every use becomes a `$ref`), rendered as input or output where they are used (a request body's
 * transforms would not render as a response). Only docs-api imports this module.
 */
export function nameComponentSchemas() {
  for (const [id, schema] of Object.entries(componentSchemas)) {
    const meta = z.globalRegistry.get(schema);
    if (meta?.id === id) continue;
    z.globalRegistry.add(schema, { ...meta, id });
  }
}
