import type { AgencyDelivery, AgencyEventType, Escalation, EscalationHistoryEntry } from './escalation.schema.ts';
import { MAX_HISTORY } from './limits.ts';
import type { EscalationDeps } from './ports.ts';

/*
 * How an escalation changes, apart from the use cases and free of the zod schemas (type imports only), so
 * the payment hook (settle.use-case.ts) bundles into receivables-api at a few KB.
 */

/** Who the agency's changes are recorded by. */
export const AGENCY_ACTOR = 'agency';

/** A write lost to a concurrent one is read and tried again this many times. */
export const WRITE_ROUNDS = 5;

const history = (e: Escalation, entry: EscalationHistoryEntry) => [...e.history, entry].slice(-MAX_HISTORY);

/** The next version of `e` with what changed, stamped and in its history. */
export function revise(e: Escalation, change: Partial<Escalation>, by: string, at: string, operation: string, detail?: string): Escalation {
  const version = e.version + 1;
  const next = { ...e, ...change, version, updatedAt: at, updatedBy: by };
  return { ...next, history: history(e, { at, by, operation, version, ...(detail ? { detail } : {}) }) };
}

/** The JSON the agency receives for a change: the case as it stands, and what happened. */
export function deliveryOf(deps: Pick<EscalationDeps, 'ids'>, e: Escalation, type: AgencyEventType, at: string): AgencyDelivery {
  const id = deps.ids.next();
  const body = JSON.stringify({
    id,
    type,
    occurredAt: at,
    tenantId: e.tenantId,
    escalation: {
      id: e.id,
      clientId: e.clientId,
      status: e.status,
      stage: e.stage,
      stages: e.stages.map(({ stage, date, status, notes }) => ({ stage, date, status, ...(notes ? { notes } : {}) })),
      invoices: e.invoices,
      objections: e.objections.map(({ id: oid, date, text, status }) => ({ id: oid, date, text, status })),
      ...(e.withdrawReason ? { withdrawReason: e.withdrawReason } : {}),
    },
  });
  return { tenantId: e.tenantId, id, escalationId: e.id, type, body, status: 'pending', attempts: 0, dueAt: at, version: 1, createdAt: at };
}
