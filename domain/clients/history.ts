import * as z from 'zod';
import type { Client } from './client.schema.ts';
import type { Contact } from './contact.schema.ts';

/** One field a change touched: absent `from` = the field was set, absent `to` = it was cleared. */
export const FieldChange = z.object({
  field: z.string().describe('The client field, or `contact.<field>` on changes of one of its contacts'),
  from: z.unknown().optional(),
  to: z.unknown().optional(),
});
export type FieldChange = z.infer<typeof FieldChange>;

/** One change of a client or of one of its contacts, with every field it touched: one stored item. */
export const HistoryEntry = z.object({
  tenantId: z.string(),
  clientId: z.string(),
  at: z.string().describe('When the change was made (ISO 8601)'),
  by: z.string().describe('The user who made it'),
  operation: z
    .string()
    .describe(
      'What made the change: `create`, `update`, `deactivate`, `restore`, `mass_update`, `agent_reassignment`, `import`, ' +
        '`contact_added`, `contact_updated`, `contact_removed`, and on its invoices `invoice.create`, `invoice.issue`, `invoice.void`, `invoice.hold`, `invoice.release`, ' +
        '`invoice.payment`, `invoice.payment_reversal`, `invoice.credit_note`, `invoice.credit_note_reversal`, and `payment.create`, `payment.apply`, ' +
        '`payment.reverse`, `credit_note.create`, `credit_note.reverse`, and on its estimates `estimate.create`, `estimate.update`, `estimate.send`, `estimate.accept`, `estimate.reject`, `estimate.convert`',
    ),
  operationId: z
    .string()
    .optional()
    .describe('Mass operations: the id of the whole operation; payments and credit notes: the id of the one that made the change'),
  version: z
    .number()
    .int()
    .describe("The version of the record the change produced: the client's, the contact's on contact changes, the invoice's or estimate's on theirs"),
  contactId: z.string().optional().describe("Set on changes of one of the client's contacts"),
  invoiceId: z.string().optional().describe("Set on changes of one of the client's invoices (`version` is then the invoice's)"),
  sourceId: z.string().optional().describe("Set on changes of one of the client's payments or credit notes (`version` is then its own)"),
  estimateId: z.string().optional().describe("Set on changes of one of the client's estimates (`version` is then the estimate's)"),
  importJobId: z.string().optional().describe('Set on changes an import of invoices or payments made: the import job’s id (provenance)'),
  changes: z.array(FieldChange).describe('Every field the change touched, in field order'),
});
export type HistoryEntry = z.infer<typeof HistoryEntry>;

type ChangeMeta = { by: string; at: string; operation: string; operationId?: string | undefined };

/** Fields that are bookkeeping, not client data: never in the history. */
const ignored = new Set(['version', 'updatedAt', 'updatedBy', 'createdAt', 'createdBy', 'id', 'tenantId', 'provenance', 'assignedDepartmentIds', 'sortName']);

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

function fieldChanges(
  before: Record<string, unknown> | undefined,
  after: Record<string, unknown> | undefined,
  fields: Iterable<string>,
  prefix = '',
): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of fields) {
    const from = before?.[field];
    const to = after?.[field];
    if (same(from, to)) continue;
    changes.push({ field: `${prefix}${field}`, ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) });
  }
  return changes;
}

/**
 * The history entry of a change to a client (creation: from an empty record), or none when no field
 * changed. One entry, whatever the number of fields, so a create or an import row writes one item.
 */
export function diffClient(before: Partial<Client> | undefined, after: Client, meta: ChangeMeta): HistoryEntry[] {
  const fields = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after)])].filter((f) => !ignored.has(f)).sort();
  const changes = fieldChanges(before as Record<string, unknown> | undefined, after as Record<string, unknown>, fields);
  if (!changes.length) return [];
  return [
    {
      tenantId: after.tenantId,
      clientId: after.id,
      at: meta.at,
      by: meta.by,
      operation: meta.operation,
      ...(meta.operationId ? { operationId: meta.operationId } : {}),
      version: after.version,
      changes,
    },
  ];
}

const contactFields = ['type', 'name', 'email', 'phone', 'receives'] as const;

/**
 * A contact change as one entry of its client's history (`contact_added`, `contact_updated`,
 * `contact_removed`), its fields as `contact.<field>`; none when nothing changed. The contacts decide
 * who is mailed, so their changes are client changes. An import's entry carries `<jobId>#<row>` as its operation id.
 */
export function diffContact(before: Contact | undefined, after: Contact | undefined, meta: Omit<ChangeMeta, 'operation'>): HistoryEntry[] {
  const contact = (after ?? before)!;
  const changes = fieldChanges(before, after, contactFields, 'contact.');
  if (!changes.length) return [];
  return [
    {
      tenantId: contact.tenantId,
      clientId: contact.clientId,
      at: meta.at,
      by: meta.by,
      operation: !before ? 'contact_added' : !after ? 'contact_removed' : 'contact_updated',
      ...(meta.operationId ? { operationId: meta.operationId } : {}),
      version: after ? after.version : contact.version + 1,
      contactId: contact.id,
      changes,
    },
  ];
}
