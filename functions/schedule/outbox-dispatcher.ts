import { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import type { Context, ScheduledEvent } from 'aws-lambda';
import { dispatchOutbox, type DispatchReport } from '../../domain/messaging/dispatch-outbox.use-case.ts';
import type { CollectionRecheck } from '../../domain/collections/recheck.ts';
import type { Mailer, OutboxRepository, SendPacer } from '../../domain/messaging/ports.ts';
import type { Clock } from '../../domain/shared/ports.ts';
import { createMetrics } from '../adapters/metrics.ts';
import { SES_SEND_TIMEOUT_MS } from '../adapters/ses/ses-mailer.ts';
import { tokenBucket } from '../adapters/ses/send-pacer.ts';

/** Time one e-mail may need: its send, then recording the outcome (a few DynamoDB writes, each with SDK retries). */
export const DISPATCH_RESERVE_MS = SES_SEND_TIMEOUT_MS + 10_000;
/**
 * Sends one partition's worker makes a second: a claim, the send and its record are three calls of
 * ≈ 15–20 ms each in AWS. The run drains ⌈rate / 20⌉ partitions at once (8 to 32), so its concurrency
 * follows the send rate up to ≈ 640/s with the 32 shards.
 */
const SENDS_PER_WORKER = 20;
/** Seconds of sending a run plans for when it is not told its remaining time (scripts, tests). */
const DEFAULT_WORK_SECONDS = 40;
/** No rate known (tests over a fake mailer): no pacing, but a throttled send still waits before its retry. */
const unlimited = (): SendPacer => ({ ...tokenBucket(1_000_000), acquire: async () => undefined });

/**
 * The outbox dispatcher over given adapters (outbox-dispatcher.handler.ts wires the function's own).
 * It stops claiming while there is still time to finish the e-mail in hand, so the function timeout
 * never cuts a send.
 */
export function createOutboxDispatcher(
  deps: {
    outbox: OutboxRepository;
    mailer: Mailer;
    clock: Clock;
    /** Sends per second the run keeps to (SES's MaxSendRate); absent: unpaced. */
    rate?: () => Promise<number>;
    recheck?: CollectionRecheck;
  },
  logger = new Logger({ serviceName: 'cobranza' }),
  metrics: Metrics = createMetrics('outbox-dispatcher'),
) {
  let pacer: SendPacer = unlimited();
  const dispatch = dispatchOutbox({ ...deps, pacer: { acquire: () => pacer.acquire(), backoff: (n) => pacer.backoff(n) } });
  return async (event: ScheduledEvent, context?: Context): Promise<DispatchReport> => {
    // A bucket per run: the rate is the account's per second, and this run's share of the minute is what it may send.
    const rate = deps.rate ? await deps.rate() : undefined;
    pacer = rate ? tokenBucket(rate) : unlimited();
    const workSeconds = context ? Math.max(0, (context.getRemainingTimeInMillis() - DISPATCH_RESERVE_MS) / 1000) : DEFAULT_WORK_SECONDS;
    const batchSize = rate ? Math.max(100, Math.floor(rate * workSeconds)) : 100;
    const concurrency = rate ? Math.min(32, Math.max(8, Math.ceil(rate / SENDS_PER_WORKER))) : undefined;
    const report = await dispatch({
      batchSize,
      ...(concurrency ? { concurrency } : {}),
      ...(context ? { remainingMs: () => context.getRemainingTimeInMillis(), reserveMs: DISPATCH_RESERVE_MS } : {}),
    });
    // One line per e-mail a person must look at; an operator lists the unknown ones by docs/data-model.md #44.
    for (const item of report.attention) {
      logger.warn(
        item.status === 'unknown'
          ? 'e-mail outcome unknown: out of the queue until a person decides'
          : 'e-mail sent but not recorded yet: it will be recorded, not sent again',
        { ...item },
      );
    }
    const { attention: _attention, skippedByReason, ...counts } = report;
    logger.info('outbox dispatched', { scheduledAt: event.time, ...counts, skippedByReason, rate });
    // EmailsFailed > 0: an e-mail gave up after every retry. EmailsUnknown > 0: a person must decide. Alarm on both.
    metrics.addMetric('EmailsSent', MetricUnit.Count, report.sent);
    metrics.addMetric('EmailsRetried', MetricUnit.Count, report.retried);
    metrics.addMetric('EmailsFailed', MetricUnit.Count, report.failed);
    metrics.addMetric('EmailsUnknown', MetricUnit.Count, report.unknown);
    metrics.addMetric('EmailsUnrecorded', MetricUnit.Count, report.unrecorded);
    metrics.addMetric('EmailsDeferred', MetricUnit.Count, report.deferred);
    metrics.addMetric('EmailsThrottled', MetricUnit.Count, report.throttled);
    metrics.publishStoredMetrics();
    return report;
  };
}
