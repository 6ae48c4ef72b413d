import type { Client } from '../../domain/clients/client.schema.ts';
import { paymentNaturalKey, readPaymentRow, type PaymentCandidate } from '../../domain/imports/payment-rows.ts';
import type { ReceivableImportReader } from '../../domain/imports/receivable-ports.ts';
import { paymentsImportSpec } from '../../domain/imports/specs/payments.spec.ts';
import { importRecordId, type ImportContext, type ImportProcessor, type RowError, type RowOutcome } from '../../domain/imports/rows.ts';
import type { AllocationInput } from '../../domain/receivables/allocation.ts';
import { isOpen } from '../../domain/receivables/invoice.ts';
import { tenantToday, type PlainDate } from '../../domain/receivables/local-date.ts';
import type { MoneySource } from '../../domain/receivables/payment.ts';
import { managePayments, recordClientPayment } from '../../domain/receivables/payment.use-cases.ts';
import { assertSourceCurrency, type SourceDeps } from '../../domain/receivables/source-writes.ts';
import { requireAccess } from '../../domain/shared/actor.ts';
import { invalidFields } from '../../domain/shared/errors.ts';
import { Id } from '../../domain/shared/fields.ts';
import type { Tenant } from '../../domain/workspace/tenant.schema.ts';
import type { ReceivableWording } from './receivable-row-errors.ts';
import { claimInFile, clientNotFound, importSupport, isBlank, pool, refKey, sourcesOfJob, visibleClients } from './receivables-import-support.ts';

/**
 * The payments import: one row = one payment of one client, recorded through `recordClientPayment` (the
 * API's rules, allocation, aggregates, payments month and history, with the job's id on the history), with
 * the row's id `importRecordId(job, row)` so a batch done again, even at once, records nothing twice.
 *
 * - The invoices a row names (by number) get the amount in the order given, each up to its balance; what is
 *   left is the client's credit. A row naming none is applied oldest due first, as the API does.
 * - A payment with a reference has a natural key (client, date, currency, amount, reference): the same
 *   payment in another file (a bank statement uploaded twice) fails `already_exists` naming the payment
 *   recorded first (decision "imported payments keep a natural key"). Without a reference there is none.
 * - A row with a payment id names a recorded payment: `unchanged` when it says the same, else `not_editable`
 *   (the API changes no payment; it reverses one).
 * - Rows of one client go one after the other in row order (each reads the balances the previous one left),
 *   clients in parallel.
 *
 * Reads per batch: the tenant (once per job), 1–2 BatchGetItem rounds of client guards and clients, 1 of
 * invoice-number guards, 1 of natural-key guards; per row: the row's own payment (was it written before?),
 * the named invoices' headers, and what `recordClientPayment` reads (client, tenant, open invoices).
 */
export interface PaymentsProcessorDeps extends SourceDeps {
  reader: ReceivableImportReader;
}

const CONCURRENCY = 8;

export function paymentsImportProcessor(deps: PaymentsProcessorDeps): ImportProcessor {
  const support = importSupport(paymentsImportSpec, deps.tenants);

  return {
    spec: paymentsImportSpec,
    mapHeaders: (cells) => support.mapHeaders(cells),

    async processBatch(context, mapping, rows) {
      const state = support.stateOf(context);
      const { tenant, rows: rowContext } = await state.tenant;
      const today = tenantToday(deps.clock, tenant.timeZone);
      const wording = support.wording(mapping);
      const outcomes = new Map<number, RowOutcome>();
      const failed = (row: number, errors: readonly RowError[], recordId?: string) =>
        outcomes.set(row, { row, result: 'failed', ...(recordId ? { recordId } : {}), errors });

      // 1. Read every row (pure).
      const candidates: PaymentCandidate[] = [];
      for (const source of [...rows].sort((a, b) => a.row - b.row)) {
        if (isBlank(mapping, source)) {
          outcomes.set(source.row, { row: source.row, result: 'unchanged' });
          continue;
        }
        const read = readPaymentRow(mapping, source, rowContext);
        if ('issues' in read) failed(source.row, read.issues.map(wording.issueError));
        else candidates.push(read.candidate);
      }

      // 2. The batch's clients and the invoices its rows name, one round each.
      const [clients, invoiceIds] = await Promise.all([
        visibleClients(
          deps.reader,
          context,
          candidates.map((c) => c.client),
        ),
        deps.reader.invoiceIds(
          context.actor.tenantId,
          candidates.flatMap((c) => c.invoiceNumbers),
        ),
      ]);

      // 3. Natural keys: a repeat in the file fails naming the first row; the keys' holders are read in one round.
      const keyOf = new Map<number, string>();
      const ready: Array<{ c: PaymentCandidate; client: Client }> = [];
      for (const c of candidates) {
        const client = clients.get(refKey(c.client));
        if (!client) {
          failed(c.row, [clientNotFound(wording, c.row, c.client, c.cells)]);
          continue;
        }
        const key = paymentNaturalKey({
          clientId: client.id,
          date: c.input.date ?? today,
          currency: c.input.currency ?? tenant.currency,
          amount: c.input.amount,
          reference: c.input.reference,
        });
        const first = key === undefined || c.id ? undefined : claimInFile(state.seen, `key:${key}`, c.row);
        if (first !== undefined) {
          const params = {
            firstRow: first,
            whatEs: 'ese mismo pago',
            whatEn: 'this same payment',
            value: c.input.reference,
            recordEs: 'pago',
            recordEn: 'payment',
          };
          failed(c.row, [wording.reason(c.row, 'duplicate_in_file', params, { key: 'reference', value: c.cells.get('reference') })]);
          continue;
        }
        if (key !== undefined && !c.id) keyOf.set(c.row, key);
        ready.push({ c, client });
      }
      const owners = await deps.reader.paymentKeyOwners(context.actor.tenantId, [...keyOf.values()]);

      // 4. Per client in row order, clients in parallel.
      const byClient = Map.groupBy(ready, (r) => r.client.id);
      await pool([...byClient.values()], CONCURRENCY, async (group) => {
        for (const { c, client } of group) {
          const key = keyOf.get(c.row);
          outcomes.set(c.row, await planRow(deps, context, tenant, today, wording, c, client, invoiceIds, key, key ? owners.get(key) : undefined));
        }
      });
      return [...outcomes.values()].sort((a, b) => a.row - b.row);
    },
  };
}

/** Whether a recorded payment says what the row says. */
const sameAs = (stored: MoneySource, c: PaymentCandidate, clientId: string, tenant: Tenant) =>
  stored.clientId === clientId &&
  stored.amount === c.input.amount &&
  stored.currency === (c.input.currency ?? tenant.currency) &&
  (c.input.date === undefined || stored.date === c.input.date) &&
  stored.method === c.input.method &&
  (stored.reference ?? '') === (c.input.reference ?? '');

async function planRow(
  deps: PaymentsProcessorDeps,
  context: ImportContext,
  tenant: Tenant,
  today: PlainDate,
  wording: ReceivableWording,
  c: PaymentCandidate,
  client: Client,
  invoiceIds: ReadonlyMap<string, string>,
  key: string | undefined,
  owner: string | undefined,
): Promise<RowOutcome> {
  const { row } = c;
  const { actor } = context;
  const own = importRecordId(context.jobId, row);
  const fail = (errors: RowError[], recordId?: string): RowOutcome => ({ row, result: 'failed', ...(recordId ? { recordId } : {}), errors });
  const exists = (paymentId: string, reference?: string) =>
    fail([wording.reason(row, 'payment_exists', { paymentId, reference: reference ?? '—' }, { key: 'reference', value: c.cells.get('reference') })], paymentId);

  try {
    // A row naming a recorded payment: the same one is unchanged; the API changes none.
    if (c.id) {
      const stored = Id.safeParse(c.id).success ? await deps.sources.get(actor.tenantId, 'payment', c.id) : undefined;
      if (!stored || stored.clientId !== client.id) return fail([wording.reason(row, 'payment_no_match', {}, { key: 'id', value: c.cells.get('id') })]);
      if (!sameAs(stored, c, client.id, tenant))
        return fail([wording.reason(row, 'payment_not_editable', { paymentId: stored.id }, { key: 'id', value: c.id })], stored.id);
      if (context.mode === 'create') return exists(stored.id, stored.reference);
      return { row, result: 'unchanged', recordId: stored.id };
    }

    // This very row recorded it (an earlier delivery of the batch): the same outcome, nothing written.
    const mine = await deps.sources.get(actor.tenantId, 'payment', own);
    if (mine) return { row, result: 'created', recordId: own };

    // The same payment recorded by another import (its natural key is held by a payment that exists).
    let takeOverFrom: string | undefined;
    if (owner && owner !== own) {
      const holder = await deps.sources.get(actor.tenantId, 'payment', owner);
      if (holder) return context.mode === 'create' || !sameAs(holder, c, client.id, tenant) ? exists(holder.id, holder.reference) : unchangedOr(holder.id);
      // A claim whose payment was never written (its row failed after claiming): taken over.
      takeOverFrom = owner;
    }
    if (context.mode === 'update') return fail([wording.reason(row, 'payment_no_match', {}, undefined)]);

    const allocations = await allocationOf(deps, context, wording, c, client, invoiceIds);
    if ('errors' in allocations) return fail(allocations.errors);
    const input = { clientId: client.id, ...c.input, ...(allocations.list.length ? { allocations: allocations.list } : {}) };

    if (context.dryRun) {
      // What recordClientPayment refuses before writing: the permission, the currency, a date after today.
      requireAccess(actor, managePayments);
      assertSourceCurrency(tenant, input.currency ?? tenant.currency);
      if (input.date && input.date > today) throw invalidFields('dated after today', [{ pointer: '/date', code: 'date_in_future', params: { today } }]);
      return { row, result: 'created', recordId: own };
    }
    if (key && !(await deps.reader.claimPaymentKey(actor.tenantId, key, own, takeOverFrom))) {
      // Another import claimed it between our read and our claim.
      const now = (await deps.reader.paymentKeyOwners(actor.tenantId, [key])).get(key);
      return exists(now ?? '—', c.input.reference);
    }
    const payment = await recordClientPayment({ ...deps, sources: sourcesOfJob(deps.sources, context.jobId), ids: { next: () => own } })(actor, input);
    return { row, result: 'created', recordId: payment.id };
  } catch (error) {
    const errors = wording.domainErrors(error, row, c.cells, columnOfPointer);
    if (!errors) throw error;
    return fail(errors);
  }

  function unchangedOr(id: string): RowOutcome {
    return { row, result: 'unchanged', recordId: id };
  }
}

/** The column a use case's field pointer is about. */
const columnOfPointer = (pointer: string) => {
  if (pointer.startsWith('/allocations')) return 'invoiceNumber';
  const last = pointer.split('/').pop() ?? '';
  return ['amount', 'currency', 'date', 'method', 'reference'].includes(last) ? last : undefined;
};

/**
 * The allocation of a row naming invoices: each named invoice (of this client, open, in the payment's
 * currency) takes the amount in the order given up to its balance; none named → oldest due first (no list).
 */
async function allocationOf(
  deps: PaymentsProcessorDeps,
  context: ImportContext,
  wording: ReceivableWording,
  c: PaymentCandidate,
  client: Client,
  invoiceIds: ReadonlyMap<string, string>,
): Promise<{ list: AllocationInput[] } | { errors: RowError[] }> {
  if (!c.invoiceNumbers.length) return { list: [] };
  const ids = c.invoiceNumbers.map((n) => invoiceIds.get(n.toLowerCase()));
  const read = new Map(
    (
      await deps.sources.invoices(
        context.actor.tenantId,
        ids.filter((id): id is string => id !== undefined),
      )
    ).map((i) => [i.id, i]),
  );
  const currency = c.input.currency ?? (await deps.tenants.get(context.actor.tenantId))?.currency;
  const column = { key: 'invoiceNumber', value: c.cells.get('invoiceNumber') };
  const list: AllocationInput[] = [];
  let left = c.input.amount;
  for (const [i, number] of c.invoiceNumbers.entries()) {
    const invoice = ids[i] ? read.get(ids[i]!) : undefined;
    // Another client's invoice (or another tenant's) is not found, as through the API.
    if (!invoice || invoice.clientId !== client.id) return { errors: [wording.reason(c.row, 'invoice_not_found', { value: number }, column)] };
    if (!isOpen(invoice) || invoice.currency !== currency) {
      const field = !isOpen(invoice)
        ? { pointer: '/allocations/0/invoiceId', code: 'invoice_not_open', params: { status: invoice.status } }
        : { pointer: '/allocations/0/invoiceId', code: 'currency_mismatch', params: { expected: currency, actual: invoice.currency } };
      return { errors: wording.domainErrors(invalidFields(`invoice ${number} refused`, [field]), c.row, c.cells, columnOfPointer) ?? [] };
    }
    if (left === 0) break;
    const take = Math.min(left, invoice.balance);
    list.push({ invoiceId: invoice.id, amount: take });
    left -= take;
  }
  return { list };
}
