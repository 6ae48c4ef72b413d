import { fileHeaderMemory, perJob } from './job-memory.ts';
import { canSee } from '../../domain/clients/client-scope.ts';
import type { Client } from '../../domain/clients/client.schema.ts';
import { plainTaxIdScheme } from '../../domain/clients/plain-tax-id.ts';
import { isEmptyCell } from '../../domain/imports/cells.ts';
import { refKey, type ReceivableImportReader } from '../../domain/imports/receivable-ports.ts';
import { clientRefColumn, type ClientRef, type ReceivableRowContext } from '../../domain/imports/receivable-rows.ts';
import type { HeaderMapping, ImportContext, ImportTypeSpec, RowError, SourceRow } from '../../domain/imports/rows.ts';
import type { InvoiceRepository } from '../../domain/receivables/ports.ts';
import type { MoneySourceRepository } from '../../domain/receivables/source-ports.ts';
import { notFound } from '../../domain/shared/errors.ts';
import type { TenantRepository } from '../../domain/workspace/ports.ts';
import type { Tenant } from '../../domain/workspace/tenant.schema.ts';
import { receivableWording, type ReceivableWording } from './receivable-row-errors.ts';

/**
 * What the invoices and payments processors share: the header row (the file's own headers kept for the
 * error workbook), the tenant read once per job, the keys a job's rows claimed in the file, the clients of
 * a batch read in one BatchGetItem round, and the repositories that stamp the job on the history entries.
 */

export interface JobState {
  tenant: Promise<{ tenant: Tenant; rows: ReceivableRowContext }>;
  /** `<kind>:<value>` → the first row of the file that gave it. */
  seen: Map<string, number>;
}

export function importSupport(spec: ImportTypeSpec, tenants: Pick<TenantRepository, 'get'>) {
  const fileHeaders = fileHeaderMemory(spec);
  const stateOf = perJob<JobState>(
    (context) => ({
      tenant: tenants.get(context.actor.tenantId).then((t) => {
        if (!t) throw notFound('tenant', context.actor.tenantId);
        return { tenant: t, rows: { tenantCurrency: t.currency, taxIdScheme: plainTaxIdScheme(t) } };
      }),
      seen: new Map(),
    }),
    (state) => state.tenant,
  );

  return {
    mapHeaders: fileHeaders.mapHeaders,
    wording: (mapping: HeaderMapping): ReceivableWording => receivableWording(spec, fileHeaders.of(mapping)),
    stateOf,
  };
}

/** Whether a row has nothing in the import's columns (a blank line, notes in other columns): it asks for nothing. */
export const isBlank = (mapping: HeaderMapping, source: SourceRow) => ![...mapping.columns.keys()].some((i) => !isEmptyCell(source.cells[i]));

/**
 * The first row of the file that claimed `claim` before `row`, or undefined after claiming it for `row`
 * (synchronous, so a batch done twice, even at once, decides the same).
 */
export function claimInFile(seen: Map<string, number>, claim: string, row: number): number | undefined {
  const first = seen.get(claim);
  if (first !== undefined && first < row) return first;
  seen.set(claim, Math.min(first ?? row, row));
  return undefined;
}

/** The clients of a batch's rows, the ones the requester may see, by ref. */
export async function visibleClients(reader: ReceivableImportReader, context: ImportContext, refs: readonly ClientRef[]): Promise<Map<string, Client>> {
  const found = await reader.clients(context.actor.tenantId, refs);
  for (const [key, client] of found) if (!canSee(context.actor, client)) found.delete(key);
  return found;
}

const refWords: Record<ClientRef['by'], { es: string; en: string }> = {
  id: { es: 'el id', en: 'the id' },
  customId: { es: 'el id propio', en: 'the custom id' },
  taxId: { es: 'el documento tributario', en: 'the tax id' },
  email: { es: 'el e-mail', en: 'the e-mail' },
};

/** The row error of a client ref that finds no client the requester may see (another tenant's is the same). */
export function clientNotFound(wording: ReceivableWording, row: number, ref: ClientRef, cells: ReadonlyMap<string, string>): RowError {
  const column = clientRefColumn[ref.by];
  const value = cells.get(column) ?? ref.value;
  return wording.reason(row, 'client_not_found', { byEs: refWords[ref.by].es, byEn: refWords[ref.by].en, value }, { key: column, value });
}

/** The invoices repository with the import job stamped on every history entry it writes (provenance). */
export const invoicesOfJob = (invoices: InvoiceRepository, jobId: string): InvoiceRepository => ({
  ...invoices,
  create: (invoice, history, draw, receivables) =>
    invoices.create(
      invoice,
      history.map((h) => ({ ...h, importJobId: jobId })),
      draw,
      receivables,
    ),
  update: (next, previous, history, draw, receivables) =>
    invoices.update(
      next,
      previous,
      history.map((h) => ({ ...h, importJobId: jobId })),
      draw,
      receivables,
    ),
});

/** The payments repository with the import job stamped on every history entry it writes. */
export const sourcesOfJob = (sources: MoneySourceRepository, jobId: string): MoneySourceRepository => ({
  ...sources,
  write: (change) => sources.write({ ...change, history: change.history.map((h) => ({ ...h, importJobId: jobId })) }),
});

/** Runs `work` over the items, at most `size` at a time. */
export async function pool<T>(items: readonly T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
}

export { refKey };
