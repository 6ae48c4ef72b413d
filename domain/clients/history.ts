import type { Client } from './client.schema.ts';

/** One changed field of a client, as its history shows it. */
export interface HistoryEntry {
  tenantId: string;
  clientId: string;
  /** ISO time; with `seq` it orders entries of one change. */
  at: string;
  seq: number;
  by: string;
  /** What made the change: `create`, `update`, `deactivate`, `restore`, `mass_update`, `agent_reassignment`, `import`. */
  operation: string;
  field: string;
  from?: unknown;
  to?: unknown;
  /** Mass operations: the id of the whole operation. */
  operationId?: string;
}

/** Fields that are bookkeeping, not client data: never in the history. */
const ignored = new Set(['version', 'updatedAt', 'updatedBy', 'createdAt', 'createdBy', 'id', 'tenantId', 'provenance']);

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The field-by-field difference between two versions of a client (creation: from an empty record). */
export function diffClient(
  before: Partial<Client> | undefined,
  after: Client,
  meta: { by: string; at: string; operation: string; operationId?: string | undefined },
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
      ...(meta.operationId ? { operationId: meta.operationId } : {}),
    });
  }
  return entries;
}
