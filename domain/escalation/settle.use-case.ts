import { isOpen } from '../receivables/invoice.ts';
import type { Clock } from '../shared/ports.ts';
import type { Escalation } from './escalation.schema.ts';
import { deliveryOf, revise, WRITE_ROUNDS } from './escalation-record.ts';
import type { EscalationDeps } from './ports.ts';

/** An escalation to check against its invoices (queued by the payment hook; escalation-keys.ts). */
export interface SettlementCheck {
  tenantId: string;
  escalationId: string;
  /** When it was queued: a check queued again meanwhile is not removed by this one's run. */
  queuedAt: string;
}

/** The checks queue: sharded like the deliveries, drained by the escalation dispatcher. */
export interface SettlementChecks {
  readonly queues: readonly string[];
  dueIn(queue: string, now: string, limit: number): Promise<SettlementCheck[]>;
  /** Removes the check unless it was queued again after `check.queuedAt`. */
  done(check: SettlementCheck): Promise<void>;
}

/**
 * Every escalated invoice of the escalation that is now settled (paid or void) leaves it, and an
 * escalation with none left open is `closed_paid`; the agency hears of either. Idempotent: a second run
 * finds nothing new and writes nothing.
 */
export const settleEscalation =
  (deps: Pick<EscalationDeps, 'escalations' | 'clock' | 'ids'>) =>
  async (tenantId: string, escalationId: string): Promise<Escalation | undefined> => {
    for (let round = 0; round < WRITE_ROUNDS; round++) {
      const current = await deps.escalations.get(tenantId, escalationId);
      if (current?.status !== 'open') return undefined;
      const heads = await deps.escalations.invoices(
        tenantId,
        current.invoices.map((i) => i.id),
      );
      const settled = new Set(heads.filter((h) => !isOpen(h) || h.balance <= 0).map((h) => h.id));
      const newly = current.invoices.filter((i) => !i.settledAt && settled.has(i.id)).map((i) => i.id);
      if (newly.length === 0) return undefined;
      const at = deps.clock.now().toISOString();
      const invoices = current.invoices.map((i) => (newly.includes(i.id) ? { ...i, settledAt: at } : i));
      const closed = invoices.every((i) => i.settledAt);
      const change = { invoices, ...(closed ? { status: 'closed_paid' as const, closedAt: at } : {}) };
      const next = revise(current, change, 'payments', at, closed ? 'closed_paid' : 'settled', newly.join(','));
      const delivery = deliveryOf(deps, next, closed ? 'escalation.closed' : 'escalation.invoices_settled', at);
      if (await deps.escalations.replace(next, current, { delivery, release: newly })) return next;
    }
    return undefined;
  };

/**
 * Runs the queued settlement checks (level-triggered: whatever is due, a missed run is caught up by the
 * next). The payment hook only queues a check, so recording money never waits on, or fails by, an escalation.
 */
export const runSettlementChecks =
  (deps: Pick<EscalationDeps, 'escalations' | 'ids'> & { checks: SettlementChecks; clock: Clock }) =>
  async (limit = 100): Promise<{ checked: number; changed: number }> => {
    const settle = settleEscalation(deps);
    const now = deps.clock.now().toISOString();
    let checked = 0;
    let changed = 0;
    for (const queue of deps.checks.queues) {
      if (checked >= limit) break;
      for (const check of await deps.checks.dueIn(queue, now, limit - checked)) {
        checked++;
        if (await settle(check.tenantId, check.escalationId)) changed++;
        await deps.checks.done(check);
      }
    }
    return { checked, changed };
  };
