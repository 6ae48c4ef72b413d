import type { Clock } from '../shared/ports.ts';
import type { RekeyJob, TaskRepository } from './ports.ts';

/** Tasks read (and at most re-keyed) per page of a re-key. */
export const REKEY_PAGE = 100;

export interface RekeyReport {
  jobs: number;
  /** Jobs finished (a clean pass over the user's tasks) in this run. */
  done: number;
  read: number;
  rekeyed: number;
  counters: number;
  /** False when the run stopped with work left (the next run goes on from the saved position). */
  complete: boolean;
}

type Deps = { tasks: Pick<TaskRepository, 'queueRekey' | 'pendingRekeys' | 'rekeyPage' | 'settleRekey'>; clock: Clock };

/**
 * Works one job: pages through the user's tasks from the saved position, re-keying those under other units
 * than the user's current ones. A job is done after a pass **from the start** that found nothing to re-key
 * (so a task written just before the move, which the eventually consistent index may not have shown to the
 * first pass, is caught by the second). Progress is saved after every page (resumable); two runs at once
 * write the same keys and cannot count twice (a re-key moves no counts).
 */
async function work(deps: Deps, job: RekeyJob, report: RekeyReport, keepGoing: () => boolean, pageSize: number): Promise<boolean> {
  let after = job.after;
  // Whether this run's current pass began at the start and has re-keyed nothing yet.
  let clean = after === undefined;
  for (;;) {
    if (!keepGoing()) return false;
    const page = await deps.tasks.rekeyPage(job.tenantId, job.userId, after, pageSize);
    report.read += page.read;
    report.rekeyed += page.rekeyed;
    report.counters += page.counters;
    if (page.moved) {
      // Moved again meanwhile: that move queued the job again; start over under the units now current.
      after = undefined;
      clean = true;
      await deps.tasks.settleRekey(job, { done: false });
      continue;
    }
    if (page.rekeyed > 0) clean = false;
    if (page.after !== undefined) {
      after = page.after;
      await deps.tasks.settleRekey(job, { after, done: false });
      continue;
    }
    if (clean) {
      await deps.tasks.settleRekey(job, { done: true });
      report.done++;
      return true;
    }
    after = undefined;
    clean = true;
    await deps.tasks.settleRekey(job, { done: false });
  }
}

/** The worker: drains pending re-keys, oldest first, while `keepGoing` says there is time. */
export const runTaskRekeys =
  (deps: Deps) =>
  async (options: { keepGoing?: () => boolean; pageSize?: number; jobs?: number } = {}): Promise<RekeyReport> => {
    const keepGoing = options.keepGoing ?? (() => true);
    const report: RekeyReport = { jobs: 0, done: 0, read: 0, rekeyed: 0, counters: 0, complete: true };
    const jobs = await deps.tasks.pendingRekeys(options.jobs ?? 20);
    for (const job of jobs) {
      report.jobs++;
      if (!(await work(deps, job, report, keepGoing, options.pageSize ?? REKEY_PAGE))) return { ...report, complete: false };
    }
    return report;
  };

/**
 * After a user's branch or department changed: queues the re-key of their tasks and works it at once while
 * `keepGoing` allows (a user's few hundred tasks finish within the request; the scheduled worker finishes
 * the rest). Also run for tasks written before unit streams existed (a one-off per user, same worker).
 */
export const rekeyUserTasks =
  (deps: Deps) =>
  async (tenantId: string, userId: string, options: { keepGoing?: () => boolean; pageSize?: number } = {}): Promise<RekeyReport> => {
    const queuedAt = deps.clock.now().toISOString();
    await deps.tasks.queueRekey(tenantId, userId, queuedAt);
    const report: RekeyReport = { jobs: 1, done: 0, read: 0, rekeyed: 0, counters: 0, complete: true };
    const finished = await work(deps, { tenantId, userId, queuedAt }, report, options.keepGoing ?? (() => true), options.pageSize ?? REKEY_PAGE);
    return { ...report, complete: finished };
  };
