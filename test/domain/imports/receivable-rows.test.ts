import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mapHeaders } from '../../../domain/imports/header-mapping.ts';
import { readInvoiceRow } from '../../../domain/imports/invoice-rows.ts';
import { paymentNaturalKey, readPaymentRow } from '../../../domain/imports/payment-rows.ts';
import type { CellValue, HeaderMapping, ImportTypeSpec } from '../../../domain/imports/rows.ts';
import { invoicesImportSpec } from '../../../domain/imports/specs/invoices.spec.ts';
import { paymentsImportSpec } from '../../../domain/imports/specs/payments.spec.ts';

const context = { tenantCurrency: 'CLP' as const, taxIdScheme: 'CL_RUT' as const };
const mappingOf = (spec: ImportTypeSpec): HeaderMapping => {
  const result = mapHeaders(
    spec,
    spec.columns.map((c) => c.header.es),
  );
  if (!('mapping' in result)) throw new Error('refused');
  return result.mapping;
};
const rowOf = (spec: ImportTypeSpec, values: Record<string, CellValue>) => ({ row: 7, cells: spec.columns.map((c) => values[c.key] ?? null) });
const day = fc
  .date({ min: new Date(Date.UTC(2000, 0, 1)), max: new Date(Date.UTC(2099, 11, 31)), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const dmy = (iso: string) => iso.split('-').reverse().join('-');

describe('invoice rows', () => {
  it('reads a generated row into the invoice its cells say (dates in either form, amounts grouped or not)', () => {
    const invoices = mappingOf(invoicesImportSpec);
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 365 }), fc.integer({ min: 1, max: 10 ** 12 }), fc.boolean(), (issue, days, pesos, grouped) => {
        const due = new Date(Date.parse(issue) + days * 86_400_000).toISOString().slice(0, 10);
        const price = grouped ? pesos.toLocaleString('de-DE') : pesos;
        const read = readInvoiceRow(
          invoices,
          rowOf(invoicesImportSpec, {
            'client.taxId': '76.543.210-3',
            number: 'F-1',
            issueDate: dmy(issue),
            dueDate: due,
            'line.description': 'Cemento',
            'line.unitPrice': price,
            'line.taxRate': '19%',
          }),
          context,
        );
        expect(read).toEqual({
          candidate: expect.objectContaining({
            row: 7,
            client: { by: 'taxId', value: 'CL_RUT:76543210-3' },
            statusGiven: false,
            input: {
              number: 'F-1',
              issueDate: issue,
              dueDate: due,
              currency: 'CLP',
              status: 'draft',
              lines: [{ description: 'Cemento', quantity: '1', unitPrice: String(pesos), taxRate: '19' }],
            },
          }),
        });
      }),
    );
  });

  it('reports every bad cell of a row at once, on its column', () => {
    const read = readInvoiceRow(
      mappingOf(invoicesImportSpec),
      rowOf(invoicesImportSpec, { 'client.taxId': '76.543.210-9', issueDate: '31-02-2026', currency: 'EUR', 'line.unitPrice': 'mil', status: 'pagada' }),
      context,
    );
    expect('issues' in read && read.issues.map((i) => [i.column, i.code])).toEqual([
      ['client.taxId', 'invalid_tax_id'],
      ['issueDate', 'invalid_date'],
      ['currency', 'invalid_choice'],
      ['status', 'invalid_choice'],
      // The price is read in the row's currency: with none it waits for the currency to be fixed.
      ['line.description', 'required'],
    ]);
  });
});

describe('payment rows', () => {
  it('reads method words in either language, several invoice numbers, and keys only referenced payments', () => {
    const read = readPaymentRow(
      mappingOf(paymentsImportSpec),
      rowOf(paymentsImportSpec, {
        'client.email': 'A@X.CL',
        amount: '$ 1.500.000',
        method: 'Transferencia',
        reference: ' OP 1 ',
        invoiceNumber: 'F-1; F-2, F-1',
      }),
      context,
    );
    expect(read).toEqual({
      candidate: expect.objectContaining({
        client: { by: 'email', value: 'a@x.cl' },
        input: { amount: 1_500_000, currency: 'CLP', method: 'transfer', reference: 'OP 1' },
        invoiceNumbers: ['F-1', 'F-2'],
      }),
    });
    const base = { clientId: 'C', date: '2026-03-01', currency: 'CLP', amount: 10 };
    expect(paymentNaturalKey(base)).toBeUndefined();
    expect(paymentNaturalKey({ ...base, reference: 'OP  1' })).toBe(paymentNaturalKey({ ...base, reference: 'op 1' }));
    expect(paymentNaturalKey({ ...base, reference: 'OP 1' })).not.toBe(paymentNaturalKey({ ...base, amount: 11, reference: 'OP 1' }));
  });
});
