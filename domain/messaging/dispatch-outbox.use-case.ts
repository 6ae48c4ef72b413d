import type { Clock } from '../shared/ports.ts';
import type { OutboundEmail } from './outbound-email.schema.ts';
import type { Mailer, OutboxRepository } from './ports.ts';

/** Retry policy: provider errors are retried after 3 hours (as the seeds describe), 5 tries in all. */
export const RETRY_AFTER_MS = 3 * 60 * 60 * 1000;
export const MAX_ATTEMPTS = 5;
/** How long a claim holds before another dispatcher may retake it. */
export const LEASE_MS = 5 * 60 * 1000;

export interface DispatchReport {
  sent: number;
  retried: number;
  failed: number;
  /** Lost the claim race to another dispatcher: nothing sent by us. */
  skipped: number;
}

/**
 * Sends every due e-mail once. Level-triggered: each run takes whatever is due, so a missed run is
 * caught up by the next. Each e-mail is claimed by a conditional write before it is sent.
 */
export const dispatchOutbox =
  (deps: { outbox: OutboxRepository; mailer: Mailer; clock: Clock }) =>
  async (options: { batchSize?: number } = {}): Promise<DispatchReport> => {
    const report: DispatchReport = { sent: 0, retried: 0, failed: 0, skipped: 0 };
    const now = deps.clock.now();
    const due = await deps.outbox.due(now.toISOString(), options.batchSize ?? 100);
    for (const email of due) {
      const claimed: OutboundEmail = {
        ...email,
        status: 'sending',
        attempts: email.attempts + 1,
        leaseUntil: new Date(now.getTime() + LEASE_MS).toISOString(),
        version: email.version + 1,
      };
      if (!(await deps.outbox.transition(claimed, email))) {
        report.skipped++;
        continue;
      }
      try {
        const providerMessageId = await deps.mailer.send(email);
        const { leaseUntil: _lease, lastError: _error, ...rest } = claimed;
        await deps.outbox.transition(
          { ...rest, status: 'sent', providerMessageId, sentAt: deps.clock.now().toISOString(), version: claimed.version + 1 },
          claimed,
        );
        report.sent++;
      } catch (error) {
        const lastError = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        const exhausted = claimed.attempts >= MAX_ATTEMPTS;
        const { leaseUntil: _lease, ...rest } = claimed;
        await deps.outbox.transition(
          {
            ...rest,
            status: exhausted ? 'failed' : 'pending',
            lastError,
            dueAt: exhausted ? claimed.dueAt : new Date(now.getTime() + RETRY_AFTER_MS).toISOString(),
            version: claimed.version + 1,
          },
          claimed,
        );
        if (exhausted) report.failed++;
        else report.retried++;
      }
    }
    return report;
  };
