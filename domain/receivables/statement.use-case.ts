import { assertVisible } from '../clients/client-scope.ts';
import type { ClientRepository } from '../clients/ports.ts';
import type { Actor } from '../shared/actor.ts';
import { DomainError, invalidFields, notFound } from '../shared/errors.ts';
import type { Clock } from '../shared/ports.ts';
import type { TenantRepository } from '../workspace/ports.ts';
import type { LedgerMovement } from './aggregates-port.ts';
import { firstOfMonth, lastOfMonth, monthOf, toStatementMovement, type ClientLedger } from './client-ledger.ts';
import { addDays, tenantToday, type PlainDate } from './local-date.ts';
import { sumAmounts, type Currency } from './money.ts';
import { statementOfAccount, type StatementLine } from './statement.ts';

export interface StatementDeps {
  ledger: ClientLedger;
  clients: Pick<ClientRepository, 'get'>;
  tenants: Pick<TenantRepository, 'get'>;
  clock: Clock;
}

/** A statement may span at most this many years (the movements are paged; the opening balance costs months). */
export const MAX_STATEMENT_YEARS = 5;
/** Lines per page when the caller names no `limit`, and the most it may name. */
export const STATEMENT_PAGE = 250;
/** Movements per read when a whole month's part is summed (before `from`, after `to`). */
const SUM_PAGE = 1000;

export interface StatementQuery {
  clientId: string;
  /** Default: the tenant's currency. */
  currency?: Currency | undefined;
  /** Default: the first day of the tenant's current month. */
  from?: PlainDate | undefined;
  /** Default: the tenant's today. */
  to?: PlainDate | undefined;
  limit?: number | undefined;
  /** The `cursor` of the previous page, as this use case handed it out. */
  cursor?: string | undefined;
}

export type StatementLineView = Omit<StatementLine, 'currency'>;

export interface StatementView {
  clientId: string;
  currency: Currency;
  from: PlainDate;
  to: PlainDate;
  /** What the client owed at the end of the day before `from`. */
  openingBalance: number;
  /** What the client owed at the end of `to`: the opening balance plus every line's debit minus its credit. */
  closingBalance: number;
  /** The movements of this page, in order, each with the balance after it. */
  lines: StatementLineView[];
  /** Present when more lines follow. */
  cursor?: string | undefined;
}

/** What a page's cursor carries: the resolved period (defaults can change overnight) and the balances so far. */
interface Position {
  clientId: string;
  currency: Currency;
  from: PlainDate;
  to: PlainDate;
  after: string;
  balance: number;
  opening: number;
  closing: number;
}

const invalidCursor = () => new DomainError('validation_failed', 'invalid cursor', { errors: [{ pointer: '/query/cursor', code: 'invalid_cursor' }] });

function openPosition(cursor: string, clientId: string): Position {
  let parsed: Partial<Position>;
  try {
    parsed = JSON.parse(cursor) as Partial<Position>;
  } catch {
    throw invalidCursor();
  }
  const numbers = [parsed.balance, parsed.opening, parsed.closing].every((n) => Number.isSafeInteger(n));
  const texts = [parsed.currency, parsed.from, parsed.to, parsed.after].every((t) => typeof t === 'string');
  if (!numbers || !texts || parsed.clientId !== clientId) throw invalidCursor();
  return parsed as Position;
}

/** The date `years` years after `date` as text (29 February lands past 28 February), or undefined past year 9999. */
function yearsAfter(date: PlainDate, years: number): string | undefined {
  const year = Number(date.slice(0, 4)) + years;
  return year > 9999 ? undefined : `${year}${date.slice(4)}`;
}

/** `from` ≤ `to`, and less than MAX_STATEMENT_YEARS apart; the pointer names the date the caller gave. */
function checkPeriod(from: PlainDate, to: PlainDate, given: { from: boolean; to: boolean }) {
  const pointer = given.to || !given.from ? '/query/to' : '/query/from';
  if (from > to) throw invalidFields('from is after to', [{ pointer, code: 'period_reversed', params: { from, to } }]);
  const limit = yearsAfter(from, MAX_STATEMENT_YEARS);
  if (limit !== undefined && to >= limit)
    throw invalidFields('period too long', [{ pointer, code: 'period_too_long', params: { from, to, maxYears: MAX_STATEMENT_YEARS } }]);
}

const net = (movements: LedgerMovement[]) => sumAmounts(movements.map((m) => m.amount));

/**
 * Statement of account (estado de cuenta) of a client the caller may see (another one, or one of another
 * tenant, is a 404), in one currency: the balance before `from`, the movements from `from` to `to` with
 * the running balance, and the balance at the end of `to`. Never reads the whole history: the opening
 * balance is the months before `from`'s month plus that month's movements before `from`; when the lines
 * take more than one page, the closing balance is the months through `to`'s month minus that month's
 * movements after `to`. Later pages continue from the cursor's balance and repeat the first page's
 * opening and closing balances.
 */
export const readStatement =
  (deps: StatementDeps) =>
  async (actor: Actor, query: StatementQuery): Promise<StatementView> => {
    assertVisible(actor, await deps.clients.get(actor.tenantId, query.clientId), query.clientId);
    const { tenantId } = actor;
    const { clientId } = query;
    const limit = Math.min(Math.max(query.limit ?? STATEMENT_PAGE, 1), STATEMENT_PAGE);
    const read = (currency: Currency, from: PlainDate, to: PlainDate, after?: string, size = limit) =>
      deps.ledger.movements(tenantId, clientId, currency, from, to, { limit: size, after });
    /** Every movement from `from` to `to`: a part of one month, so bounded by one client's month. */
    const readAll = async (currency: Currency, from: PlainDate, to: PlainDate) => {
      const all: LedgerMovement[] = [];
      let after: string | undefined;
      do {
        const page = await read(currency, from, to, after, SUM_PAGE);
        all.push(...page.movements);
        after = page.after;
      } while (after);
      return all;
    };

    if (query.cursor) {
      const at = openPosition(query.cursor, clientId);
      const page = await read(at.currency, at.from, at.to, at.after);
      const statement = statementOfAccount(page.movements.map(toStatementMovement), at.currency, at.from, at.to, at.balance);
      return view(at, statement.lines, page.after);
    }

    const tenant = await deps.tenants.get(tenantId);
    if (!tenant) throw notFound('tenant', tenantId);
    const today = tenantToday(deps.clock, tenant.timeZone);
    const currency = query.currency ?? tenant.currency;
    const from = query.from ?? firstOfMonth(today);
    const to = query.to ?? today;
    checkPeriod(from, to, { from: query.from !== undefined, to: query.to !== undefined });

    const [months, early, page] = await Promise.all([
      deps.ledger.months(tenantId, clientId, currency, monthOf(to)),
      from === firstOfMonth(from) ? [] : readAll(currency, firstOfMonth(from), addDays(from, -1)),
      read(currency, from, to),
    ]);
    const prior = sumAmounts(months.filter((m) => m.month < monthOf(from)).map((m) => m.net));
    const statement = statementOfAccount([...early, ...page.movements].map(toStatementMovement), currency, from, to, prior);
    let closing = statement.closingBalance;
    if (page.after) {
      // More pages follow: the closing balance from the months through `to`'s, less that month's movements after `to`.
      const late = to === lastOfMonth(to) ? [] : await readAll(currency, addDays(to, 1), lastOfMonth(to));
      closing = sumAmounts([...months.map((m) => m.net), -net(late)]);
    }
    const at: Position = { clientId, currency, from, to, after: '', balance: statement.openingBalance, opening: statement.openingBalance, closing };
    return view(at, statement.lines, page.after);
  };

function view(at: Position, lines: StatementLine[], after: string | undefined): StatementView {
  const last = lines.at(-1);
  const next: Position | undefined = after ? { ...at, after, balance: last ? last.balance : at.balance } : undefined;
  return {
    clientId: at.clientId,
    currency: at.currency,
    from: at.from,
    to: at.to,
    openingBalance: at.opening,
    closingBalance: at.closing,
    lines: lines.map(({ currency: _currency, ...line }) => line),
    ...(next ? { cursor: JSON.stringify(next) } : {}),
  };
}
