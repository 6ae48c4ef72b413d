import { Logger } from '@aws-lambda-powertools/logger';
import { randomInt } from 'node:crypto';
import { deliverWebhooks } from '../../domain/escalation/deliver-webhooks.use-case.ts';
import { runSettlementChecks } from '../../domain/escalation/settle.use-case.ts';
import { webhookAgency } from '../adapters/agency/webhook-agency.ts';
import { readConfig } from '../config.ts';
import { escalationDependencies } from '../wiring/escalations.ts';
import { tableDependencies } from '../wiring/table.ts';

const table = tableDependencies(readConfig(process.env, 'escalation-dispatcher'));
const deps = escalationDependencies(table);
const logger = new Logger({ serviceName: 'cobranza' });
/** Jitter of the retries: uniform in [0, 1). */
const random = () => randomInt(0, 1_000_000) / 1_000_000;

/**
 * Runs the settlement checks payments queued, then delivers due webhooks to the collection agency (every minute): signed, with retries and backoff, dead
 * after the last try. Without an agency URL (AGENCY_WEBHOOK_URL) nothing is sent and deliveries wait.
 */
export const handler = async () => {
  // First the settlement checks payments queued: an escalation they close has its webhook queued for this same run.
  const settled = await runSettlementChecks(deps)();
  if (settled.changed > 0) logger.info('escalations settled by payments', { ...settled });
  const url = table.config.agencyWebhookUrl;
  if (!url) {
    // Refused, not failed: no try is counted, so nothing goes dead; the queue is sent once a URL is deployed.
    logger.warn('not sending to the collection agency: AGENCY_WEBHOOK_URL is not set (deploy with -c agencyWebhookUrl=https://...); deliveries stay queued', {
      waiting: 'no_agency_url',
    });
    return { delivered: 0, retried: 0, dead: 0, skipped: 0, waiting: 'no_agency_url' as const };
  }
  const report = await deliverWebhooks({
    queue: deps.queue,
    agency: webhookAgency({ url, keys: deps.keys, clock: table.clock }),
    clock: table.clock,
    random,
  })();
  if (report.delivered + report.retried + report.dead > 0) logger.info('agency deliveries', { ...report });
  return report;
};
