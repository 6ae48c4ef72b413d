import type { Actor } from '../shared/actor.ts';
import type { Clock } from '../shared/ports.ts';
import { importFailures } from './import-failures.ts';
import { importFinishedEmail } from './import-finished-email.ts';
import { FINISHED_STATUSES, importResultKey, type ImportFailure, type ImportJob, type ImportJobStatus } from './import-job.schema.ts';
import type { ImportLimits } from './import-limits.ts';
import { cellText } from './cell-text.ts';
import {
  UnreadableWorkbook,
  type ErrorWorkbookWriter,
  type FailedRow,
  type FailedRowStore,
  type ImportJobRepository,
  type ImportProcessors,
  type OutboxOnce,
  type WorkbookRows,
} from './ports.ts';
import type { HeaderMapping, ImportContext, ImportProcessor, RowError, SourceRow, WorkbookPackageCheck } from './rows.ts';

export interface ImportRunDeps {
  jobs: ImportJobRepository;
  rows: WorkbookRows;
  packageCheck: WorkbookPackageCheck;
  processors: ImportProcessors;
  failures: FailedRowStore;
  errorWorkbook: ErrorWorkbookWriter;
  outbox: OutboxOnce;
  /** The requester's address and the tenant's sender, for the closing e-mail; no address → no e-mail. */
  mailRoute(job: ImportJob): Promise<{ to: string; from: string } | undefined>;
  /**
   * The requester as they are now (level, scope, permissions from their user record), or nothing when they
   * were deactivated, lost `imports.run` or their company was suspended since they asked: a job runs with
   * today's rights, never with those of the day it was created.
   */
  requester(job: ImportJob): Promise<Actor | undefined>;
  /** Where the e-mail points the requester: the job in the API. */
  jobLink(job: ImportJob): string;
  clock: Clock;
  limits: ImportLimits;
}

export type RunOutcome = 'unknown_job' | 'busy' | 'finished_before' | 'continued' | 'lost_lease' | ImportJobStatus;

export interface RunRequest {
  tenantId: string;
  jobId: string;
  /** Who takes the lease (the invocation's request id). */
  owner: string;
  /** The stored object's size, from the S3 event (absent on a resume). */
  sizeBytes?: number | undefined;
  /** The invocation's time left (Lambda's `getRemainingTimeInMillis`). */
  timeLeftMs(): number;
}

/** The job moved on under us (the lease expired and someone else took it): this run stops, changing nothing more. */
class LostLease extends Error {}
/** The run ends the job with a reason (the file is refused, or a limit is met). */
class Refusal extends Error {
  readonly failure: ImportFailure;
  constructor(failure: ImportFailure) {
    super(failure.code);
    this.failure = failure;
  }
}

const GENERIC_ROW_ERROR = { es: 'La fila no se pudo importar.', en: 'The row could not be imported.' };

/**
 * Runs (or resumes) an import job: takes its lease with a conditional write, so of two deliveries at once
 * one runs and the other sees the lease; streams the first worksheet; maps the header row through the
 * type's processor; hands it batches of rows, committing progress, checkpoint and the failed rows after
 * each; hands on to a continuation (the sweeper) when the invocation's time runs short; and ends the job
 * with its error workbook and the requester's e-mail. A resume skips the rows up to the checkpoint.
 */
export const runImport =
  (deps: ImportRunDeps) =>
  async (request: RunRequest): Promise<RunOutcome> => {
    const { limits } = deps;
    const stored = await deps.jobs.get(request.tenantId, request.jobId);
    if (!stored) return 'unknown_job';
    if (FINISHED_STATUSES.includes(stored.status)) return 'finished_before';
    const startedAt = deps.clock.now();
    if (stored.status === 'running' && stored.lease && stored.lease.expiresAt > startedAt.toISOString()) return 'busy';
    // A lease left behind (not handed on) means the run before this one stopped without a word: a crash or a timeout.
    const attempts = stored.attempts + (stored.status === 'running' && stored.lease ? 1 : 0);

    let current = stored;
    const commit = async (patch: Partial<ImportJob>) => {
      const now = deps.clock.now();
      const next: ImportJob = { ...current, ...patch, updatedAt: now.toISOString(), version: current.version + 1 };
      next.sweepAt = next.status === 'running' ? (next.lease?.expiresAt ?? now.toISOString()) : undefined;
      if (!(await deps.jobs.transition(next, current))) throw new LostLease();
      current = next;
    };
    const lease = () => ({ owner: request.owner, expiresAt: new Date(deps.clock.now().getTime() + limits.leaseMs).toISOString() });

    try {
      await commit({
        status: 'running',
        lease: lease(),
        attempts,
        startedAt: stored.startedAt ?? startedAt.toISOString(),
        ...(request.sizeBytes !== undefined ? { sizeBytes: request.sizeBytes } : {}),
      });
    } catch (error) {
      if (error instanceof LostLease) return 'busy';
      throw error;
    }

    try {
      if (attempts >= limits.maxAttempts) throw new Refusal(importFailures.stalled(attempts));
      const processor = deps.processors(current.type);
      if (!processor) throw new Refusal(importFailures.typeNotSupported(current.type));
      if (current.checkpoint === 0) {
        const checked = await deps.packageCheck.check(current.objectKey, current.sizeBytes ?? current.declaredSizeBytes ?? 0);
        if (!checked.ok) throw new Refusal({ code: checked.code, message: checked.message });
      }
      const actor = await deps.requester(current);
      if (!actor) throw new Refusal(importFailures.requesterInactive());
      const handedOn = await streamRows(deps, request, processor, actor, () => current, commit, lease);
      if (handedOn) return 'continued';
      return await finish(deps, () => current, commit, current.progress.failed > 0 ? 'completed_with_errors' : 'completed');
    } catch (error) {
      if (error instanceof LostLease) return 'lost_lease';
      if (error instanceof Refusal) return await finish(deps, () => current, commit, 'failed', error.failure).catch(lostLeaseOr);
      if (error instanceof UnreadableWorkbook)
        return await finish(deps, () => current, commit, 'failed', importFailures.notXlsx(error.message)).catch(lostLeaseOr);
      throw error;
    }
  };

const lostLeaseOr = (error: unknown): RunOutcome => {
  if (error instanceof LostLease) return 'lost_lease';
  throw error;
};

/** Streams the sheet into batches; true when it handed on to a continuation before the end. */
async function streamRows(
  deps: ImportRunDeps,
  request: RunRequest,
  processor: ImportProcessor,
  actor: Actor,
  current: () => ImportJob,
  commit: (patch: Partial<ImportJob>) => Promise<void>,
  lease: () => ImportJob['lease'],
): Promise<boolean> {
  const { limits } = deps;
  const job = current();
  const context: ImportContext = {
    actor,
    jobId: job.id,
    mode: job.mode,
    dryRun: job.dryRun,
    createMissingReferences: job.createMissingReferences,
  };
  let header: { mapping: HeaderMapping; headers: string[] } | undefined;
  let dataRows = 0;
  let batch: SourceRow[] = [];

  const flush = async () => {
    if (batch.length === 0) return;
    const rows = batch;
    batch = [];
    const outcomes = new Map((await processor.processBatch(context, header!.mapping, rows)).map((o) => [o.row, o]));
    const progress = { ...current().progress };
    const failed: FailedRow[] = [];
    for (const row of rows) {
      const outcome = outcomes.get(row.row);
      progress.rowsRead += 1;
      if (outcome && outcome.result !== 'failed') {
        progress[outcome.result] += 1;
        continue;
      }
      progress.failed += 1;
      const errors: RowError[] = outcome?.errors?.length ? [...outcome.errors] : [{ row: row.row, code: 'not_imported', message: GENERIC_ROW_ERROR }];
      failed.push({ row: row.row, cells: row.cells.map(cellText), errors });
    }
    // The failed rows are stored before the checkpoint passes them, so a resume never loses one.
    if (failed.length) await deps.failures.put(job.tenantId, job.id, failed);
    const sample = current().errorSample.slice();
    for (const f of failed) for (const e of f.errors) if (sample.length < limits.errorSample) sample.push(e);
    await commit({ progress, checkpoint: rows[rows.length - 1]!.row, errorSample: sample, lease: lease(), headers: header!.headers });
  };

  for await (const event of deps.rows.read(job.objectKey, { maxColumns: limits.maxColumns })) {
    if (event.kind === 'dimension') {
      // Refused before any write when the sheet declares its size; otherwise the limits stop the stream below.
      if (job.checkpoint === 0 && event.rows - 1 > limits.maxRows) throw new Refusal(importFailures.tooManyRows(limits.maxRows, false));
      if (job.checkpoint === 0 && event.columns > limits.maxColumns) throw new Refusal(importFailures.tooManyColumns(limits.maxColumns));
      continue;
    }
    const { row } = event;
    if (row.cells.length > limits.maxColumns) {
      await flush();
      throw new Refusal(importFailures.tooManyColumns(limits.maxColumns));
    }
    if (!header) {
      const mapped = processor.mapHeaders(row.cells);
      if ('errors' in mapped) throw new Refusal(importFailures.missingHeaders(mapped.errors));
      header = { mapping: mapped.mapping, headers: row.cells.map((c) => cellText(c).slice(0, 200)) };
      continue;
    }
    dataRows += 1;
    if (dataRows > limits.maxRows) {
      await flush();
      throw new Refusal(importFailures.tooManyRows(limits.maxRows, current().progress.rowsRead > 0));
    }
    if (row.row <= job.checkpoint) continue;
    batch.push(row);
    if (batch.length >= limits.batchSize) {
      await flush();
      if (request.timeLeftMs() < limits.reserveMs) {
        // Hand on: the lease goes, and the job is due to the sweeper at once; it resumes after the checkpoint.
        await commit({ lease: undefined, continuations: current().continuations + 1 });
        return true;
      }
    }
  }
  if (!header) throw new Refusal(importFailures.emptySheet());
  await flush();
  return false;
}

/** Ends the job: the error workbook when rows failed, the requester's e-mail (once, by the job's id), then the final state. */
async function finish(
  deps: ImportRunDeps,
  current: () => ImportJob,
  commit: (patch: Partial<ImportJob>) => Promise<void>,
  status: ImportJobStatus,
  failure?: ImportFailure,
): Promise<RunOutcome> {
  const job = current();
  let resultKey: string | undefined;
  if (job.progress.failed > 0) {
    resultKey = importResultKey(job.tenantId, job.id);
    await deps.errorWorkbook.write(resultKey, { headers: job.headers ?? [], language: job.language, rows: failedRows(deps.failures, job) });
  }
  const now = deps.clock.now();
  const ended: ImportJob = { ...job, status, failure, resultKey, lease: undefined, finishedAt: now.toISOString() };
  // Queued before the final write: a run that stops in between is resumed, ends the same way, and finds it queued.
  const route = await deps.mailRoute(ended);
  if (route) await deps.outbox.enqueueOnce(importFinishedEmail({ job: ended, ...route, link: deps.jobLink(ended), now }));
  await commit({ status, failure, resultKey, lease: undefined, finishedAt: ended.finishedAt });
  return status;
}

async function* failedRows(store: FailedRowStore, job: ImportJob): AsyncIterable<FailedRow> {
  let after = 0;
  for (;;) {
    const page = await store.page(job.tenantId, job.id, after, 500);
    yield* page;
    if (page.length < 500) return;
    after = page[page.length - 1]!.row;
  }
}
