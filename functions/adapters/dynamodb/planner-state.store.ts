import type { PlannerState, PlannerStateStore } from '../../../domain/collections/planner-ports.ts';
import { appliedIf, compact } from './conditional.ts';
import type { DataService } from './entities/index.ts';
import { plannerQueue } from './entities/collections-planner.entity.ts';
import { oldestFirst } from './shards.ts';

/** The due index's sort position: the lease's end while held, else the next run. */
const queueAt = (s: PlannerState) => s.leaseUntil ?? s.nextRunAt;

export function dynamoPlannerStateStore(data: DataService): PlannerStateStore {
  const { collectionsPlanner } = data.entities;
  const fromItem = ({ queueAt: _q, queuePk: _p, ...rest }: Record<string, unknown>) => compact(rest) as unknown as PlannerState;
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
      const item = { ...next, queueAt: queueAt(next) };
      if (!previous) return appliedIf(() => collectionsPlanner.create(item).go());
      return appliedIf(() =>
        collectionsPlanner
          .put(item)
          .where(({ version }, { eq }) => eq(version, previous.version))
          .go(),
      );
    },
  };
}
