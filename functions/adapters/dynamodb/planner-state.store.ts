import { randomUUID } from 'node:crypto';
import type { PlannerState, PlannerStateStore } from '../../../domain/collections/planner-ports.ts';
import { appliedIf, compact } from './conditional.ts';
import type { DataService } from './entities/index.ts';
import { plannerQueue } from './entities/collections-planner.entity.ts';
import { oldestFirst } from './shards.ts';

/** The due index's sort position: the lease's end while held, else the next run. */
const queueAt = (s: PlannerState) => s.leaseUntil ?? s.nextRunAt;

export function dynamoPlannerStateStore(data: DataService): PlannerStateStore {
  const { collectionsPlanner } = data.entities;
  const fromItem = ({ queueAt: _q, queuePk: _p, writeId: _w, ...rest }: Record<string, unknown>) => compact(rest) as unknown as PlannerState;
  const storedWriteId = async (tenantId: string) => (await collectionsPlanner.get({ tenantId }).go({ consistent: true })).data?.writeId;
  return {
    async get(tenantId) {
      const { data: item } = await collectionsPlanner.get({ tenantId }).go({ consistent: true });
      return item ? fromItem(item) : undefined;
    },
    async due(now, limit) {
      // Every partition at once (each bounded by `limit`), merged oldest first; `~` sorts after ISO digits.
      const pages = await Promise.all(
        plannerQueue.all.map(
          async (queuePk) =>
            (
              await collectionsPlanner.query
                .due({ queuePk })
                .lte({ queueAt: `${now}~` } as never)
                .go({ limit, pages: 1 })
            ).data,
        ),
      );
      return oldestFirst(pages, { sortKey: (s) => `${s.queueAt}#${s.tenantId}`, identity: (s) => s.tenantId }, limit).map((s) => s.tenantId);
    },
    async replace(next, previous) {
      // A write whose answer came after the request timeout is sent again by the SDK, and that retry fails the
      // condition its own first attempt moved: without this check a worker took its own claim for another
      // planner's, reported `busy` and left the tenant under a lease nobody worked on (decision NNN).
      const writeId = randomUUID();
      const item = { ...next, queueAt: queueAt(next), writeId };
      const applied = previous
        ? await appliedIf(() =>
            collectionsPlanner
              .put(item)
              .where(({ version }, { eq }) => eq(version, previous.version))
              .go(),
          )
        : await appliedIf(() => collectionsPlanner.create(item).go());
      return applied || (await storedWriteId(next.tenantId)) === writeId;
    },
  };
}
