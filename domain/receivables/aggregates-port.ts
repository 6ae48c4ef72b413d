import type { Basis } from './aggregate-deltas.ts';
import type { DatedAmount } from './ageing.ts';
import type { Blocks, ClientReceivables, InvoiceChange } from './client-receivables.ts';
import type { DatedClients } from './delinquency.ts';
import type { PlainDate } from './local-date.ts';
import type { Currency } from './money.ts';

/** What moves a client's statement of account: a document's effect on what the client owes, on its business date. */
export type LedgerKind = 'invoice' | 'invoice_void' | 'payment' | 'payment_reversal' | 'credit_note' | 'credit_note_reversal';

/**
 * One movement of a client's statement of account (estado de cuenta). `amount` is signed in minor units:
 * positive raises what the client owes (an invoice issued, a payment reversed), negative lowers it (a
 * payment, a credit note, a void). `documentId` + `kind` name it uniquely, so a redo cannot add it twice.
 */
export interface LedgerMovement {
  clientId: string;
  currency: Currency;
  /** The business date (issue date, payment date, void date), the tenant's local date. */
  date: PlainDate;
  kind: LedgerKind;
  documentId: string;
  /** The document's number as the client knows it (invoice or credit-note number, payment reference). */
  number?: string | undefined;
  amount: number;
}

/** The invoiced total of one month (issued invoices, void ones taken back). */
export interface MonthSales {
  month: string;
  amount: number;
  count: number;
}

/** What one receivables operation changes: its invoices (before/after), the unapplied credit of clients and their ledger. */
export interface ReceivablesWrite {
  tenantId: string;
  invoices: InvoiceChange[];
  /** Unapplied credit added (negative: taken) per client and currency, e.g. a payment's remainder. */
  credit?: Array<{ clientId: string; currency: Currency; amount: number }> | undefined;
  /**
   * Statement-of-account movements this operation makes, kept by the store in the same transaction (read
   * through `ClientLedger`, client-ledger.ts). Each is put only if absent: a movement already kept cancels
   * the transaction (not contention: do not prepare again; the write already happened).
   */
  ledger?: LedgerMovement[] | undefined;
}

/**
 * The aggregates receivables writes keep and the delinquency reads use (docs/receivables-plan.md):
 * open balances per basis (issue / due date), currency, date and client category; clients by their oldest
 * open due date; each client's receivables per currency. Reads cost categories × distinct dates, never
 * invoices. `Item` is the store's transaction item: an invoice or payment write puts the items `prepare`
 * returns in its own transaction, so documents and aggregates change together or not at all.
 */
export interface ReceivablesAggregates<Item = unknown> {
  /**
   * The transaction items that apply `write`: additive updates of the shared aggregates and the clients'
   * receivables items, each conditioned on the version read here. When the transaction is cancelled on
   * one of those conditions (another write of the same client got in first), prepare again and retry.
   */
  prepare(write: ReceivablesWrite): Promise<Item[]>;
  /**
   * Applies `write` on its own (imports, tests, benches): whole clients per transaction (≤ 100 items),
   * each prepared and retried as above. Atomic per client, not across clients. Not idempotent by itself:
   * the same write applied twice adds twice, so a write that can be redone (an import after a crash)
   * must carry its documents' own conditions in the same transaction, i.e. use `prepare`. A write
   * carrying a ledger movement already kept is refused (`LedgerMovementExists`), that transaction unwritten.
   */
  apply(write: ReceivablesWrite): Promise<void>;
  /** Open balances by `basis` date and category, dates before `before` when given. */
  open(tenantId: string, basis: Basis, currency: Currency, before?: PlainDate): Promise<DatedAmount[]>;
  /** Clients by their oldest open due date and category, dates before `before` when given. */
  oldest(tenantId: string, currency: Currency, before?: PlainDate): Promise<DatedClients[]>;
  /** The client's receivables, one per currency it has (blocks all time; `years` left empty). */
  client(tenantId: string, clientId: string): Promise<ClientReceivables[]>;
  /** The client's blocks of invoices issued in `year`. */
  clientYear(tenantId: string, clientId: string, currency: Currency, year: string): Promise<Blocks>;
  /** Invoiced (sales) per issue month (`yyyy-mm`) from `fromMonth` on, for the countback DSO. */
  sales(tenantId: string, currency: Currency, fromMonth: string): Promise<MonthSales[]>;
}
