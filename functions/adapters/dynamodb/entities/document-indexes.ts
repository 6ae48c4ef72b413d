import { NONE } from './model.ts';

/**
 * Index shapes the receivables documents (invoices, estimates) share: lists by issue date, and the scope
 * indexes that copy their client's keys, so a restricted caller's list is served by index as client lists are.
 */

/** Sort key of the document lists: issue date, then id (ULIDs sort by creation). */
export const byIssue = (field: string) => ({ field, composite: ['issueDate', 'id'], template: '${issueDate}#${id}', casing: 'none' }) as const;

/** A scope index (as the client's): present only while `key` names a user, branch or department. `documents` names the list (`INVOICES`, `ESTIMATES`). */
export const scopeIndex = (documents: string, gsi: { index: string; pk: string; sk: string }, key: string, label: string) =>
  ({
    index: gsi.index,
    condition: (attr: Record<string, unknown>) => typeof attr[key] === 'string' && attr[key] !== NONE,
    pk: { field: gsi.pk, composite: ['tenantId', key], template: `T#\${tenantId}#${documents}#${label}#\${${key}}`, casing: 'none' },
    sk: byIssue(gsi.sk),
  }) as const;

/** The client's keys a document copies, and their index keys (`none` keeps it out of a sparse scope index). */
export const clientCopyAttributes = {
  categoryId: { type: 'string' },
  sellerId: { type: 'string' },
  collectorId: { type: 'string' },
  agentId: { type: 'string' },
  branchId: { type: 'string' },
  assignedDepartmentIds: { type: 'list', items: { type: 'string' } },
  categoryKey: { type: 'string', required: true },
  sellerKey: { type: 'string', required: true },
  collectorKey: { type: 'string', required: true },
  agentKey: { type: 'string', required: true },
  branchKey: { type: 'string', required: true },
  department1Key: { type: 'string', required: true },
  department2Key: { type: 'string', required: true },
  department3Key: { type: 'string', required: true },
} as const;
