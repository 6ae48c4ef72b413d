import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HAND_OUT_CONCURRENCY, planDueTenants, TENANTS_PER_BATCH } from '../../../domain/collections/plan-due-tenants.use-case.ts';
import type { PlannerStateStore } from '../../../domain/collections/planner-ports.ts';
import { FakeClock } from '../fakes.ts';

/** A due index that answers `ids` (at most `limit`), and nothing else. */
const dueIndex = (ids: string[]): PlannerStateStore => ({
  get: async () => undefined,
  due: async (_now, limit) => ids.slice(0, limit),
  replace: async () => true,
});

describe('planDueTenants (a tick hands out the due tenants)', () => {
  it('hands out every due tenant once, in order, in batches of 25, at most 16 at once; a refused batch is reported with its tenants and stops no other', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 900 }), fc.array(fc.nat({ max: 40 }), { maxLength: 6 }), fc.nat({ max: 5 }), async (n, refuse, delayMs) => {
        const ids = Array.from({ length: n }, (_, i) => `t-${i}`);
        const batches: string[][] = [];
        let [inFlight, most, call] = [0, 0, 0];
        const tick = planDueTenants({
          state: dueIndex(ids),
          clock: new FakeClock(),
          fanOut: {
            async plan(tenantIds) {
              const index = call++;
              inFlight++;
              most = Math.max(most, inFlight);
              await new Promise((resolve) => setTimeout(resolve, delayMs));
              inFlight--;
              if (refuse.includes(index)) throw new Error(`refused ${index}`);
              batches[index] = [...tenantIds];
            },
          },
        });
        const report = await tick();
        const expectedBatches = Math.ceil(n / TENANTS_PER_BATCH);
        const refused = new Set(refuse.filter((i) => i < expectedBatches));
        expect(report.due).toBe(n);
        expect(report.batches).toBe(expectedBatches);
        expect(report.failedBatches).toBe(refused.size);
        expect(most).toBeLessThanOrEqual(HAND_OUT_CONCURRENCY);
        // Batch i holds ids 25i … 25i+24; the refused ones are exactly the tenants not handed out.
        const handed = batches.flatMap((b) => b ?? []);
        expect([...handed, ...report.notHandedOut].sort()).toEqual([...ids].sort());
        for (const [i, batch] of batches.entries()) if (batch) expect(batch).toEqual(ids.slice(i * TENANTS_PER_BATCH, (i + 1) * TENANTS_PER_BATCH));
        expect(report.notHandedOut).toEqual([...refused].sort((a, b) => a - b).flatMap((i) => ids.slice(i * TENANTS_PER_BATCH, (i + 1) * TENANTS_PER_BATCH)));
        expect(report.failure === undefined).toBe(refused.size === 0);
      }),
      { numRuns: 60 },
    );
  });

  it('reads the due index once, with the tick limit, at the clock instant', async () => {
    const asked: Array<{ now: string; limit: number }> = [];
    const state: PlannerStateStore = {
      ...dueIndex([]),
      due: async (now, limit) => {
        asked.push({ now, limit });
        return [];
      },
    };
    const report = await planDueTenants({ state, clock: new FakeClock('2026-12-01T12:00:00.000Z'), fanOut: { plan: async () => undefined } })(300);
    expect(report).toEqual({ due: 0, batches: 0, failedBatches: 0, notHandedOut: [] });
    expect(asked).toEqual([{ now: '2026-12-01T12:00:00.000Z', limit: 300 }]);
  });
});
