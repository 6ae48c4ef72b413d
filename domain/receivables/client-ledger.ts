import type { LedgerKind, LedgerMovement } from './aggregates-port.ts';
import type { PlainDate } from './local-date.ts';
import type { Currency } from './money.ts';
import type { Movement, MovementKind } from './statement.ts';

/** The net movement of one calendar month (`yyyy-mm`) of a client's statement in one currency. */
export interface LedgerMonth {
  month: string;
  net: number;
}

/** A page of movements in statement order and where the next one starts (absent on the last). */
export interface LedgerPage {
  movements: LedgerMovement[];
  after?: string | undefined;
}

/**
 * The statement-of-account movements the receivables writes keep (`ReceivablesWrite.ledger`), per client
 * and currency, with a running net per month so an opening balance costs months, not movements.
 */
export interface ClientLedger {
  /** The net of every month up to and including `through` (`yyyy-mm`), oldest first; months without movements are absent. */
  months(tenantId: string, clientId: string, currency: Currency, through: string): Promise<LedgerMonth[]>;
  /**
   * Movements dated `from` to `to` (both included) in statement order — date, then what raises the
   * balance before what lowers it, then document — at most `limit`, starting after the position `after`
   * a previous page returned.
   */
  movements(
    tenantId: string,
    clientId: string,
    currency: Currency,
    from: PlainDate,
    to: PlainDate,
    page: { limit: number; after?: string | undefined },
  ): Promise<LedgerPage>;
}

/** The statement's word for each ledger kind (statement.ts says `void` for a voided invoice). */
const STATEMENT_KIND: Record<LedgerKind, MovementKind> = {
  invoice: 'invoice',
  invoice_void: 'void',
  payment: 'payment',
  payment_reversal: 'payment_reversal',
  credit_note: 'credit_note',
  credit_note_reversal: 'credit_note_reversal',
};

/** +1 for the kinds that raise what the client owes, −1 for those that lower it. */
export const ledgerSign = (kind: LedgerKind): 1 | -1 => (kind === 'invoice' || kind === 'payment_reversal' || kind === 'credit_note_reversal' ? 1 : -1);

export const LEDGER_KINDS = Object.keys(STATEMENT_KIND) as LedgerKind[];

/** A kept movement as statement.ts reads it: a positive amount whose kind gives the direction. */
export const toStatementMovement = (m: LedgerMovement): Movement => ({
  date: m.date,
  kind: STATEMENT_KIND[m.kind],
  documentId: m.documentId,
  number: m.number,
  amount: Math.abs(m.amount),
  currency: m.currency,
});

/** `yyyy-mm` of a date. */
export const monthOf = (date: PlainDate) => date.slice(0, 7);

/** The first day of the date's month. */
export const firstOfMonth = (date: PlainDate): PlainDate => `${monthOf(date)}-01`;

/** The last day of the date's month. */
export function lastOfMonth(date: PlainDate): PlainDate {
  const [year, month] = date.split('-').map(Number) as [number, number];
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${monthOf(date)}-${String(days).padStart(2, '0')}`;
}
