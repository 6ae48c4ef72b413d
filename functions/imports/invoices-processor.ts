import type { Client } from '../../domain/clients/client.schema.ts';
import { canSee } from '../../domain/clients/client-scope.ts';
import { readInvoiceRow, type InvoiceCandidate } from '../../domain/imports/invoice-rows.ts';
import type { ReceivableImportReader } from '../../domain/imports/receivable-ports.ts';
import { clientRefColumn } from '../../domain/imports/receivable-rows.ts';
import { invoicesImportSpec } from '../../domain/imports/specs/invoices.spec.ts';
import { importRecordId, type ImportContext, type ImportProcessor, type RowError, type RowOutcome } from '../../domain/imports/rows.ts';
import { buildInvoice } from '../../domain/receivables/invoice.ts';
import { assertCurrency, createInvoice, issueExistingInvoice, manageInvoices, type InvoiceDeps } from '../../domain/receivables/invoice.use-cases.ts';
import type { StoredInvoice } from '../../domain/receivables/ports.ts';
import { requireAccess } from '../../domain/shared/actor.ts';
import { Id } from '../../domain/shared/fields.ts';
import type { Tenant } from '../../domain/workspace/tenant.schema.ts';
import { tenantToday } from '../../domain/receivables/local-date.ts';
import type { ReceivableWording } from './receivable-row-errors.ts';
import { claimInFile, clientNotFound, importSupport, invoicesOfJob, isBlank, pool, refKey, visibleClients } from './receivables-import-support.ts';

/**
 * The invoices import: one row = one invoice of one line (decision "one invoice per row"). Per batch: read
 * each row (pure), refuse a number or id an earlier row of the file gave, read the batch's clients and the
 * invoices its numbers name in one BatchGetItem round each, then per row:
 * - an invoice already holding the number (or the id): this row's own earlier write (its id is
 *   `importRecordId(job, row)`) is `created` again; in `create` mode any other is `already_exists`; in the
 *   other modes the same invoice is `unchanged`, a draft the row says is issued is issued (`issueExistingInvoice`),
 *   and a row that would change anything else fails `not_editable` (the API edits no invoice);
 * - otherwise (not in `update` mode) `createInvoice` with the row's id: numbering, totals, the open-invoice
 *   index, the aggregates and the client's history as through the API, the job's id on the history entry.
 * A dry run reads the same and checks what the use case would refuse, writing nothing.
 *
 * Reads per batch: the tenant (once per job), 1–2 BatchGetItem rounds of client guards and clients, 1 of
 * number guards; per row matching an invoice, one invoice read (header and lines).
 */
export interface InvoicesProcessorDeps extends InvoiceDeps {
  reader: ReceivableImportReader;
}

/** Rows written at once: enough to overlap round trips, few enough not to crowd one tenant's partition. */
const CONCURRENCY = 8;

const fieldWords: Record<string, { es: string; en: string }> = {
  client: { es: 'cliente', en: 'client' },
  number: { es: 'número', en: 'number' },
  issueDate: { es: 'fecha de emisión', en: 'issue date' },
  dueDate: { es: 'fecha de vencimiento', en: 'due date' },
  currency: { es: 'moneda', en: 'currency' },
  line: { es: 'línea (descripción, cantidad, precio o impuesto)', en: 'line (description, quantity, price or tax)' },
  status: { es: 'estado (no vuelve a borrador)', en: 'status (it does not go back to draft)' },
};

/** The column each compared field is reported on. */
const fieldColumn: Record<string, string> = {
  number: 'number',
  issueDate: 'issueDate',
  dueDate: 'dueDate',
  currency: 'currency',
  line: 'line.description',
  status: 'status',
};

/** What the row would change on the stored invoice (the API changes none of these once it exists). */
export function invoiceDifferences(stored: StoredInvoice, candidate: InvoiceCandidate, clientId: string): string[] {
  const { input } = candidate;
  const line = input.lines[0]!;
  const only = stored.lines.length === 1 ? stored.lines[0] : undefined;
  const differs: string[] = [];
  if (stored.clientId !== clientId) differs.push('client');
  if (input.number !== undefined && input.number.toLowerCase() !== stored.number?.toLowerCase()) differs.push('number');
  if (input.issueDate !== undefined && input.issueDate !== stored.issueDate) differs.push('issueDate');
  if (input.dueDate !== undefined && input.dueDate !== stored.dueDate) differs.push('dueDate');
  if (input.currency !== undefined && input.currency !== stored.currency) differs.push('currency');
  if (!only || only.description !== line.description || only.quantity !== line.quantity || only.unitPrice !== line.unitPrice || only.taxRate !== line.taxRate)
    differs.push('line');
  if (candidate.statusGiven && input.status === 'draft' && stored.status !== 'draft') differs.push('status');
  return differs;
}

/** The column a use case's field pointer is about. */
const columnOfPointer = (pointer: string) => {
  const last = pointer.split('/').pop() ?? '';
  if (pointer.startsWith('/lines')) return ['description', 'quantity', 'unitPrice', 'taxRate'].includes(last) ? `line.${last}` : 'line.unitPrice';
  return ['number', 'issueDate', 'dueDate', 'currency', 'status'].includes(last) ? last : undefined;
};

export function invoicesImportProcessor(deps: InvoicesProcessorDeps): ImportProcessor {
  const support = importSupport(invoicesImportSpec, deps.tenants);

  return {
    spec: invoicesImportSpec,
    mapHeaders: (cells) => support.mapHeaders(cells),

    async processBatch(context, mapping, rows) {
      const state = support.stateOf(context);
      const { tenant, rows: rowContext } = await state.tenant;
      const wording = support.wording(mapping);
      const outcomes = new Map<number, RowOutcome>();
      const failed = (row: number, errors: readonly RowError[], recordId?: string) =>
        outcomes.set(row, { row, result: 'failed', ...(recordId ? { recordId } : {}), errors });

      // 1. Read every row (pure); a number or id an earlier row gave fails naming it.
      const candidates: InvoiceCandidate[] = [];
      for (const source of [...rows].sort((a, b) => a.row - b.row)) {
        if (isBlank(mapping, source)) {
          outcomes.set(source.row, { row: source.row, result: 'unchanged' });
          continue;
        }
        const read = readInvoiceRow(mapping, source, rowContext);
        if ('issues' in read) {
          failed(source.row, read.issues.map(wording.issueError));
          continue;
        }
        const c = read.candidate;
        const claims = [
          ...(c.id ? [{ claim: `id:${c.id}`, column: 'id', value: c.id, es: 'ese id de factura', en: 'this invoice id' }] : []),
          ...(c.input.number
            ? [
                {
                  claim: `number:${c.input.number.toLowerCase()}`,
                  column: 'number',
                  value: c.input.number,
                  es: 'ese número de factura',
                  en: 'this invoice number',
                },
              ]
            : []),
        ];
        const earlier = claims.map((k) => ({ ...k, first: claimInFile(state.seen, k.claim, c.row) })).find((k) => k.first !== undefined);
        if (earlier) {
          const params = { firstRow: earlier.first, whatEs: earlier.es, whatEn: earlier.en, value: earlier.value, recordEs: 'factura', recordEn: 'invoice' };
          failed(c.row, [wording.reason(c.row, 'duplicate_in_file', params, { key: earlier.column, value: c.cells.get(earlier.column) })]);
          continue;
        }
        candidates.push(c);
      }

      // 2. The batch's clients and the invoices its numbers name, one round each.
      const [clients, byNumber] = await Promise.all([
        visibleClients(
          deps.reader,
          context,
          candidates.map((c) => c.client),
        ),
        deps.reader.invoiceIds(
          context.actor.tenantId,
          candidates.flatMap((c) => (c.input.number && !c.id ? [c.input.number] : [])),
        ),
      ]);

      // 3. Match, decide, write. Rows that draw a number from the tenant's sequence go one after the other,
      // in row order, so the numbers follow the file; the rest in parallel.
      const plan = (c: InvoiceCandidate) => planRow(deps, context, tenant, wording, c, clients.get(refKey(c.client)), byNumber);
      const drawing = candidates.filter((c) => c.input.status === 'issued' && !c.input.number && !c.id);
      const others = candidates.filter((c) => !drawing.includes(c));
      await pool(others, CONCURRENCY, async (c) => {
        outcomes.set(c.row, await plan(c));
      });
      for (const c of drawing) outcomes.set(c.row, await plan(c));
      return [...outcomes.values()].sort((a, b) => a.row - b.row);
    },
  };
}

async function planRow(
  deps: InvoicesProcessorDeps,
  context: ImportContext,
  tenant: Tenant,
  wording: ReceivableWording,
  c: InvoiceCandidate,
  client: Client | undefined,
  byNumber: ReadonlyMap<string, string>,
): Promise<RowOutcome> {
  const { row } = c;
  const { actor } = context;
  const own = importRecordId(context.jobId, row);
  const fail = (errors: RowError[], recordId?: string): RowOutcome => ({ row, result: 'failed', ...(recordId ? { recordId } : {}), errors });
  if (!client) return fail([clientNotFound(wording, row, c.client, c.cells)]);

  // The invoice the row names: by its id, else by its number.
  let stored: StoredInvoice | undefined;
  if (c.id) {
    const found = Id.safeParse(c.id).success ? await deps.invoices.get(actor.tenantId, c.id) : undefined;
    const visible = found && (found.clientId === client.id || (await isVisibleClient(deps, context, found.clientId)));
    if (!found || !visible) return fail([wording.reason(row, 'invoice_not_found', { value: c.id }, { key: 'id', value: c.cells.get('id') })]);
    stored = found;
  } else if (c.input.number) {
    const id = byNumber.get(c.input.number.toLowerCase());
    stored = id ? await deps.invoices.get(actor.tenantId, id) : undefined;
  }

  try {
    if (stored) {
      // This very row created it (an earlier delivery of the batch): the same outcome, nothing written.
      if (stored.id === own) return { row, result: 'created', recordId: own };
      if (stored.clientId !== client.id && !(await isVisibleClient(deps, context, stored.clientId))) {
        // Held by an invoice of a client the requester may not see: the number is taken, nothing more is said.
        return fail([
          wording.reason(row, 'invoice_not_editable', { number: c.input.number, invoiceId: '—', fieldsEs: 'cliente', fieldsEn: 'client' }, numberColumn(c)),
        ]);
      }
      const name = { number: stored.number ?? c.input.number ?? '', invoiceId: stored.id };
      if (context.mode === 'create') return fail([wording.reason(row, 'invoice_exists', name, numberColumn(c))], stored.id);
      const differences = invoiceDifferences(stored, c, client.id);
      if (differences.length) {
        const words = differences.map((d) => fieldWords[d]!);
        const column = fieldColumn[differences[0]!] ?? clientRefColumn[c.client.by];
        return fail(
          [
            wording.reason(
              row,
              'invoice_not_editable',
              { ...name, fieldsEs: words.map((w) => w.es).join(', '), fieldsEn: words.map((w) => w.en).join(', ') },
              { key: column, value: c.cells.get(column) },
            ),
          ],
          stored.id,
        );
      }
      if (c.statusGiven && c.input.status === 'issued' && stored.status === 'draft') {
        if (context.dryRun) requireAccess(actor, manageInvoices);
        else await issueExistingInvoice({ ...deps, invoices: invoicesOfJob(deps.invoices, context.jobId) })(actor, stored.id);
        return { row, result: 'updated', recordId: stored.id };
      }
      return { row, result: 'unchanged', recordId: stored.id };
    }
    if (c.id) return fail([wording.reason(row, 'invoice_not_found', { value: c.id }, { key: 'id', value: c.cells.get('id') })]);
    if (context.mode === 'update') return fail([wording.reason(row, 'invoice_no_match', {}, numberColumn(c))]);
    const input = { clientId: client.id, ...c.input };
    if (context.dryRun) {
      // What createInvoice refuses before writing: the permission, the currency, the dates and the amounts.
      requireAccess(actor, manageInvoices);
      assertCurrency(tenant, input.currency ?? tenant.currency);
      const today = tenantToday(deps.clock, tenant.timeZone);
      buildInvoice(input, {
        id: own,
        tenantId: actor.tenantId,
        today,
        tenantCurrency: tenant.currency,
        by: actor.userId,
        at: today,
        paymentTermsDays: client.paymentTermsDays,
        nextNumber: '1',
      });
      return { row, result: 'created', recordId: own };
    }
    const created = await createInvoice({ ...deps, invoices: invoicesOfJob(deps.invoices, context.jobId), ids: { next: () => own } })(actor, input);
    return { row, result: 'created', recordId: created.id };
  } catch (error) {
    const errors = wording.domainErrors(error, row, c.cells, columnOfPointer);
    if (!errors) throw error;
    return fail(errors, stored?.id);
  }
}

const numberColumn = (c: InvoiceCandidate) => (c.input.number ? { key: 'number', value: c.cells.get('number') } : undefined);

async function isVisibleClient(deps: InvoicesProcessorDeps, context: ImportContext, clientId: string): Promise<boolean> {
  const client = await deps.clients.get(context.actor.tenantId, clientId);
  return Boolean(client && client.tenantId === context.actor.tenantId && canSee(context.actor, client));
}
