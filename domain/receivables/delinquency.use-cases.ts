import { assertVisible } from '../clients/client-scope.ts';
import type { ClientRepository } from '../clients/ports.ts';
import { requireAccess, type Actor, type Requirement } from '../shared/actor.ts';
import { notFound } from '../shared/errors.ts';
import type { Clock } from '../shared/ports.ts';
import type { TenantRepository } from '../workspace/ports.ts';
import type { Tenant } from '../workspace/tenant.schema.ts';
import { ageing, DEFAULT_AGEING_BOUNDS, type AgeingBasis, type DatedAmount } from './ageing.ts';
import type { MonthSales, ReceivablesAggregates } from './aggregates-port.ts';
import { clientBalance } from './client-balance.ts';
import type { Blocks, ClientReceivables } from './client-receivables.ts';
import { countbackDso, overdueByCategory, overdueShareBeyond, type SalesPeriod } from './delinquency.ts';
import { epochDay, tenantToday, type PlainDate } from './local-date.ts';
import { Currency, sumAmounts } from './money.ts';

/**
 * Delinquency reads over the aggregates writes keep: none walks invoices, so each costs categories ×
 * distinct open dates (dashboard, ageing) or one client's few items (balance), whatever the paid history.
 * "Today" is the tenant's date in its time zone. The `…For` reads check who may read (the tenant-wide
 * ones level 1, the per-client ones the client in the caller's scope) before reading.
 */
export interface DelinquencyDeps {
  aggregates: ReceivablesAggregates;
  tenants: Pick<TenantRepository, 'get'>;
  clock: Clock;
  /**
   * Finishes clients' category moves left pending (a crash between the client's write and its follow-up),
   * so the tenant-wide reads show a category change as complete (bounded; the rest waits for the next read).
   */
  pendingMoves?: { settle(tenantId: string): Promise<unknown> } | undefined;
}

/** Tenant-wide figures (every client's balances): level 1, as the tenant's aggregates have no scope dimension. */
export const readTenantReceivables: Requirement = { level: 1 };

/** How many months of sales the countback DSO walks back at most (the current one included). */
export const DSO_MONTHS = 24;

async function tenantAndToday(deps: Pick<DelinquencyDeps, 'tenants' | 'clock'>, tenantId: string): Promise<{ tenant: Tenant; today: PlainDate }> {
  const tenant = await deps.tenants.get(tenantId);
  if (!tenant) throw notFound('tenant', tenantId);
  return { tenant, today: tenantToday(deps.clock, tenant.timeZone) };
}

const totalOf = (rows: DatedAmount[]) => ({ invoices: rows.reduce((n, r) => n + r.count, 0), amount: sumAmounts(rows.map((r) => r.amount)) });

/** `yyyy-mm` `months` before the month of `date`. */
function monthsBefore(date: PlainDate, months: number): string {
  const index = Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1 - months;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** Days in month `yyyy-mm`. */
const daysIn = (month: string) => epochDay(`${monthsBefore(`${month}-01`, -1)}-01`) - epochDay(`${month}-01`);

/**
 * The sales periods of the countback, newest first: this month up to today, then whole months back,
 * `DSO_MONTHS` in all (a month without sales is a period of 0).
 */
export function salesPeriods(sales: MonthSales[], today: PlainDate): SalesPeriod[] {
  const byMonth = new Map(sales.map((s) => [s.month, s.amount]));
  return Array.from({ length: DSO_MONTHS }, (_, back) => {
    const month = monthsBefore(today, back);
    return { days: back === 0 ? Number(today.slice(8, 10)) : daysIn(month), sales: byMonth.get(month) ?? 0 };
  });
}

/**
 * The dashboard, in the tenant's currency: overdue by client category ("Sin info" = `none`) with clients,
 * invoices and amount per segment and their total; the KPIs (share of the overdue balance more than 90 days
 * past due, countback DSO over the last 24 months of sales); and, apart, the open and overdue totals of
 * every other currency invoiced (never added to the tenant's: no exchange rates).
 */
export const readDashboard = (deps: DelinquencyDeps) => async (tenantId: string) => {
  const { tenant, today } = await tenantAndToday(deps, tenantId);
  const others = Currency.options.filter((c) => c !== tenant.currency);
  const [due, oldest, sales, otherDue] = await Promise.all([
    deps.aggregates.open(tenantId, 'due', tenant.currency),
    deps.aggregates.oldest(tenantId, tenant.currency, today),
    deps.aggregates.sales(tenantId, tenant.currency, monthsBefore(today, DSO_MONTHS - 1)),
    Promise.all(others.map((currency) => deps.aggregates.open(tenantId, 'due', currency))),
  ]);
  const overdue = due.filter((r) => r.date < today);
  const segments = overdueByCategory(overdue, oldest, today);
  const receivable = sumAmounts(due.map((r) => r.amount));
  const periods = salesPeriods(sales, today);
  const dso = periods.some((p) => p.sales > 0) ? { ...countbackDso(receivable, periods), receivable, months: DSO_MONTHS } : null;
  return {
    currency: tenant.currency,
    today,
    segments,
    overdue: { clients: segments.reduce((n, s) => n + s.clients, 0), ...totalOf(overdue) },
    open: totalOf(due),
    kpis: { beyond90: overdueShareBeyond(overdue, today), dso },
    otherCurrencies: others.flatMap((currency, i) => {
      const rows = otherDue[i]!;
      if (!rows.some((r) => r.amount !== 0 || r.count !== 0)) return [];
      return [{ currency, open: totalOf(rows), overdue: totalOf(rows.filter((r) => r.date < today)) }];
    }),
  };
};

/**
 * The ageing table by days since issue or days past due in the tenant's buckets, overall and per category,
 * in the tenant's currency or `currency`; with `categoryId`, that category's alone.
 */
export const readAgeing =
  (deps: DelinquencyDeps) =>
  async (tenantId: string, basis: AgeingBasis, filter: { categoryId?: string | undefined; currency?: Currency | undefined } = {}) => {
    const { tenant, today } = await tenantAndToday(deps, tenantId);
    const currency = filter.currency ?? tenant.currency;
    const rows = await deps.aggregates.open(tenantId, basis, currency);
    const bounds = tenant.ageingBounds ?? DEFAULT_AGEING_BOUNDS;
    const own = filter.categoryId === undefined ? rows : rows.filter((r) => r.categoryId === filter.categoryId);
    return {
      currency,
      today,
      bounds: [...bounds],
      ...(filter.categoryId !== undefined ? { categoryId: filter.categoryId } : {}),
      ...ageing(own, today, bounds, basis),
    };
  };

/** The invoice blocks shown for a client: all time, or the current year's (the user's saved preference). */
export type BlocksPeriod = 'all' | 'year';

/**
 * A client's receivables per currency it has: open balance, overdue, credit, oldest overdue days, average
 * days to pay, and the seed's blocks (overdue counted from its open balances by due date), with the day they are as of.
 */
async function clientFigures(deps: DelinquencyDeps, tenantId: string, clientId: string, period: BlocksPeriod) {
  const { today } = await tenantAndToday(deps, tenantId);
  const states = await deps.aggregates.client(tenantId, clientId);
  const year = today.slice(0, 4);
  const figures = await Promise.all(
    states.map(async (state: ClientReceivables) => {
      // One row per open due date stands for its invoices: the figures need sums and the oldest date, not each invoice.
      const open = Object.entries(state.openByDue).map(([dueDate, [count, balance]]) => ({ dueDate, balance, count }));
      const balance = clientBalance({ currency: state.currency, open, credit: state.credit, paid: state.paid }, today);
      const overdue = open
        .filter((o) => o.dueDate < today)
        .reduce((sum, o) => ({ count: sum.count + o.count, amount: sum.amount + o.balance }), { count: 0, amount: 0 });
      const blocks: Blocks = period === 'all' ? state.blocks : await deps.aggregates.clientYear(tenantId, clientId, state.currency, year);
      return { ...balance, blocks, overdue, period, ...(period === 'year' ? { year } : {}) };
    }),
  );
  return { today, year, figures };
}

/** A client's figures per currency (no scope check: the `…For` reads below make it). */
export const readClientBalance =
  (deps: DelinquencyDeps) =>
  async (tenantId: string, clientId: string, period: BlocksPeriod = 'all') =>
    (await clientFigures(deps, tenantId, clientId, period)).figures;

export interface ClientReadDeps extends DelinquencyDeps {
  clients: Pick<ClientRepository, 'get'>;
}

/** The client if the caller may see it; anything else (unknown, another tenant's, outside the scope) is a 404. */
async function visibleClient(deps: ClientReadDeps, actor: Actor, clientId: string) {
  assertVisible(actor, await deps.clients.get(actor.tenantId, clientId), clientId);
}

/** `GET /v1/clients/{id}/balance`: the figures per currency, for a client in the caller's scope. */
export const clientBalanceFor = (deps: ClientReadDeps) => async (actor: Actor, clientId: string) => {
  await visibleClient(deps, actor, clientId);
  const { today, figures } = await clientFigures(deps, actor.tenantId, clientId, 'all');
  return {
    clientId,
    today,
    currencies: figures.map(({ blocks: _blocks, overdue: _overdue, period: _period, ...balance }) => balance),
  };
};

/** The user's saved choice of period for the summary blocks (none saved: all time). */
export interface PreferenceStore {
  summaryPeriod(tenantId: string, userId: string): Promise<BlocksPeriod | undefined>;
  setSummaryPeriod(tenantId: string, userId: string, period: BlocksPeriod): Promise<void>;
}

/** The period the summary uses when the request names none: the caller's saved one, else all time. */
export const DEFAULT_SUMMARY_PERIOD: BlocksPeriod = 'all';

/**
 * The seed's invoice summary blocks per currency: pending (overdue included), paid, overdue, draft, partially
 * paid (its paid part) and total, each count and amount, over the current year or all time. The period is
 * the one asked, else the caller's saved preference, else all time.
 */
export const clientSummaryFor = (deps: ClientReadDeps & { preferences: PreferenceStore }) => async (actor: Actor, clientId: string, asked?: BlocksPeriod) => {
  await visibleClient(deps, actor, clientId);
  const period = asked ?? (await deps.preferences.summaryPeriod(actor.tenantId, actor.userId)) ?? DEFAULT_SUMMARY_PERIOD;
  const { today, year, figures } = await clientFigures(deps, actor.tenantId, clientId, period);
  const zero = { count: 0, amount: 0 };
  return {
    clientId,
    today,
    period,
    ...(period === 'year' ? { year } : {}),
    currencies: figures.map((f) => ({
      currency: f.currency,
      pending: f.blocks.pending ?? zero,
      paid: f.blocks.paid ?? zero,
      overdue: f.overdue,
      draft: f.blocks.draft ?? zero,
      partiallyPaid: f.blocks.partial ?? zero,
      total: f.blocks.total ?? zero,
    })),
  };
};

/** Saves the caller's period for the summary blocks. */
export const saveSummaryPeriod = (deps: { preferences: PreferenceStore }) => async (actor: Actor, period: BlocksPeriod) => {
  await deps.preferences.setSummaryPeriod(actor.tenantId, actor.userId, period);
  return { summaryPeriod: period };
};

/** The caller's saved preferences (the default when none is saved). */
export const readPreferences = (deps: { preferences: PreferenceStore }) => async (actor: Actor) => ({
  summaryPeriod: (await deps.preferences.summaryPeriod(actor.tenantId, actor.userId)) ?? DEFAULT_SUMMARY_PERIOD,
});

/** Dashboard and ageing for a caller: level 1 only (403 below, before anything is read). */
export const dashboardFor = (deps: DelinquencyDeps) => async (actor: Actor) => {
  requireAccess(actor, readTenantReceivables);
  await deps.pendingMoves?.settle(actor.tenantId);
  return readDashboard(deps)(actor.tenantId);
};

export const ageingFor =
  (deps: DelinquencyDeps) => async (actor: Actor, basis: AgeingBasis, filter: { categoryId?: string | undefined; currency?: Currency | undefined }) => {
    requireAccess(actor, readTenantReceivables);
    await deps.pendingMoves?.settle(actor.tenantId);
    return readAgeing(deps)(actor.tenantId, basis, filter);
  };
