import type { ClientRepository } from '../clients/ports.ts';
import type { PageRequest } from '../shared/ports.ts';
import type { Clock, IdGenerator } from '../shared/ports.ts';
import type { TenantRepository } from '../workspace/ports.ts';
import type { ClientLedger } from '../receivables/client-ledger.ts';
import { today as tenantToday, viewOf } from '../receivables/invoice.use-cases.ts';
import type { Currency } from '../receivables/money.ts';
import type { PlainDate } from '../receivables/local-date.ts';
import { listSources } from '../receivables/payment.use-cases.ts';
import type { MoneySourceRepository } from '../receivables/source-ports.ts';
import { readStatement } from '../receivables/statement.use-case.ts';
import { portalReader, type PortalPrincipal } from './ports.ts';

/**
 * What the portal shows of the client's own receivables, always of the token's client: the use cases of
 * receivables, called with the portal reader (ports.ts) and that client's id, never an id from the request.
 */
export interface PortalReadDeps {
  clients: Pick<ClientRepository, 'get'>;
  tenants: Pick<TenantRepository, 'get'>;
  sources: MoneySourceRepository;
  ledger: ClientLedger;
  clock: Clock;
  /** Unused by reads; the receivables list takes the deps of its writes. */
  ids: IdGenerator;
}

/** Open invoices the portal lists at most (oldest due first); `more` says when the client has more. */
export const PORTAL_OPEN_INVOICES = 100;

export interface PortalInvoiceView {
  id: string;
  number?: string | undefined;
  issueDate: string;
  dueDate: string;
  currency: Currency;
  total: number;
  paid: number;
  credited: number;
  balance: number;
  /** `issued`, `partially_paid`, or `overdue` once the due date passed. */
  status: 'issued' | 'partially_paid' | 'overdue';
}

/** The client's open invoices (issued or partially paid), oldest due date first, from the open-invoices index. */
export const portalOpenInvoices =
  (deps: PortalReadDeps) =>
  async (principal: PortalPrincipal): Promise<{ items: PortalInvoiceView[]; more: boolean }> => {
    const [{ today }, open] = await Promise.all([
      tenantToday(deps, principal.tenantId),
      deps.sources.openInvoices(principal.tenantId, principal.clientId, PORTAL_OPEN_INVOICES + 1),
    ]);
    const items = open
      .filter((invoice) => invoice.clientId === principal.clientId)
      .slice(0, PORTAL_OPEN_INVOICES)
      .map((invoice) => ({
        id: invoice.id,
        ...(invoice.number ? { number: invoice.number } : {}),
        issueDate: invoice.issueDate,
        dueDate: invoice.dueDate,
        currency: invoice.currency,
        total: invoice.totals.total,
        paid: invoice.paid,
        credited: invoice.credited,
        balance: invoice.balance,
        status: viewOf(invoice, today).displayStatus as PortalInvoiceView['status'],
      }));
    return { items, more: open.length > PORTAL_OPEN_INVOICES };
  };

export interface PortalPaymentView {
  id: string;
  date: string;
  amount: number;
  currency: Currency;
  method?: string | undefined;
  reference?: string | undefined;
  status: 'active' | 'reversed';
  allocations: Array<{ invoiceId: string; amount: number }>;
}

/** The client's payments, newest first, by cursor; what the tenant's users recorded about them stays out. */
export const portalPayments =
  (deps: PortalReadDeps) =>
  async (principal: PortalPrincipal, page: PageRequest): Promise<{ items: PortalPaymentView[]; cursor?: string | undefined }> => {
    const result = await listSources(deps, 'payment')(portalReader(principal), { clientId: principal.clientId }, page);
    return {
      items: result.items.map((p) => ({
        id: p.id,
        date: p.date,
        amount: p.amount,
        currency: p.currency,
        ...(p.method ? { method: p.method } : {}),
        ...(p.reference ? { reference: p.reference } : {}),
        status: p.status,
        allocations: p.allocations.map((a) => ({ invoiceId: a.invoiceId, amount: a.amount })),
      })),
      ...(result.cursor ? { cursor: result.cursor } : {}),
    };
  };

/** The client's statement of account, exactly as its tenant's users read it. */
export const portalStatement =
  (deps: PortalReadDeps) =>
  (
    principal: PortalPrincipal,
    query: {
      currency?: Currency | undefined;
      from?: PlainDate | undefined;
      to?: PlainDate | undefined;
      limit?: number | undefined;
      cursor?: string | undefined;
    },
  ) =>
    readStatement(deps)(portalReader(principal), { ...query, clientId: principal.clientId });
