import { flattenIssues, type RowIssue } from './client-rows.ts';
import { cellText } from './cells.ts';
import { NewInvoice } from '../receivables/invoice.ts';
import { formatAmount } from '../receivables/money.ts';
import { cellAmount, cellDay, cellDecimal } from './receivable-cells.ts';
import { readChoice, readClientRef, readCurrency, RowCells, type ClientRef, type ReceivableRowContext } from './receivable-rows.ts';
import type { HeaderMapping, SourceRow } from './rows.ts';

/**
 * One invoices-import row → one invoice of one line, without I/O (decision "one invoice per row"): the
 * row names its client, gives the number, dates, currency, the line (description, quantity — 1 when
 * empty —, unit price in the invoice's currency, tax rate — 0 when empty) and the status, and is checked
 * with the API's own `NewInvoice` schema. A repeated number in the file is the processor's to refuse.
 */

export type InvoiceInput = Omit<NewInvoice, 'clientId'>;

export interface InvoiceCandidate {
  row: number;
  /** The `id` cell: the row names an invoice already in the system. */
  id?: string;
  client: ClientRef;
  input: InvoiceInput;
  /** Whether the row gives a status (an existing invoice keeps its own when it does not). */
  statusGiven: boolean;
  /** Cell text by column key, for errors found later (matching, writing). */
  cells: ReadonlyMap<string, string>;
}

const statusWords = {
  draft: ['borrador', 'draft'],
  issued: ['emitida', 'emitido', 'issued', 'pendiente', 'pending'],
} as const;

/** The column a `NewInvoice` path points at. */
function columnOfInvoicePath(path: readonly PropertyKey[]): string | undefined {
  const [first, , third] = path.map(String);
  if (first === 'lines') return third ? `line.${third}` : 'line.description';
  return ['number', 'issueDate', 'dueDate', 'currency', 'status'].includes(first ?? '') ? first : undefined;
}

/** Reads a row: every problem of its cells at once, or the candidate. */
export function readInvoiceRow(
  mapping: HeaderMapping,
  source: SourceRow,
  context: ReceivableRowContext,
): { candidate: InvoiceCandidate } | { issues: RowIssue[] } {
  const cells = new RowCells(mapping, source);
  const id = cells.read('id', cellText);
  const client = readClientRef(cells, context);
  const number = cells.read('number', cellText);
  const issueDate = cells.read('issueDate', cellDay);
  const dueDate = cells.read('dueDate', cellDay);
  const currency = readCurrency(cells, context);
  const description = cells.read('line.description', cellText);
  const quantity = cells.read('line.quantity', cellDecimal) ?? '1';
  const unitPrice = currency && cells.read('line.unitPrice', (cell) => cellAmount(cell, currency, { allowZero: true }));
  const taxRate = cells.read('line.taxRate', cellDecimal) ?? '0';
  const statusCell = readChoice(cells, 'status', statusWords);
  const status = statusCell ?? 'draft';
  for (const key of ['line.description', 'line.unitPrice'] as const) {
    if (!cells.texts.has(key) && !cells.issues.some((i) => i.column === key)) cells.fail(key, 'required');
  }
  if (cells.issues.length || !client || !currency || description === undefined || unitPrice === undefined) return { issues: cells.issues };

  const given = {
    ...(number !== undefined ? { number } : {}),
    ...(issueDate !== undefined ? { issueDate } : {}),
    ...(dueDate !== undefined ? { dueDate } : {}),
    currency,
    lines: [{ description, quantity, unitPrice: formatAmount(unitPrice, currency), taxRate }],
    status,
  };
  const parsed = NewInvoice.omit({ clientId: true }).safeParse(given, { reportInput: true });
  if (!parsed.success) {
    return {
      issues: flattenIssues(parsed.error.issues).map((zod) => {
        const column = columnOfInvoicePath(zod.path);
        return {
          row: source.row,
          ...(column ? { column, ...(cells.texts.has(column) ? { value: cells.texts.get(column)! } : {}) } : {}),
          code: zod.code === 'too_big' ? 'too_long' : 'invalid_value',
          issue: { zod },
        };
      }),
    };
  }
  return {
    candidate: { row: source.row, ...(id !== undefined ? { id } : {}), client, input: parsed.data, statusGiven: statusCell !== undefined, cells: cells.texts },
  };
}
