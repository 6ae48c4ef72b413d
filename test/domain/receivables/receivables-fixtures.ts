/** Invoices and contexts the receivables tests start from (a Chilean tenant, CLP, IVA 19 %). */
import { buildInvoice, issueInvoice, NewInvoice, type Invoice, type InvoiceContext } from '../../../domain/receivables/invoice.ts';
import type { Currency } from '../../../domain/receivables/money.ts';
import type { SourceContext } from '../../../domain/receivables/payment.ts';

export const TODAY = '2026-03-02';
export const AT = '2026-03-02T12:00:00.000Z';

export const invoiceContext = (overrides: Partial<InvoiceContext> = {}): InvoiceContext => ({
  id: 'inv-1',
  tenantId: 'tenant-a',
  today: TODAY,
  tenantCurrency: 'CLP',
  paymentTermsDays: 30,
  by: 'admin-a',
  at: AT,
  ...overrides,
});

export const sourceContext = (overrides: Partial<SourceContext> = {}): SourceContext => ({
  id: 'pay-1',
  tenantId: 'tenant-a',
  today: TODAY,
  tenantCurrency: 'CLP',
  by: 'admin-a',
  at: AT,
  ...overrides,
});

/**
 * An issued invoice of one exempt line worth `total` (so its total is exactly that), for client
 * `clientId`, issued and due on the dates given.
 */
export function anIssuedInvoice(
  id: string,
  total: number,
  {
    clientId = 'client-1',
    currency = 'CLP',
    issueDate = '2026-01-05',
    dueDate = '2026-02-04',
  }: { clientId?: string; currency?: Currency; issueDate?: string; dueDate?: string } = {},
): Invoice {
  const exponent = { CLP: 0, CLF: 4, ARS: 2, MXN: 2, COP: 2, USD: 2, PEN: 2 }[currency];
  const unitPrice = exponent ? `${Math.floor(total / 10 ** exponent)}.${String(total % 10 ** exponent).padStart(exponent, '0')}` : String(total);
  const draft = buildInvoice(
    NewInvoice.parse({ clientId, currency, issueDate, dueDate, lines: [{ description: 'Servicio', quantity: 1, unitPrice, taxRate: 0 }] }),
    invoiceContext({ id }),
  );
  return issueInvoice(draft, `F-${id}`);
}
