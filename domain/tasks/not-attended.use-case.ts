import type { Clock } from '../shared/ports.ts';
import type { TaskRepository } from './ports.ts';

/** Who the history names for the job's change. */
export const NOT_ATTENDED_JOB = 'system:tasks-not-attended';

export interface NotAttendedReport {
  marked: number;
  /** Due entries whose task had moved on (completed, started, edited to a later time, or marked by another run). */
  skipped: number;
  /** False when the run stopped with due tasks left (the next run goes on). */
  complete: boolean;
}

/**
 * The scheduled "not attended" job (seed 004's third status): open tasks whose time has passed become
 * not attended. Level-triggered: it reads what is due now from the due index (only open tasks are in it),
 * so a missed run is caught up by the next. Exactly once: each change is conditional on the version read,
 * so two runs at once mark a task once, and a task completed or moved to a later time in between is left
 * as it is.
 */
export const markOverdueTasks =
  (deps: { tasks: TaskRepository; clock: Clock }) =>
  async (options: { batch?: number; keepGoing?: () => boolean } = {}): Promise<NotAttendedReport> => {
    const batch = options.batch ?? 100;
    const report: NotAttendedReport = { marked: 0, skipped: 0, complete: true };
    const seen = new Set<string>();
    for (;;) {
      if (options.keepGoing && !options.keepGoing()) return { ...report, complete: false };
      const now = deps.clock.now();
      const due = (await deps.tasks.due(now.toISOString(), batch)).filter((d) => !seen.has(`${d.tenantId}/${d.id}`));
      if (due.length === 0) return report;
      for (const entry of due) {
        seen.add(`${entry.tenantId}/${entry.id}`);
        // The index is eventually consistent: the task itself says whether it is still open and due.
        const task = await deps.tasks.get(entry.tenantId, entry.id);
        if (task?.status !== 'open' || task.dueAt > now.toISOString()) {
          report.skipped++;
          continue;
        }
        const next = { ...task, status: 'not_attended' as const, version: task.version + 1, updatedAt: now.toISOString(), updatedBy: NOT_ATTENDED_JOB };
        if (await deps.tasks.update(next, task)) report.marked++;
        else report.skipped++;
      }
    }
  };
