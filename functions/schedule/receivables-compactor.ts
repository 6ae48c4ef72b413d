import { Logger } from '@aws-lambda-powertools/logger';
import type { Context, ScheduledEvent } from 'aws-lambda';
import type { Currency } from '../../domain/receivables/money.ts';
import type { Clock } from '../../domain/shared/ports.ts';
import { compactDue, type CompactionRegistry, type CompactionReport } from '../adapters/dynamodb/receivables-compaction.ts';

/** A (tenant, currency) is compacted again once its last run is this old: daily, wherever an hourly run falls. */
export const COMPACT_EVERY_MS = 20 * 60 * 60 * 1000;
/** Pairs one run compacts at most: the hourly schedule then covers 24 × this a day, backlog included. */
export const PAIRS_PER_RUN = 50;
/** Time kept for the pair in hand when a run stops starting new ones (one compaction reads a tenant's aggregates once). */
export const COMPACTION_RESERVE_MS = 60_000;

/**
 * The scheduled compaction of the receivables aggregates (receivables-compactor.handler.ts wires it): the
 * tenants and currencies whose aggregates have not been compacted for COMPACT_EVERY_MS, oldest first,
 * bounded per run. Reads never depend on it for correctness, only for their cost.
 */
export function createReceivablesCompactor(
  deps: { registry: CompactionRegistry; compact: (tenantId: string, currency: Currency) => Promise<{ deleted: number; trimmed: number }>; clock: Clock },
  logger = new Logger({ serviceName: 'cobranza' }),
) {
  return async (event: ScheduledEvent, context?: Context): Promise<CompactionReport> => {
    const now = () => deps.clock.now();
    const report = await compactDue(deps.registry, deps.compact, {
      now,
      staleBefore: new Date(now().getTime() - COMPACT_EVERY_MS).toISOString(),
      maxPairs: PAIRS_PER_RUN,
      keepGoing: () => !context || context.getRemainingTimeInMillis() > COMPACTION_RESERVE_MS,
    });
    logger.info('receivables aggregates compacted', { scheduledAt: event.time, ...report });
    return report;
  };
}
