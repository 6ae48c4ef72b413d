import type { SkipReason } from '../collections/collections.schema.ts';
import { type CollectionRecheck, recheckCollection } from '../collections/recheck.ts';
import type { Clock } from '../shared/ports.ts';
import { asStoredAfterSend, type OutboundEmail } from './outbound-email.schema.ts';
import { DeliveryUnknownError, type Mailer, type OutboxRepository, type SendPacer, SendThrottledError } from './ports.ts';

/** Retry policy: provider errors are retried after 3 hours (as the seeds describe), 5 tries in all. */
export const RETRY_AFTER_MS = 3 * 60 * 60 * 1000;
export const MAX_ATTEMPTS = 5;
/**
 * How long a claim holds. A claim still `sending` after it means its dispatcher stopped mid-send, so
 * the e-mail's outcome is unknown. It must outlast every send and its recording (checked by a test
 * against the send timeout and the dispatcher's function timeout).
 */
export const LEASE_MS = 5 * 60 * 1000;
/** Retries of a throttled send within the run (after the pacer's backoff) before it is left for a later run. */
export const THROTTLE_RETRIES = 3;
/** A send still throttled after those retries is due again this soon (not a provider error: no 3-hour wait, no try counted). */
export const THROTTLED_AGAIN_MS = 60 * 1000;
/** Queue partitions drained at once, and the page each reads. */
export const QUEUE_CONCURRENCY = 8;
export const QUEUE_PAGE = 25;
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
  /** Refused for the send rate even after backing off: due again in THROTTLED_AGAIN_MS, no try counted. */
  throttled: number;
  /** Collection messages not sent after the re-check (paid, on hold, collections off, suppressed…), by reason. */
  skippedByReason: Partial<Record<SkipReason, number>>;
  attention: Attention[];
}

export interface DispatchOptions {
  /** The most e-mails this run takes (default 100). */
  batchSize?: number;
  /** Time this run has left (the function's remaining time). */
  remainingMs?: () => number;
  /** Time one e-mail may take (send timeout + recording): no claim is made with less left. */
  reserveMs?: number;
  /** Queue partitions drained at once (default QUEUE_CONCURRENCY): more for a higher send rate. */
  concurrency?: number;
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
const unpaced: SendPacer = { acquire: async () => undefined, backoff: async () => undefined };

/**
 * Sends every due e-mail at most once. Level-triggered: each run takes whatever is due, so a missed run
 * is caught up by the next. Each e-mail is claimed by a conditional write before it is sent; what the
 * provider answered is then recorded, retried as a write (never as a send) when the table fails. An
 * e-mail the provider may have accepted without saying so becomes `unknown` instead of being sent again.
 *
 * The queue partitions are drained in parallel (QUEUE_CONCURRENCY at a time, each page by page) and every
 * send waits for the pacer, so the run keeps within the account's send rate whatever the concurrency. A
 * collection message is re-checked right before its claim (`recheck`): what changed since planning may
 * skip it or drop recipients.
 */
export const dispatchOutbox = (deps: { outbox: OutboxRepository; mailer: Mailer; clock: Clock; pacer?: SendPacer; recheck?: CollectionRecheck }) => {
  const pacer = deps.pacer ?? unpaced;
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

  /** Sends once, retrying a throttled send within the run after the pacer's backoff. */
  const sendPaced = async (email: OutboundEmail, to: string[]) => {
    for (let attempt = 0; ; attempt++) {
      await pacer.acquire();
      try {
        return await deps.mailer.send({
          from: email.from,
          to,
          subject: email.subject,
          text: email.text,
          html: email.html,
          replyTo: email.replyTo,
          ref: { tenantId: email.tenantId, id: email.id, type: email.collection?.type ?? email.kind },
        });
      } catch (error) {
        if (!(error instanceof SendThrottledError) || attempt >= THROTTLE_RETRIES) throw error;
        await pacer.backoff(attempt);
      }
    }
  };

  return async (options: DispatchOptions = {}): Promise<DispatchReport> => {
    const report: DispatchReport = {
      sent: 0,
      retried: 0,
      failed: 0,
      skipped: 0,
      unknown: 0,
      unrecorded: 0,
      deferred: 0,
      throttled: 0,
      skippedByReason: {},
      attention: [],
    };
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
    const limit = options.batchSize ?? 100;
    const timeIsShort = () => options.remainingMs !== undefined && options.remainingMs() < (options.reserveMs ?? 0);
    let taken = 0;

    const skip = async (email: OutboundEmail, reason: SkipReason) => {
      const collection = { ...email.collection!, skipReason: reason };
      const { leaseUntil: _lease, ...rest } = email;
      if (await deps.outbox.transition({ ...rest, status: 'skipped', collection, version: email.version + 1 }, email)) {
        report.skippedByReason[reason] = (report.skippedByReason[reason] ?? 0) + 1;
      } else report.skipped++;
    };

    const processOne = async (email: OutboundEmail) => {
      if (email.status === 'sending') {
        // Its lease ran out: the dispatcher that claimed it stopped (timeout, crash) before recording what SES said.
        const reason = `the dispatcher that claimed it stopped before recording the outcome (lease until ${email.leaseUntil})`;
        if (await deps.outbox.transition(toUnknown(email, reason, now), email)) {
          report.unknown++;
          report.attention.push({ tenantId: email.tenantId, id: email.id, status: 'unknown', reason });
        } else {
          report.skipped++;
        }
        return;
      }
      if (timeIsShort()) {
        report.deferred++;
        return;
      }
      let to = email.to;
      if (email.collection && deps.recheck) {
        const outcome = recheckCollection(email, email.collection, await deps.recheck.facts(email.tenantId, email.collection, email.to));
        if (!outcome.send) return skip(email, outcome.reason);
        to = outcome.to;
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
        return;
      }

      let providerMessageId: string;
      try {
        providerMessageId = await sendPaced(email, to);
      } catch (error) {
        const lastError = describe(error);
        if (error instanceof DeliveryUnknownError) {
          await record(toUnknown(claimed, lastError, deps.clock.now()), claimed);
          report.unknown++;
          report.attention.push({ tenantId: email.tenantId, id: email.id, status: 'unknown', reason: lastError });
          return;
        }
        const { leaseUntil: _lease, ...rest } = claimed;
        if (error instanceof SendThrottledError) {
          // The account's rate, not the message: due again soon, and this try is not counted.
          const again = new Date(deps.clock.now().getTime() + THROTTLED_AGAIN_MS).toISOString();
          await record({ ...rest, status: 'pending', attempts: email.attempts, lastError, dueAt: again, version: claimed.version + 1 }, claimed);
          report.throttled++;
          return;
        }
        // Not sent: the provider refused it, or the request never left.
        const exhausted = claimed.attempts >= MAX_ATTEMPTS;
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
        return;
      }

      report.sent++;
      const { leaseUntil: _lease, lastError: _error, ...rest } = claimed;
      // A secret-bearing e-mail (a portal password) keeps no copy of its body once the provider has it.
      const sent: OutboundEmail = asStoredAfterSend({
        ...rest,
        status: 'sent',
        providerMessageId,
        sentAt: deps.clock.now().toISOString(),
        version: claimed.version + 1,
      });
      if (!(await record(sent, claimed))) {
        report.unrecorded++;
        unrecordedAttention(sent);
      }
    };

    /** One queue partition, page by page, until it has nothing new due, the run's share is taken or time is short. */
    const drain = async (queue: string) => {
      const seen = new Set<string>();
      while (taken < limit) {
        const page = (await deps.outbox.dueIn(queue, now.toISOString(), Math.min(QUEUE_PAGE, limit - taken))).filter((e) => !seen.has(keyOf(e)));
        if (page.length === 0) return;
        if (timeIsShort() && page.every((e) => e.status !== 'sending')) {
          report.deferred += page.length;
          return;
        }
        for (const email of page) {
          seen.add(keyOf(email));
          if (taken >= limit) return;
          taken++;
          try {
            await processOne(email);
          } catch {
            // A read of the re-check or a claim failed: nothing was sent; the e-mail stays due for the next run.
            report.deferred++;
          }
        }
      }
    };

    const queues = [...deps.outbox.queues];
    // A partition whose read fails is left for the next run; the others go on. Only a run that could read none fails.
    const failures: unknown[] = [];
    const workers = Array.from({ length: Math.min(options.concurrency ?? QUEUE_CONCURRENCY, queues.length) }, async () => {
      for (let queue = queues.shift(); queue !== undefined; queue = queues.shift()) await drain(queue).catch((error: unknown) => failures.push(error));
    });
    await Promise.all(workers);
    if (failures.length > 0 && failures.length === deps.outbox.queues.length) throw failures[0];
    return report;
  };
};
