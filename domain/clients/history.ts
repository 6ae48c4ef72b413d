import type { Client } from './client.schema.ts';
import type { Contact } from './contact.schema.ts';

/** One changed field of a client, as its history shows it. */
export interface HistoryEntry {
  tenantId: string;
  clientId: string;
  /** ISO time; with `seq` it orders entries of one change. */
  at: string;
  seq: number;
  by: string;
  /**
   * What made the change: `create`, `update`, `deactivate`, `restore`, `mass_update`, `agent_reassignment`,
   * `import`, `contact_added`, `contact_updated`, `contact_removed`.
   */
  operation: string;
  field: string;
  from?: unknown;
  to?: unknown;
  /** Mass operations: the id of the whole operation. */
  operationId?: string;
  /** The version of the record the change produced: the client's, or the contact's on contact entries. */
  version: number;
  /** Set on entries about one of the client's contacts (field `contact` or `contact.<field>`). */
  contactId?: string;
}

type ChangeMeta = { by: string; at: string; operation: string; operationId?: string | undefined };

/** Fields that are bookkeeping, not client data: never in the history. */
const ignored = new Set(['version', 'updatedAt', 'updatedBy', 'createdAt', 'createdBy', 'id', 'tenantId', 'provenance', 'assignedDepartmentIds', 'sortName']);

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The field-by-field difference between two versions of a client (creation: from an empty record). */
export function diffClient(
  before: Partial<Client> | undefined,
  after: Client,
  meta: ChangeMeta,
): HistoryEntry[] {
  const fields = new Set([...Object.keys(before ?? {}), ...Object.keys(after)]);
  const entries: HistoryEntry[] = [];
  for (const field of [...fields].sort()) {
    if (ignored.has(field)) continue;
    const from = (before as Record<string, unknown> | undefined)?.[field];
    const to = (after as Record<string, unknown>)[field];
    if (same(from, to)) continue;
    entries.push({
      tenantId: after.tenantId, clientId: after.id, at: meta.at, seq: entries.length, by: meta.by, operation: meta.operation,
      field, ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}),
      ...(meta.operationId ? { operationId: meta.operationId } : {}), version: after.version,
    });
  }
  return entries;
}

/** What a contact entry shows of the contact as a whole (when it is added or removed). */
const contactSummary = (c: Contact) => ({ type: c.type, name: c.name, ...(c.email ? { email: c.email } : {}), ...(c.phone ? { phone: c.phone } : {}), receives: c.receives });
const contactFields = ['type', 'name', 'email', 'phone', 'receives'] as const;

/**
 * A contact change as entries of its client's history: one `contact` entry when it is added
 * (`operation: contact_added`) or removed (`contact_removed`), one `contact.<field>` entry per changed
 * field otherwise (`contact_updated`). The contacts decide who is mailed, so their changes are client changes.
 */
export function diffContact(before: Contact | undefined, after: Contact | undefined, meta: Omit<ChangeMeta, 'operation'>): HistoryEntry[] {
  const contact = (after ?? before)!;
  const base = { tenantId: contact.tenantId, clientId: contact.clientId, at: meta.at, by: meta.by, contactId: contact.id, version: after ? after.version : contact.version + 1 };
  if (!before) return [{ ...base, seq: 0, operation: 'contact_added', field: 'contact', to: contactSummary(after!) }];
  if (!after) return [{ ...base, seq: 0, operation: 'contact_removed', field: 'contact', from: contactSummary(before) }];
  const entries: HistoryEntry[] = [];
  for (const field of contactFields) {
    const from = before[field];
    const to = after[field];
    if (same(from, to)) continue;
    entries.push({ ...base, seq: entries.length, operation: 'contact_updated', field: `contact.${field}`, ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) });
  }
  return entries;
}
