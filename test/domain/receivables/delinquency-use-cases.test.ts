import { describe, expect, it } from 'vitest';
import { sales, sumCells, type Basis } from '../../../domain/receivables/aggregate-deltas.ts';
import type { ReceivablesAggregates, ReceivablesWrite } from '../../../domain/receivables/aggregates-port.ts';
import {
  emptyClientReceivables,
  foldClient,
  oldestOpen,
  type AggregatedInvoice,
  type ClientReceivables,
} from '../../../domain/receivables/client-receivables.ts';
import {
  ageingFor,
  clientBalanceFor,
  clientSummaryFor,
  dashboardFor,
  readAgeing,
  readClientBalance,
  readDashboard,
  salesPeriods,
  type BlocksPeriod,
} from '../../../domain/receivables/delinquency.use-cases.ts';
import { countbackDso } from '../../../domain/receivables/delinquency.ts';
import { applyToInvoice } from '../../../domain/receivables/invoice.ts';
import { FakeClock, InMemoryTenantRepository } from '../fakes.ts';
import { anActor, belowCompanyLevel } from '../fixtures.ts';
import { anIssuedInvoice } from './receivables-fixtures.ts';

/** The port over a list of invoices, summed on each read (what the store keeps, without a store). */
function aggregatesOver(invoices: AggregatedInvoice[], tenantId: string): ReceivablesAggregates {
  const clients = () => {
    const states = new Map<string, ClientReceivables>();
    for (const after of invoices) {
      const key = `${after.clientId}#${after.currency}`;
      states.set(key, foldClient(states.get(key) ?? emptyClientReceivables(after.clientId, after.currency), [{ after }]));
    }
    return [...states.values()];
  };
  const mine = (t: string) => (t === tenantId ? invoices : []);
  return {
    prepare: () => Promise.reject(new Error('read-only')),
    apply: (_: ReceivablesWrite) => Promise.reject(new Error('read-only')),
    open: async (t, basis: Basis, currency, before) =>
      sumCells(mine(t)).filter((c) => c.basis === basis && c.currency === currency && (!before || c.date < before)),
    oldest: async (t, currency, before) =>
      (t === tenantId ? clients() : [])
        .filter((c) => c.currency === currency)
        .flatMap((c) => {
          const date = oldestOpen(c.openByDue);
          return date && (!before || date < before) ? [{ date, clients: 1, categoryId: c.aggCategory }] : [];
        }),
    client: async (t, clientId) =>
      t === tenantId
        ? clients()
            .filter((c) => c.clientId === clientId)
            .map((c) => ({ ...c, years: {} }))
        : [],
    clientYear: async (t, clientId, currency, year) =>
      t === tenantId ? (clients().find((c) => c.clientId === clientId && c.currency === currency)?.years[year] ?? {}) : {},
    sales: async (t, currency, fromMonth) => {
      const byMonth = new Map<string, { month: string; amount: number; count: number }>();
      for (const s of mine(t).flatMap((i) => sales(i))) {
        if (s.currency !== currency || s.month < fromMonth) continue;
        const found = byMonth.get(s.month) ?? { month: s.month, amount: 0, count: 0 };
        byMonth.set(s.month, { month: s.month, amount: found.amount + s.amount, count: found.count + s.count });
      }
      return [...byMonth.values()].sort((a, b) => a.month.localeCompare(b.month));
    },
  };
}

const at = '2026-01-01T00:00:00.000Z';
async function tenantsWith(ageingBounds?: number[]) {
  const tenants = new InMemoryTenantRepository();
  await tenants.createIfAbsent({
    id: 'tenant-a',
    name: 'A',
    country: 'CL',
    currency: 'CLP',
    timeZone: 'America/Santiago',
    locale: 'es',
    mailHour: 9,
    ...(ageingBounds ? { ageingBounds } : {}),
    version: 1,
    createdAt: at,
    updatedAt: at,
  });
  return tenants;
}

const inv = (id: string, clientId: string, total: number, dueDate: string, categoryId = 'none') => ({
  ...anIssuedInvoice(id, total, { clientId, issueDate: dueDate < '2026-01-02' ? dueDate : '2026-01-02', dueDate }),
  categoryId,
});

describe('delinquency reads', () => {
  it('take today in the tenant’s time zone: due yesterday in Santiago is overdue, due today is not', async () => {
    // 02:00 UTC on 2 March is still 1 March in Santiago (UTC−3).
    const clock = new FakeClock('2026-03-02T02:00:00.000Z');
    const invoices = [inv('a', 'c1', 100, '2026-02-28', 'vip'), inv('b', 'c2', 50, '2026-03-01')];
    const deps = { aggregates: aggregatesOver(invoices, 'tenant-a'), tenants: await tenantsWith(), clock };
    const dashboard = await readDashboard(deps)('tenant-a');
    expect(dashboard.today).toBe('2026-03-01');
    expect(dashboard.segments).toEqual([{ categoryId: 'vip', clients: 1, invoices: 1, amount: 100 }]);
    clock.set('2026-03-02T04:00:00.000Z');
    expect((await readDashboard(deps)('tenant-a')).segments.map((s) => s.categoryId)).toEqual(['vip', 'none']);
  });

  it('age in the tenant’s own buckets, or the default ones', async () => {
    const clock = new FakeClock('2026-03-02T15:00:00.000Z');
    const invoices = [inv('a', 'c1', 100, '2026-02-20'), inv('b', 'c1', 7, '2025-10-01')];
    const own = await readAgeing({ aggregates: aggregatesOver(invoices, 'tenant-a'), tenants: await tenantsWith([15, 200]), clock })('tenant-a', 'due');
    expect(own.overall.buckets.map((b) => [b.from, b.to, b.amount])).toEqual([
      [1, 15, 100],
      [16, 200, 7],
      [201, undefined, 0],
    ]);
    const byDefault = await readAgeing({ aggregates: aggregatesOver(invoices, 'tenant-a'), tenants: await tenantsWith(), clock })('tenant-a', 'due');
    expect(byDefault.bounds).toEqual([30, 60, 90, 120]);
    expect(byDefault.overall.buckets.map((b) => b.amount)).toEqual([100, 0, 0, 0, 7]);
  });

  it('give a client’s balance with its blocks all time or for the current year', async () => {
    const clock = new FakeClock('2026-03-02T15:00:00.000Z');
    const old = { ...anIssuedInvoice('o', 300, { clientId: 'c1', issueDate: '2025-05-01', dueDate: '2025-06-01' }), categoryId: 'none' };
    const paid = {
      ...applyToInvoice(anIssuedInvoice('p', 80, { clientId: 'c1', issueDate: '2026-01-10', dueDate: '2026-02-10' }), 'payment', 80, '2026-01-20'),
      categoryId: 'none',
    };
    const deps = { aggregates: aggregatesOver([old, paid, inv('x', 'c1', 20, '2026-04-01')], 'tenant-a'), tenants: await tenantsWith(), clock };
    const [all] = await readClientBalance(deps)('tenant-a', 'c1');
    expect(all).toMatchObject({ openBalance: 320, overdueBalance: 300, oldestOverdueDays: 274, averageDaysToPay: 10, overdue: { count: 1, amount: 300 } });
    expect(all!.blocks.total).toEqual({ count: 3, amount: 400 });
    const [year] = await readClientBalance(deps)('tenant-a', 'c1', 'year');
    expect(year).toMatchObject({ period: 'year', year: '2026' });
    expect(year!.blocks.total).toEqual({ count: 2, amount: 100 });
    expect(await readClientBalance(deps)('tenant-a', 'nobody')).toEqual([]);
  });

  it('answer not found for a tenant that does not exist', async () => {
    const deps = { aggregates: aggregatesOver([], 'tenant-a'), tenants: await tenantsWith(), clock: new FakeClock() };
    await expect(readDashboard(deps)('tenant-z')).rejects.toMatchObject({ code: 'not_found' });
  });

  it('take the countback DSO over this month so far and whole months back, and keep other currencies apart', async () => {
    // Prepare: invoiced 100 on 1 March, 280 in February, 310 in January, all still open; 500 USD open apart.
    const clock = new FakeClock('2026-03-02T15:00:00.000Z');
    const open = (id: string, total: number, issueDate: string, currency: 'CLP' | 'USD' = 'CLP') => ({
      ...anIssuedInvoice(id, total, { clientId: 'c1', issueDate, dueDate: '2026-12-31', currency }),
      categoryId: 'none',
    });
    const invoices = [open('m', 100, '2026-03-01'), open('f', 280, '2026-02-10'), open('j', 310, '2026-01-20'), open('u', 500, '2025-12-01', 'USD')];
    const deps = { aggregates: aggregatesOver(invoices, 'tenant-a'), tenants: await tenantsWith(), clock };

    // Act
    const dashboard = await readDashboard(deps)('tenant-a');

    // Assess: 2 days of March + 28 of February + 31 of January cover the 690 open exactly.
    expect(dashboard.kpis.dso).toEqual({ days: 61, exhausted: false, receivable: 690, months: 24 });
    expect(dashboard.open).toEqual({ invoices: 3, amount: 690 });
    expect(dashboard.overdue).toEqual({ clients: 0, invoices: 0, amount: 0 });
    expect(dashboard.otherCurrencies).toEqual([{ currency: 'USD', open: { invoices: 1, amount: 500 }, overdue: { invoices: 0, amount: 0 } }]);
    // A month without sales counts whole (2 days of March + the 23 whole months before = 701), so no sales at all gives no figure.
    expect(countbackDso(690, salesPeriods([], '2026-03-02'))).toEqual({ days: 701, exhausted: true });
    expect((await readDashboard({ ...deps, aggregates: aggregatesOver([], 'tenant-a') })('tenant-a')).kpis.dso).toBeNull();
  });

  it('age one category alone when asked', async () => {
    const clock = new FakeClock('2026-03-02T15:00:00.000Z');
    const invoices = [inv('a', 'c1', 100, '2026-02-20', 'vip'), inv('b', 'c2', 7, '2025-10-01')];
    const deps = { aggregates: aggregatesOver(invoices, 'tenant-a'), tenants: await tenantsWith(), clock };
    const vip = await readAgeing(deps)('tenant-a', 'due', { categoryId: 'vip' });
    expect(vip.overall.total).toEqual({ amount: 100, count: 1 });
    expect(Object.keys(vip.byCategory)).toEqual(['vip']);
    expect((await readAgeing(deps)('tenant-a', 'due', { categoryId: 'nadie' })).overall.total).toEqual({ amount: 0, count: 0 });
  });

  it('let only level 1 read the tenant-wide figures, and a client’s only within the caller’s scope', async () => {
    // Prepare
    const clock = new FakeClock('2026-03-02T15:00:00.000Z');
    const invoices = [inv('a', 'c1', 100, '2026-02-20', 'vip')];
    const saved = new Map<string, BlocksPeriod>();
    const deps = {
      aggregates: aggregatesOver(invoices, 'tenant-a'),
      tenants: await tenantsWith(),
      clock,
      clients: {
        get: async (tenantId: string, id: string) => (tenantId === 'tenant-a' && id === 'c1' ? ({ id, tenantId, sellerId: 'seller-1' } as never) : undefined),
      },
      preferences: {
        summaryPeriod: async (_: string, userId: string) => saved.get(userId),
        setSummaryPeriod: async (_: string, userId: string, period: BlocksPeriod) => void saved.set(userId, period),
      },
    };
    const seller = anActor({ userId: 'seller-1', accessLevel: 4 });
    const other = anActor({ userId: 'seller-2', accessLevel: 4 });

    // Act / Assess
    for (const accessLevel of belowCompanyLevel) {
      await expect(dashboardFor(deps)(anActor({ accessLevel }))).rejects.toMatchObject({ code: 'forbidden' });
      await expect(ageingFor(deps)(anActor({ accessLevel }), 'issue', {})).rejects.toMatchObject({ code: 'forbidden' });
    }
    expect((await dashboardFor(deps)(anActor())).segments).toHaveLength(1);
    expect((await clientBalanceFor(deps)(seller, 'c1')).currencies).toEqual([expect.objectContaining({ openBalance: 100, overdueBalance: 100 })]);
    await expect(clientBalanceFor(deps)(other, 'c1')).rejects.toMatchObject({ code: 'not_found', details: { entity: 'client' } });
    await expect(clientSummaryFor(deps)(anActor({ tenantId: 'tenant-b' }), 'c1')).rejects.toMatchObject({ code: 'not_found' });
    expect((await clientSummaryFor(deps)(seller, 'c1')).period).toBe('all');
    saved.set('seller-1', 'year');
    expect(await clientSummaryFor(deps)(seller, 'c1')).toMatchObject({ period: 'year', year: '2026' });
    expect((await clientSummaryFor(deps)(seller, 'c1', 'all')).currencies[0]).toMatchObject({
      pending: { count: 1, amount: 100 },
      overdue: { count: 1, amount: 100 },
      total: { count: 1, amount: 100 },
      draft: { count: 0, amount: 0 },
    });
  });
});
