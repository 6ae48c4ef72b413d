import type * as z from 'zod';
import { NewPayment, type PaymentMethod } from '../receivables/payment.ts';
import { cellText } from './cells.ts';
import { flattenIssues, type RowIssue } from './client-rows.ts';
import { cellAmount, cellDay } from './receivable-cells.ts';
import { readChoice, readClientRef, readCurrency, RowCells, type ClientRef, type ReceivableRowContext } from './receivable-rows.ts';
import type { HeaderMapping, SourceRow } from './rows.ts';

/**
 * One payments-import row → one payment of one client, without I/O: amount (in the payment's currency,
 * receivable-cells.ts), currency, date, method, reference and optionally the invoice numbers it pays
 * (comma or semicolon separated; the processor turns them into an allocation). Checked with the API's
 * own `NewPayment` schema.
 */

export type PaymentInput = Omit<NewPayment, 'clientId' | 'allocations'>;

export interface PaymentCandidate {
  row: number;
  /** The `id` cell: the row names a payment already in the system. */
  id?: string;
  client: ClientRef;
  input: PaymentInput;
  /** The invoice numbers it pays, in the order given (none: oldest due first). */
  invoiceNumbers: string[];
  cells: ReadonlyMap<string, string>;
}

/** Methods by their Spanish and English words (the template lists the codes). */
const methodWords: Record<z.infer<typeof PaymentMethod>, readonly string[]> = {
  transfer: ['transferencia', 'transferencia bancaria', 'bank transfer'],
  cash: ['efectivo'],
  check: ['cheque', 'cheque al día', 'cheque al dia'],
  card: ['tarjeta', 'tarjeta de crédito', 'tarjeta de débito', 'credit card', 'debit card'],
  deposit: ['depósito', 'deposito'],
  other: ['otro', 'otros'],
};

/** The invoices one payment row may name: the API's allocation limit. */
export const MAX_INVOICES_PER_PAYMENT = 20;

export function readPaymentRow(
  mapping: HeaderMapping,
  source: SourceRow,
  context: ReceivableRowContext,
): { candidate: PaymentCandidate } | { issues: RowIssue[] } {
  const cells = new RowCells(mapping, source);
  const id = cells.read('id', cellText);
  const client = readClientRef(cells, context);
  const currency = readCurrency(cells, context);
  const amount = currency && cells.read('amount', (cell) => cellAmount(cell, currency));
  const date = cells.read('date', cellDay);
  const method = readChoice(cells, 'method', methodWords);
  const reference = cells.read('reference', cellText);
  const numbersText = cells.read('invoiceNumber', cellText);
  const invoiceNumbers = numbersText === undefined ? [] : [...new Set(numbersText.split(/\s*[;,]\s*/).filter(Boolean))];
  if (invoiceNumbers.length > MAX_INVOICES_PER_PAYMENT) cells.fail('invoiceNumber', 'too_many_invoices', { max: MAX_INVOICES_PER_PAYMENT });
  for (const key of ['amount', 'method'] as const) {
    if (!cells.texts.has(key) && !cells.issues.some((i) => i.column === key)) cells.fail(key, 'required');
  }
  if (cells.issues.length || !client || !currency || amount === undefined || !method) return { issues: cells.issues };

  const given = { amount, currency, ...(date !== undefined ? { date } : {}), method, ...(reference !== undefined ? { reference } : {}) };
  const parsed = NewPayment.omit({ clientId: true, allocations: true }).safeParse(given, { reportInput: true });
  if (!parsed.success) {
    return {
      issues: flattenIssues(parsed.error.issues).map((zod) => {
        const column = typeof zod.path[0] === 'string' ? zod.path[0] : undefined;
        return {
          row: source.row,
          ...(column ? { column, ...(cells.texts.has(column) ? { value: cells.texts.get(column)! } : {}) } : {}),
          code: zod.code === 'too_big' ? 'too_long' : 'invalid_value',
          issue: { zod },
        };
      }),
    };
  }
  return { candidate: { row: source.row, ...(id !== undefined ? { id } : {}), client, input: parsed.data, invoiceNumbers, cells: cells.texts } };
}

/**
 * The payment's natural key when it has a reference: client, date, currency, amount and reference (folded).
 * The same payment uploaded again in another file is refused by it; a payment without a reference has none
 * (two cash payments of the same amount on one day are two payments).
 */
export function paymentNaturalKey(p: { clientId: string; date: string; currency: string; amount: number; reference?: string | undefined }): string | undefined {
  if (!p.reference) return undefined;
  return [p.clientId, p.date, p.currency, p.amount, p.reference.trim().toLowerCase().replace(/\s+/g, ' ')].join('|');
}
