import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Client } from '../../../domain/clients/client.schema.ts';
import { clientColumns, clientRow, delinquencyColumns, delinquencyRow } from '../../../domain/exports/export-columns.ts';
import { ageingTable } from '../../../domain/receivables/ageing.ts';
import type { OpenByDate } from '../../../domain/receivables/client-receivables.ts';

const client: Client = {
  id: 'c1',
  tenantId: 't1',
  personType: 'natural',
  firstName: 'Ana',
  firstSurname: 'Muñoz',
  displayName: 'Ana Muñoz',
  notifyEmails: [],
  phone: '+56 2 2123 4567',
  categoryId: 'cat1',
  sellerId: 'u1',
  collectorId: 'u2',
  taxId: { scheme: 'CL_RUT', value: '13456783-K', formatted: '13.456.783-K' },
  collectionsEnabled: true,
  status: 'active',
  provenance: { source: 'api' },
  version: 1,
  createdAt: '2026-01-02T10:00:00.000Z',
  createdBy: 'u0',
  updatedAt: '2026-02-03T10:00:00.000Z',
  updatedBy: 'u0',
};
const names: Record<string, string> = { u1: 'Sofía', u2: 'Pedro' };
const context = (open: OpenByDate, currency: 'CLP' | 'USD' = 'CLP') => ({
  categoryName: 'Mayorista',
  zoneName: undefined,
  userName: (id: string | undefined) => (id ? names[id] : undefined),
  currency,
  open,
});

describe('client export row', () => {
  it('has one value per header, in the seed order, with names for ids and the unpaid figures in currency units', () => {
    const headers = clientColumns('es');
    const row = clientRow(client, context({ '2026-01-10': [2, 15_050], '2026-03-01': [1, 1_000] }, 'USD'), 'es');
    const cell = (h: string) => row[headers.indexOf(h)];
    expect(row).toHaveLength(headers.length);
    expect(headers.slice(0, 3)).toEqual(['ID cliente', 'Nombre', 'Observaciones']);
    expect(cell('Nombre')).toBe('Ana Muñoz');
    expect(cell('Número de facturas impagas')).toBe(3);
    expect(cell('Balance de facturas impagas')).toBe(160.5);
    expect(cell('Número de identificación tributaria')).toBe('13.456.783-K');
    expect(cell('Facturación habilitada')).toBe('No');
    expect(cell('Vendedor')).toBe('Sofía');
    expect(cell('Recaudador')).toBe('Pedro');
    expect(cell('Agente preferido')).toBeNull();
    expect(cell('Zona')).toBeNull();
  });

  it('names every English header differently from the Spanish one but keeps the same count', () => {
    expect(clientColumns('en')).toHaveLength(clientColumns('es').length);
    expect(clientColumns('en')).toContain('Unpaid balance');
  });
});

describe('mora report row', () => {
  const today = '2026-06-30';
  const bounds = [30, 60, 90, 120];

  it('skips a client with nothing overdue', () => {
    expect(delinquencyRow(client, { ...context({ '2026-07-15': [1, 500] }), today, bounds }, 'es')).toBeUndefined();
    expect(delinquencyRow(client, { ...context({}), today, bounds }, 'es')).toBeUndefined();
  });

  it("puts each overdue balance in the bucket the tenant's ageing table puts it, summing to the overdue total", () => {
    const date = fc
      .integer({ min: 0, max: 800 })
      .map((days) => new Date(Date.parse(`${today}T00:00:00Z`) - (days - 30) * 86_400_000).toISOString().slice(0, 10));
    fc.assert(
      fc.property(fc.dictionary(date, fc.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 1_000_000 }))), (open) => {
        const headers = delinquencyColumns('en', bounds);
        const row = delinquencyRow(client, { ...context(open), today, bounds }, 'en');
        const table = ageingTable(
          Object.entries(open).map(([d, [count, amount]]) => ({ date: d, count, amount })),
          today,
          bounds,
          'due',
        );
        const overdue = table.buckets.reduce((s, b) => s + b.amount, 0);
        if (overdue === 0) {
          expect(row).toBeUndefined();
          return;
        }
        expect(row).toHaveLength(headers.length);
        const first = headers.indexOf('1–30 days');
        expect(row!.slice(first, first + table.buckets.length)).toEqual(table.buckets.map((b) => b.amount));
        expect(row![headers.indexOf('Overdue')]).toBe(overdue);
        expect(row![headers.indexOf('Open balance')]).toBe(table.total.amount);
      }),
    );
  });

  it('labels the buckets from the bounds, the last open-ended', () => {
    expect(delinquencyColumns('es', [30, 365]).filter((h) => h.includes('días'))).toEqual(['1–30 días', '31–365 días', 'Más de 365 días']);
  });
});
