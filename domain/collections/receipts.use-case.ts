import type { ReceiptRequest } from '../receivables/receipt-request.ts';
import type { Clock } from '../shared/ports.ts';
import type { TenantRepository } from '../workspace/ports.ts';
import type { Tenant } from '../workspace/tenant.schema.ts';
import { planPaymentReceipt } from './event-messages.ts';
import type { CollectionsSettings } from './collections.schema.ts';
import type { PlanClient } from './plan-day.ts';
import { planTenantOf } from './plan-tenant.use-case.ts';
import type { CollectorDirectory, PlannerClients } from './planner-ports.ts';
import type { CollectionMessageStore, CollectionsSettingsRepository, RenderCollectionMessage, SuppressionList } from './ports.ts';

/** The receipt requests payments leave (written in each payment's transaction), oldest first. */
export interface ReceiptRequests {
  due(now: string, limit: number): Promise<ReceiptRequest[]>;
  /** The request is settled (its receipt planned, or none to plan): it leaves the queue. */
  done(request: Pick<ReceiptRequest, 'tenantId' | 'paymentId'>): Promise<void>;
}

export interface ReceiptPlannerDeps {
  requests: ReceiptRequests;
  tenants: Pick<TenantRepository, 'get'>;
  settings: CollectionsSettingsRepository;
  clients: PlannerClients;
  collectors: CollectorDirectory;
  suppression: SuppressionList;
  messages: CollectionMessageStore;
  render: RenderCollectionMessage;
  defaultSender: string;
  clock: Clock;
  /**
   * Whoever else must hear of a recorded payment, with the invoices it paid — escalation settlement, which
   * queues a check per escalation among them. Every payment (API or import) leaves a request, so this reaches
   * the payments no handler hook sees. Called before the request leaves the queue: a failure retries it.
   */
  paymentRecorded?: (tenantId: string, invoiceIds: readonly string[]) => Promise<unknown>;
}

export interface ReceiptRunReport {
  /** Receipts written: pending, or skipped with their reason. */
  planned: number;
  skipped: number;
  /** Requests whose receipt existed already (a run that stopped between the receipt and the request's removal). */
  again: number;
  /** Requests of tenants with receipts off (or gone): nothing planned. */
  off: number;
  /** Requests that failed this run: left in the queue for the next. */
  failed: number;
}

/** Requests read per page, and handled at once. */
export const RECEIPT_PAGE = 50;
const CONCURRENCY = 8;

/**
 * Plans the receipts of recorded payments (decision "Payment receipts through a request written with the
 * payment"): for each request, the tenant's settings (receipts off → nothing), the client with its contacts
 * (`payments` routing), its collector (sender) and the suppressed addresses, then `planPaymentReceipt`
 * written once under its deterministic id, then the request removed. A crash between the two, or two runs
 * at once, meet the receipt already written (`planOnce` false) and only remove the request: one receipt per
 * payment. Runs pages until the queue is empty or `keepGoing` says stop; a failed request stays for the next run.
 */
export const planPendingReceipts =
  (deps: ReceiptPlannerDeps) =>
  async (keepGoing: () => boolean = () => true, onError: (error: unknown, request: ReceiptRequest) => void = () => undefined): Promise<ReceiptRunReport> => {
    const report: ReceiptRunReport = { planned: 0, skipped: 0, again: 0, off: 0, failed: 0 };
    const tenants = new Map<string, Promise<{ tenant: Tenant; settings: CollectionsSettings } | undefined>>();
    const tenantOf = (tenantId: string) => {
      let found = tenants.get(tenantId);
      if (!found) {
        found = (async () => {
          const tenant = await deps.tenants.get(tenantId);
          if (!tenant) return undefined;
          const settings = await deps.settings.get(tenantId);
          return { tenant, settings };
        })();
        tenants.set(tenantId, found);
        found.catch(() => tenants.delete(tenantId));
      }
      return found;
    };
    // Requests this run settled or failed: the index may still list a removed one for a moment, and a failed
    // one stays for the next run; neither is handled twice in one run.
    const handled = new Set<string>();
    const failed = new Set<string>();
    const keyOf = (r: ReceiptRequest) => `${r.tenantId}/${r.paymentId}`;

    async function one(request: ReceiptRequest) {
      if (deps.paymentRecorded && request.invoices.length)
        await deps.paymentRecorded(
          request.tenantId,
          request.invoices.map((i) => i.id),
        );
      const of = await tenantOf(request.tenantId);
      if (!of?.settings.reminders.payment_received.enabled) {
        await deps.requests.done(request);
        report.off += 1;
        return;
      }
      const books = await deps.clients.getMany(request.tenantId, [request.clientId]);
      const book = books.get(request.clientId);
      const collectorId = book?.client.collectorId;
      const collector = collectorId ? (await deps.collectors.getMany(request.tenantId, [collectorId])).get(collectorId) : undefined;
      const emails = book ? [book.client.email, ...book.contacts.map((c) => c.email)].filter((e): e is string => !!e).map((e) => e.toLowerCase()) : [];
      const suppressed = emails.length ? await deps.suppression.suppressedAmong(request.tenantId, emails) : new Set<string>();
      const client: PlanClient | undefined = book ? { ...book, collector } : undefined;
      const message = planPaymentReceipt({
        tenant: planTenantOf(of.tenant),
        settings: of.settings,
        payment: request.payment,
        invoices: request.invoices.map((i) => ({ ...i, number: i.number ?? '', currency: i.currency as never })),
        client,
        suppressed: new Set([...suppressed].map((e) => e.toLowerCase())),
        render: deps.render,
        defaultSender: deps.defaultSender,
        today: request.today,
        now: deps.clock.now().toISOString(),
      });
      if (message && (await deps.messages.planOnce(message))) {
        if (message.status === 'skipped') report.skipped += 1;
        else report.planned += 1;
      } else if (message) report.again += 1;
      else report.off += 1;
      await deps.requests.done(request);
    }

    while (keepGoing()) {
      const due = await deps.requests.due(deps.clock.now().toISOString(), RECEIPT_PAGE + failed.size);
      const page = due.filter((r) => !handled.has(keyOf(r)) && !failed.has(keyOf(r)));
      if (!page.length) break;
      for (let i = 0; i < page.length && keepGoing(); i += CONCURRENCY) {
        await Promise.all(
          page.slice(i, i + CONCURRENCY).map(async (request) => {
            try {
              await one(request);
              handled.add(keyOf(request));
            } catch (error) {
              failed.add(keyOf(request));
              report.failed += 1;
              onError(error, request);
            }
          }),
        );
      }
    }
    return report;
  };
