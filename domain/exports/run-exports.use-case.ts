import type { CatalogRepository, ClientRepository } from '../clients/ports.ts';
import { DEFAULT_AGEING_BOUNDS } from '../receivables/ageing.ts';
import { tenantToday } from '../receivables/local-date.ts';
import type { Clock } from '../shared/ports.ts';
import type { TenantRepository, UserRepository } from '../workspace/ports.ts';
import type { Tenant } from '../workspace/tenant.schema.ts';
import { clientColumns, clientRow, delinquencyColumns, delinquencyRow, sheetNames } from './export-columns.ts';
import type { ExportFailureCode, ExportJob } from './export-job.schema.ts';
import { exportEmail, exportFileName } from './export-messages.ts';
import { type NoteExportDeps, writeNotesWorkbook } from './note-export.run.ts';
import type { CellValue, ClientBalancesReader, ExportFiles, ExportJobRepository } from './ports.ts';
import { ExportClaimLost, writePages } from './write-pages.ts';

/** Claims of one job before it ends `failed` (a claim whose run crashed counts). */
export const MAX_EXPORT_ATTEMPTS = 3;
/** Clients read per page: one index query, then their balances in batches of 100. */
export const EXPORT_PAGE = 500;
/** Rows between two progress writes (one write each). */
export const PROGRESS_EVERY = 5_000;
/** The link in the e-mail. In AWS it also ends when the signing role's session does; GET /v1/exports/{id} mints a new one. */
export const EMAIL_LINK_SECONDS = 12 * 60 * 60;

export interface RunExportsDeps {
  jobs: ExportJobRepository;
  files: ExportFiles;
  clients: Pick<ClientRepository, 'list'>;
  catalogs: Pick<CatalogRepository, 'get'>;
  users: Pick<UserRepository, 'get' | 'list'>;
  tenants: Pick<TenantRepository, 'get'>;
  balances: ClientBalancesReader;
  /** The notes report's reads (notes streams, branch and department names, clients' names). */
  noteExport: NoteExportDeps;
  clock: Clock;
  /** How long a claim lasts: longer than one run of the function, so a live run is never taken over. */
  leaseMs: number;
  /** Sender when the tenant has none of its own. */
  defaultSender: string;
}

export type ExportOutcome = 'completed' | 'failed' | 'retry' | 'lost';
export interface ExportRunReport {
  completed: number;
  failed: number;
  retried: number;
  lost: number;
  rows: number;
}

/**
 * The export runner: claims due jobs one at a time (a conditional write: of two runners, one wins), streams
 * each workbook, then ends the job and queues its e-mail in one transaction keyed by the export id — so a
 * job drained twice, or by two runners at once, gives one file and one e-mail. A run that crashes leaves
 * the job `running` until its lease ends; the next drain takes it again, and after MAX_EXPORT_ATTEMPTS
 * claims it ends `failed`, so no job stays `running`.
 */
export const runExports =
  (deps: RunExportsDeps) =>
  async (budget: { remainingMs?: () => number; reserveMs?: number; limit?: number } = {}): Promise<ExportRunReport> => {
    const report: ExportRunReport = { completed: 0, failed: 0, retried: 0, lost: 0, rows: 0 };
    const due = await deps.jobs.due(deps.clock.now().toISOString(), budget.limit ?? 10);
    for (const job of due) {
      if (budget.remainingMs && budget.remainingMs() < (budget.reserveMs ?? 0)) break;
      const { outcome, rows } = await runExport(deps)(job);
      report.rows += rows;
      if (outcome === 'completed') report.completed += 1;
      else if (outcome === 'failed') report.failed += 1;
      else if (outcome === 'retry') report.retried += 1;
      else report.lost += 1;
    }
    return report;
  };

/** Runs one due job to its end (or puts it back for a retry). */
export const runExport =
  (deps: RunExportsDeps) =>
  async (job: ExportJob): Promise<{ outcome: ExportOutcome; rows: number }> => {
    const now = deps.clock.now();
    if (job.attempts >= MAX_EXPORT_ATTEMPTS) return { outcome: await fail(deps, job, 'attempts_exhausted', job.lastError), rows: 0 };
    const claimed: ExportJob = {
      ...job,
      status: 'running',
      attempts: job.attempts + 1,
      leaseUntil: new Date(now.getTime() + deps.leaseMs).toISOString(),
      startedAt: now.toISOString(),
      rowsWritten: 0,
      version: job.version + 1,
    };
    if (!(await deps.jobs.transition(claimed, job))) return { outcome: 'lost', rows: 0 };
    const requester = await deps.users.get(job.tenantId, job.requestedBy);
    const tenant = await deps.tenants.get(job.tenantId);
    // A deactivated user gets no copy of the client book, even one asked for while active.
    if (requester?.status !== 'active' || !tenant) return { outcome: await fail(deps, claimed, 'requester_inactive', undefined, false), rows: 0 };
    let rows: number;
    try {
      rows = await writeWorkbook(deps, claimed, tenant);
    } catch (error) {
      if (error instanceof ExportClaimLost) return { outcome: 'lost', rows: 0 };
      const detail = error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 500) : String(error).slice(0, 500);
      if (claimed.attempts >= MAX_EXPORT_ATTEMPTS) return { outcome: await fail(deps, claimed, 'export_error', detail), rows: 0 };
      const again: ExportJob = { ...claimed, status: 'pending', leaseUntil: undefined, lastError: detail, version: claimed.version + 1 };
      return { outcome: (await deps.jobs.transition(again, claimed)) ? 'retry' : 'lost', rows: 0 };
    }
    const finishedAt = deps.clock.now();
    const done: ExportJob = {
      ...claimed,
      status: 'completed',
      rowsWritten: rows,
      completedAt: finishedAt.toISOString(),
      leaseUntil: undefined,
      version: claimed.version + 1,
    };
    const link = await deps.files.downloadUrl(done.objectKey, EMAIL_LINK_SECONDS, exportFileName(done));
    const email = exportEmail({ job: done, to: requester.email, from: tenant.senderEmail ?? deps.defaultSender, now: finishedAt, link });
    return { outcome: (await deps.jobs.finish(done, claimed, email)) ? 'completed' : 'lost', rows };
  };

/** Ends the job `failed` with its reason; the requester is told by e-mail unless `notify` is false. */
async function fail(deps: RunExportsDeps, previous: ExportJob, code: ExportFailureCode, detail?: string, notify = true): Promise<ExportOutcome> {
  const now = deps.clock.now();
  const failed: ExportJob = {
    ...previous,
    status: 'failed',
    leaseUntil: undefined,
    failure: { code, ...(detail ? { detail } : {}) },
    completedAt: now.toISOString(),
    version: previous.version + 1,
  };
  const [requester, tenant] = notify ? await Promise.all([deps.users.get(previous.tenantId, previous.requestedBy), deps.tenants.get(previous.tenantId)]) : [];
  if (requester?.status === 'active' && tenant) {
    const email = exportEmail({ job: failed, to: requester.email, from: tenant.senderEmail ?? deps.defaultSender, now });
    return (await deps.jobs.finish(failed, previous, email)) ? 'failed' : 'lost';
  }
  return (await deps.jobs.transition(failed, previous)) ? 'failed' : 'lost';
}

/** A name lookup read once per id for the whole export (a tenant has few categories, zones and users). */
function memo(read: (id: string) => Promise<string | undefined>) {
  const cache = new Map<string, Promise<string | undefined>>();
  return (id: string | undefined) => {
    if (!id) return Promise.resolve(undefined);
    let found = cache.get(id);
    if (!found) {
      found = read(id);
      cache.set(id, found);
    }
    return found;
  };
}

/** Streams the job's rows into its file; returns how many were written. */
async function writeWorkbook(deps: RunExportsDeps, job: ExportJob, tenant: Tenant): Promise<number> {
  if (job.type === 'notes') {
    const progress = (rows: number) => deps.jobs.progress(job, rows);
    return writeNotesWorkbook({ ...deps, progress, progressEvery: PROGRESS_EVERY }, job, tenant);
  }
  const { tenantId, language } = job;
  const currency = tenant.currency;
  const today = tenantToday(deps.clock, tenant.timeZone);
  const bounds = tenant.ageingBounds ?? DEFAULT_AGEING_BOUNDS;
  const categoryName = memo(async (id) => (await deps.catalogs.get(tenantId, 'category', id))?.name);
  const zoneName = memo(async (id) => (await deps.catalogs.get(tenantId, 'zone', id))?.name);
  const userName = memo(async (id) => (await deps.users.get(tenantId, id))?.name);
  const headers = job.type === 'clients' ? clientColumns(language) : delinquencyColumns(language, bounds);
  const sink = await deps.files.open(job.objectKey, sheetNames[job.type][language], headers);
  return writePages({
    sink,
    read: (cursor) => deps.clients.list(tenantId, { ...job.filter, scope: job.scope }, { limit: EXPORT_PAGE, cursor }),
    async *rowsOf(clients) {
      if (clients.length === 0) return;
      const open = await deps.balances.openByDue(
        tenantId,
        clients.map((c) => c.id),
        currency,
      );
      for (const client of clients) {
        const [category, zone, seller, collector, agent] = await Promise.all([
          categoryName(client.categoryId),
          job.type === 'clients' ? zoneName(client.zoneId) : undefined,
          job.type === 'clients' ? userName(client.sellerId) : undefined,
          job.type === 'clients' ? userName(client.collectorId) : undefined,
          job.type === 'clients' ? userName(client.agentId) : undefined,
        ]);
        const names = new Map([client.sellerId, client.collectorId, client.agentId].map((id, i) => [id, [seller, collector, agent][i]]));
        const context = {
          categoryName: category,
          zoneName: zone,
          userName: (id: string | undefined) => names.get(id),
          currency,
          open: open.get(client.id) ?? {},
        };
        const row: CellValue[] | undefined =
          job.type === 'clients' ? clientRow(client, context, language) : delinquencyRow(client, { ...context, today, bounds }, language);
        if (row) yield row;
      }
    },
    progress: (rows) => deps.jobs.progress(job, rows),
    progressEvery: PROGRESS_EVERY,
  });
}
