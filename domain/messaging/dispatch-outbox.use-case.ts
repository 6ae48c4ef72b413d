import type { Clock } from '../shared/ports.ts';
import type { OutboundEmail } from './outbound-email.schema.ts';
import { DeliveryUnknownError, type Mailer, type OutboxRepository } from './ports.ts';

/** Retry policy: provider errors are retried after 3 hours (as the seeds describe), 5 tries in all. */
export const RETRY_AFTER_MS = 3 * 60 * 60 * 1000;
export const MAX_ATTEMPTS = 5;
/**
 * How long a claim holds. A claim still `sending` after it means its dispatcher stopped mid-send, so
 * the e-mail's outcome is unknown. It must outlast every send and its recording (checked by a test
 * against the send timeout and the dispatcher's function timeout).
 */
export const LEASE_MS = 5 * 60 * 1000;
/** Tries of one outcome write (each a full SDK call with its own retries) before it is kept for the next run. */
export const RECORD_TRIES = 3;

/** An e-mail a person should look at. Ids only: addresses stay out of logs. */
export interface Attention {
  tenantId: string;
  id: string;
  /** `unknown`: out of the queue until someone decides; `unrecorded`: sent, the `sent` write is pending. */
  status: 'unknown' | 'unrecorded';
  reason: string;
  providerMessageId?: string;
}

export interface DispatchReport {
  /** Accepted by the provider in this run. */
  sent: number;
  retried: number;
  failed: number;
  /** Lost the claim race to another dispatcher: nothing sent by us. */
  skipped: number;
  /** Outcome unknown: left the queue for a person to decide, never sent again on its own. */
  unknown: number;
  /** Sent, but recording it failed: kept by this dispatcher and written first on its next run (never resent). */
  unrecorded: number;
  /** Left due for the next run: too little time left in this one to send and record safely. */
  deferred: number;
  attention: Attention[];
}

export interface DispatchOptions {
  batchSize?: number;
  /** Time this run has left (the function's remaining time). */
  remainingMs?: () => number;
  /** Time one e-mail may take (send timeout + recording): no claim is made with less left. */
  reserveMs?: number;
}

const describe = (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));
const keyOf = (e: OutboundEmail) => `${e.tenantId}/${e.id}`;

const toUnknown = (e: OutboundEmail, reason: string, at: Date): OutboundEmail => {
  const { leaseUntil: _lease, ...rest } = e;
  return { ...rest, status: 'unknown', lastError: reason, unknownAt: at.toISOString(), version: e.version + 1 };
};

/**
 * Sends every due e-mail at most once. Level-triggered: each run takes whatever is due, so a missed run
 * is caught up by the next. Each e-mail is claimed by a conditional write before it is sent; what the
 * provider answered is then recorded, retried as a write (never as a send) when the table fails. An
 * e-mail the provider may have accepted without saying so becomes `unknown` instead of being sent again.
 */
export const dispatchOutbox = (deps: { outbox: OutboxRepository; mailer: Mailer; clock: Clock }) => {
  /** Outcomes the provider gave that the table did not take yet, by e-mail (lives as long as the function instance). */
  const unrecorded = new Map<string, { next: OutboundEmail; previous: OutboundEmail }>();

  /**
   * Writes what the provider told us. That outranks an `unknown` set meanwhile for the same try (the lease
   * ran out before the write got through); any other change means someone else moved it on.
   */
  const record = async (next: OutboundEmail, previous: OutboundEmail): Promise<boolean> => {
    for (let attempt = 0; attempt < RECORD_TRIES; attempt++) {
      try {
        if (await deps.outbox.transition(next, previous)) {
          unrecorded.delete(keyOf(next));
          return true;
        }
        const current = await deps.outbox.get(next.tenantId, next.id);
        if (current?.status !== 'unknown' || current.attempts !== next.attempts) {
          unrecorded.delete(keyOf(next));
          return true;
        }
        previous = current;
        next = { ...next, version: current.version + 1 };
      } catch {
        // The table failed (or the answer was lost): the next try finds out which.
      }
    }
    unrecorded.set(keyOf(next), { next, previous });
    return false;
  };

  return async (options: DispatchOptions = {}): Promise<DispatchReport> => {
    const report: DispatchReport = { sent: 0, retried: 0, failed: 0, skipped: 0, unknown: 0, unrecorded: 0, deferred: 0, attention: [] };
    const unrecordedAttention = (e: OutboundEmail) =>
      report.attention.push({
        tenantId: e.tenantId,
        id: e.id,
        status: 'unrecorded',
        reason: 'sent; recording it failed',
        ...(e.providerMessageId ? { providerMessageId: e.providerMessageId } : {}),
      });

    // What the last run could not write comes first, so its lease cannot run out on a known outcome.
    for (const { next, previous } of [...unrecorded.values()]) {
      if (!(await record(next, previous))) {
        report.unrecorded++;
        if (next.status === 'sent') unrecordedAttention(next);
      }
    }

    const now = deps.clock.now();
    const due = await deps.outbox.due(now.toISOString(), options.batchSize ?? 100);
    for (const email of due) {
      if (email.status === 'sending') {
        // Its lease ran out: the dispatcher that claimed it stopped (timeout, crash) before recording what SES said.
        const reason = `the dispatcher that claimed it stopped before recording the outcome (lease until ${email.leaseUntil})`;
        if (await deps.outbox.transition(toUnknown(email, reason, now), email)) {
          report.unknown++;
          report.attention.push({ tenantId: email.tenantId, id: email.id, status: 'unknown', reason });
        } else {
          report.skipped++;
        }
        continue;
      }
      if (options.remainingMs && options.remainingMs() < (options.reserveMs ?? 0)) {
        report.deferred++;
        continue;
      }
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

      let providerMessageId: string;
      try {
        providerMessageId = await deps.mailer.send(email);
      } catch (error) {
        const lastError = describe(error);
        if (error instanceof DeliveryUnknownError) {
          await record(toUnknown(claimed, lastError, deps.clock.now()), claimed);
          report.unknown++;
          report.attention.push({ tenantId: email.tenantId, id: email.id, status: 'unknown', reason: lastError });
          continue;
        }
        // Not sent: the provider refused it, or the request never left.
        const exhausted = claimed.attempts >= MAX_ATTEMPTS;
        const { leaseUntil: _lease, ...rest } = claimed;
        await record(
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
        continue;
      }

      report.sent++;
      const { leaseUntil: _lease, lastError: _error, ...rest } = claimed;
      const sent: OutboundEmail = { ...rest, status: 'sent', providerMessageId, sentAt: deps.clock.now().toISOString(), version: claimed.version + 1 };
      if (!(await record(sent, claimed))) {
        report.unrecorded++;
        unrecordedAttention(sent);
      }
    }
    return report;
  };
};
