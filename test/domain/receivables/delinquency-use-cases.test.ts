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
import { readAgeing, readClientBalance, readDashboard } from '../../../domain/receivables/delinquency.use-cases.ts';
import { applyToInvoice } from '../../../domain/receivables/invoice.ts';
import { FakeClock, InMemoryTenantRepository } from '../fakes.ts';
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
});
