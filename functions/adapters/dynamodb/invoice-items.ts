import type { StoredInvoice } from '../../../domain/receivables/ports.ts';
import { compact } from './conditional.ts';
import { NONE } from './entities/model.ts';

/** A scope department slot per distinct department of the client's assignees (as the client's, up to three). */
const departmentKeys = (ids: string[] | undefined) => ({
  department1Key: ids?.[0] ?? NONE,
  department2Key: ids?.[1] ?? NONE,
  department3Key: ids?.[2] ?? NONE,
});

/** The stored header of an invoice: everything but its lines, with the index keys its copies give. */
export function invoiceHeaderItem(invoice: StoredInvoice) {
  const { lines, ...header } = invoice;
  return {
    ...header,
    total: invoice.totals.total,
    lineCount: lines.length,
    categoryKey: invoice.categoryId ?? NONE,
    sellerKey: invoice.sellerId ?? NONE,
    collectorKey: invoice.collectorId ?? NONE,
    agentKey: invoice.agentId ?? NONE,
    branchKey: invoice.branchId ?? NONE,
    ...departmentKeys(invoice.assignedDepartmentIds),
  };
}

const indexKeys = new Set([
  'total',
  'lineCount',
  'categoryKey',
  'sellerKey',
  'collectorKey',
  'agentKey',
  'branchKey',
  'department1Key',
  'department2Key',
  'department3Key',
]);

/** The invoice of a stored header and its lines. */
export function invoiceFromItems(header: Record<string, unknown>, lines: unknown[]): StoredInvoice {
  const rest = Object.fromEntries(Object.entries(header).filter(([k]) => !indexKeys.has(k)));
  return compact({ ...rest, lines }) as unknown as StoredInvoice;
}
