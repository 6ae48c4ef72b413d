import { importFailures } from './import-failures.ts';
import { importFinishedEmail } from './import-finished-email.ts';
import type { ImportJob } from './import-job.schema.ts';
import { runImport, type ImportRunDeps, type RunOutcome } from './import-run.use-case.ts';

/**
 * The level-triggered safety net of imports, on a schedule: resumes running jobs whose lease expired (a
 * crashed or timed-out run: from the checkpoint, or `failed` after too many attempts) or was handed on (a
 * long file's continuation), and fails pending jobs whose file never came. No job stays `running` forever.
 */
export const sweepImports =
  (deps: ImportRunDeps) =>
  async (input: { owner: string; timeLeftMs(): number; limit?: number }): Promise<Record<string, number>> => {
    const now = deps.clock.now();
    const due = await deps.jobs.due(now.toISOString(), input.limit ?? 20);
    const outcomes: Record<string, number> = {};
    const count = (outcome: string) => (outcomes[outcome] = (outcomes[outcome] ?? 0) + 1);
    for (const job of due) {
      // Each resume needs at least its reserve; what is left waits for the next run.
      if (input.timeLeftMs() < deps.limits.reserveMs * 2) break;
      if (job.status === 'pending') count(await expirePending(deps, job));
      else count(await runImport(deps)({ tenantId: job.tenantId, jobId: job.id, owner: input.owner, timeLeftMs: input.timeLeftMs }));
    }
    return outcomes;
  };

async function expirePending(deps: ImportRunDeps, job: ImportJob): Promise<RunOutcome> {
  const now = deps.clock.now();
  const failed: ImportJob = {
    ...job,
    status: 'failed',
    failure: importFailures.notUploaded(),
    sweepAt: undefined,
    finishedAt: now.toISOString(),
    updatedAt: now.toISOString(),
    version: job.version + 1,
  };
  const route = await deps.mailRoute(failed);
  if (route) await deps.outbox.enqueueOnce(importFinishedEmail({ job: failed, ...route, link: deps.jobLink(failed), now }));
  return (await deps.jobs.transition(failed, job)) ? 'failed' : 'busy';
}
