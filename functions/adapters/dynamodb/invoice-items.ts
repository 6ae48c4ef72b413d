import type { Line, Totals } from '../../../domain/receivables/lines.ts';
import type { InvoiceClientKeys, StoredInvoice } from '../../../domain/receivables/ports.ts';
import { compact } from './conditional.ts';
import { NONE } from './entities/model.ts';

/** A scope department slot per distinct department of the client's assignees (as the client's, up to three). */
const departmentKeys = (ids: string[] | undefined) => ({
  department1Key: ids?.[0] ?? NONE,
  department2Key: ids?.[1] ?? NONE,
  department3Key: ids?.[2] ?? NONE,
});

/** A receivables document with lines and copies of its client's keys (an invoice, an estimate). */
type Document = InvoiceClientKeys & { lines: Line[]; totals: Totals };

/** The stored header of a document: everything but its lines, with the index keys its copies give. */
export function headerItem<T extends Document>(document: T) {
  const { lines, ...header } = document;
  return {
    ...header,
    total: document.totals.total,
    lineCount: lines.length,
    categoryKey: document.categoryId ?? NONE,
    sellerKey: document.sellerId ?? NONE,
    collectorKey: document.collectorId ?? NONE,
    agentKey: document.agentId ?? NONE,
    branchKey: document.branchId ?? NONE,
    ...departmentKeys(document.assignedDepartmentIds),
  };
}

export const invoiceHeaderItem = (invoice: StoredInvoice) => headerItem(invoice);

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

/** The document of a stored header and its lines. */
export function fromItems<T>(header: Record<string, unknown>, lines: unknown[]): T {
  const rest = Object.fromEntries(Object.entries(header).filter(([k]) => !indexKeys.has(k)));
  return compact({ ...rest, lines }) as unknown as T;
}

/** The invoice of a stored header and its lines. */
export const invoiceFromItems = (header: Record<string, unknown>, lines: unknown[]) => fromItems<StoredInvoice>(header, lines);
