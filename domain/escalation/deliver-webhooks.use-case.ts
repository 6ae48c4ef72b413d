import { requireAccess, type Actor } from '../shared/actor.ts';
import { invalidState, notFound } from '../shared/errors.ts';
import type { Clock, Page, PageRequest } from '../shared/ports.ts';
import type { AgencyDelivery, DeliveryStatus } from './escalation.schema.ts';
import { manageDeliveries } from './escalation.use-cases.ts';
import type { AgencyDeliveryQueue, CollectionAgency } from './ports.ts';

/** Tries of one delivery before it is `dead` (the DLQ): about an hour of backoff in all. */
export const MAX_DELIVERY_ATTEMPTS = 8;
/** Backoff of the first retry; doubled each try up to BACKOFF_CAP_MS, then jittered (half to full). */
export const BACKOFF_BASE_MS = 30_000;
export const BACKOFF_CAP_MS = 60 * 60_000;
/**
 * How long a claim holds. A delivery still `sending` after it is due again: the agency dedupes by the
 * delivery's Idempotency-Key, so sending it once more is safe (unlike an e-mail, no `unknown` state).
 */
export const DELIVERY_LEASE_MS = 2 * 60_000;
const PAGE = 25;
const CONCURRENCY = 4;

/** The wait before try `attempts + 1`, after `attempts` failed: exponential, capped, with jitter in [½, 1) of it. */
export function backoffMs(attempts: number, random: number): number {
  const full = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1));
  return Math.round(full * (0.5 + Math.min(Math.max(random, 0), 1) / 2));
}

export interface DeliveryReport {
  delivered: number;
  retried: number;
  dead: number;
  /** Lost the claim to another dispatcher. */
  skipped: number;
}

/**
 * Delivers due webhooks to the agency, level-triggered like the outbox: each is claimed by a conditional
 * write (its lease), posted, and then recorded `delivered`, or due again after a backoff, or `dead` after
 * MAX_DELIVERY_ATTEMPTS. `random` (in [0, 1)) spreads the retries (jitter) so an agency back from an
 * outage is not hit by every retry at once.
 */
export const deliverWebhooks =
  (deps: { queue: AgencyDeliveryQueue; agency: CollectionAgency; clock: Clock; random: () => number }) =>
  async (options: { batchSize?: number } = {}): Promise<DeliveryReport> => {
    const report: DeliveryReport = { delivered: 0, retried: 0, dead: 0, skipped: 0 };
    const now = deps.clock.now();
    const limit = options.batchSize ?? 100;
    let taken = 0;

    const processOne = async (d: AgencyDelivery) => {
      const claimed: AgencyDelivery = {
        ...d,
        status: 'sending',
        attempts: d.attempts + 1,
        leaseUntil: new Date(now.getTime() + DELIVERY_LEASE_MS).toISOString(),
        version: d.version + 1,
      };
      if (!(await deps.queue.transition(claimed, d))) {
        report.skipped++;
        return;
      }
      let answer: Awaited<ReturnType<CollectionAgency['send']>>;
      try {
        answer = await deps.agency.send(d);
      } catch (error) {
        answer = { ok: false, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
      }
      const { leaseUntil: _lease, ...rest } = claimed;
      const at = deps.clock.now();
      if (answer.ok) {
        const { lastError: _e, ...done } = rest;
        await deps.queue.transition({ ...done, status: 'delivered', deliveredAt: at.toISOString(), version: claimed.version + 1 }, claimed);
        report.delivered++;
        return;
      }
      const dead = claimed.attempts >= MAX_DELIVERY_ATTEMPTS;
      const dueAt = dead ? claimed.dueAt : new Date(at.getTime() + backoffMs(claimed.attempts, deps.random())).toISOString();
      await deps.queue.transition(
        { ...rest, status: dead ? 'dead' : 'pending', lastError: answer.error.slice(0, 500), dueAt, version: claimed.version + 1 },
        claimed,
      );
      if (dead) report.dead++;
      else report.retried++;
    };

    const drain = async (queue: string) => {
      const seen = new Set<string>();
      while (taken < limit) {
        const page = (await deps.queue.dueIn(queue, now.toISOString(), Math.min(PAGE, limit - taken))).filter((d) => !seen.has(`${d.tenantId}/${d.id}`));
        if (page.length === 0) return;
        for (const d of page) {
          seen.add(`${d.tenantId}/${d.id}`);
          if (taken >= limit) return;
          taken++;
          await processOne(d);
        }
      }
    };
    const queues = [...deps.queue.queues];
    const failures: unknown[] = [];
    await Promise.all(
      Array.from({ length: Math.min(CONCURRENCY, queues.length) }, async () => {
        for (let q = queues.shift(); q !== undefined; q = queues.shift()) await drain(q).catch((error: unknown) => failures.push(error));
      }),
    );
    if (failures.length > 0 && failures.length === deps.queue.queues.length) throw failures[0];
    return report;
  };

/** The tenant's deliveries in one status (`dead` is the DLQ), newest first. */
export const listDeliveries =
  (deps: { queue: AgencyDeliveryQueue }) =>
  (actor: Actor, status: DeliveryStatus, page: PageRequest): Promise<Page<AgencyDelivery>> => {
    requireAccess(actor, manageDeliveries);
    return deps.queue.listByStatus(actor.tenantId, status, page);
  };

/** A dead delivery goes back to the queue, due now, with a fresh count of tries (same Idempotency-Key). */
export const retryDelivery =
  (deps: { queue: AgencyDeliveryQueue; clock: Clock }) =>
  async (actor: Actor, id: string): Promise<AgencyDelivery> => {
    requireAccess(actor, manageDeliveries);
    const current = await deps.queue.get(actor.tenantId, id);
    if (!current) throw notFound('delivery', id);
    if (current.status !== 'dead') throw invalidState('delivery_not_dead', { id, recordStatus: current.status });
    const next: AgencyDelivery = { ...current, status: 'pending', attempts: 0, dueAt: deps.clock.now().toISOString(), version: current.version + 1 };
    if (!(await deps.queue.transition(next, current))) throw invalidState('delivery_not_dead', { id, recordStatus: 'changed' });
    return next;
  };
