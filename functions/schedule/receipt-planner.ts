import { Logger } from '@aws-lambda-powertools/logger';
import type { Context, ScheduledEvent } from 'aws-lambda';
import { planPendingReceipts, type ReceiptPlannerDeps, type ReceiptRunReport } from '../../domain/collections/receipts.use-case.ts';

/** Time kept when a run stops starting new pages: a page of requests takes well under a second each. */
export const RECEIPT_RESERVE_MS = 15_000;

/**
 * The scheduled receipt planner (receipt-planner.handler.ts wires it): turns the receipt requests payments
 * left into receipts, until the queue is empty or time runs short. Level-triggered: what a run leaves, the
 * next one takes. Logs ids only (tenant and payment), never addresses.
 */
export function createReceiptPlanner(deps: ReceiptPlannerDeps, logger = new Logger({ serviceName: 'cobranza' })) {
  return async (event: ScheduledEvent, context?: Context): Promise<ReceiptRunReport> => {
    const report = await planPendingReceipts(deps)(
      () => !context || context.getRemainingTimeInMillis() > RECEIPT_RESERVE_MS,
      (error, request) =>
        logger.warn('receipt not planned; left for the next run', {
          tenantId: request.tenantId,
          paymentId: request.paymentId,
          error: error instanceof Error ? error.name : String(error),
        }),
    );
    logger.info('payment receipts planned', { scheduledAt: event.time, ...report });
    return report;
  };
}
