import { notFound } from '../shared/errors.ts';
import type { Clock } from '../shared/ports.ts';
import type { TenantRepository } from '../workspace/ports.ts';
import type { Tenant } from '../workspace/tenant.schema.ts';
import { ageing, DEFAULT_AGEING_BOUNDS, type AgeingBasis } from './ageing.ts';
import type { ReceivablesAggregates } from './aggregates-port.ts';
import { clientBalance } from './client-balance.ts';
import type { Blocks, ClientReceivables } from './client-receivables.ts';
import { overdueByCategory, overdueShareBeyond } from './delinquency.ts';
import { tenantToday, type PlainDate } from './local-date.ts';

/**
 * Delinquency reads over the aggregates writes keep: none walks invoices, so each costs categories ×
 * distinct open dates (dashboard, ageing) or one client's few items (balance), whatever the paid history.
 * "Today" is the tenant's date in its time zone. Who may read (access level, client in scope) is the
 * route's to check before calling these.
 */
export interface DelinquencyDeps {
  aggregates: ReceivablesAggregates;
  tenants: TenantRepository;
  clock: Clock;
}

async function tenantAndToday(deps: DelinquencyDeps, tenantId: string): Promise<{ tenant: Tenant; today: PlainDate }> {
  const tenant = await deps.tenants.get(tenantId);
  if (!tenant) throw notFound('tenant', tenantId);
  return { tenant, today: tenantToday(deps.clock, tenant.timeZone) };
}

/** Overdue by client category ("Sin info" = `none`): clients, invoices and amount per segment, in the tenant's currency. */
export const readDashboard = (deps: DelinquencyDeps) => async (tenantId: string) => {
  const { tenant, today } = await tenantAndToday(deps, tenantId);
  const [due, oldest] = await Promise.all([
    deps.aggregates.open(tenantId, 'due', tenant.currency, today),
    deps.aggregates.oldest(tenantId, tenant.currency, today),
  ]);
  return { currency: tenant.currency, today, segments: overdueByCategory(due, oldest, today), beyond90: overdueShareBeyond(due, today) };
};

/** The ageing table by days since issue or days past due, overall and per category, in the tenant's buckets. */
export const readAgeing = (deps: DelinquencyDeps) => async (tenantId: string, basis: AgeingBasis) => {
  const { tenant, today } = await tenantAndToday(deps, tenantId);
  const rows = await deps.aggregates.open(tenantId, basis, tenant.currency);
  const bounds = tenant.ageingBounds ?? DEFAULT_AGEING_BOUNDS;
  return { currency: tenant.currency, today, bounds: [...bounds], ...ageing(rows, today, bounds, basis) };
};

/** The invoice blocks shown for a client: all time, or the current year's (the user's saved preference). */
export type BlocksPeriod = 'all' | 'year';

/**
 * A client's receivables per currency it has: open balance, overdue, credit, oldest overdue days, average
 * days to pay, and the seed's blocks (overdue counted from its open balances by due date).
 */
export const readClientBalance =
  (deps: DelinquencyDeps) =>
  async (tenantId: string, clientId: string, period: BlocksPeriod = 'all') => {
    const { today } = await tenantAndToday(deps, tenantId);
    const states = await deps.aggregates.client(tenantId, clientId);
    const year = today.slice(0, 4);
    return Promise.all(
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
  };
