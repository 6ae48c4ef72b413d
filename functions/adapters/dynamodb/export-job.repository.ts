import type { ExportJob } from '../../../domain/exports/export-job.schema.ts';
import type { ExportJobRepository } from '../../../domain/exports/ports.ts';
import { conflict } from '../../../domain/shared/errors.ts';
import { appliedIf, compact, isConditionalFailure } from './conditional.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import type { DataService } from './entities/index.ts';
import { EXPORT_OUT_OF_QUEUE, exportQueue } from './entities/export-job.entity.ts';
import { outboxItem } from './outbox.repository.ts';
import { oldestFirst } from './shards.ts';

/** A pending job waits from its creation; a running one until its lease ends; the rest leave the queue index. */
const queueAt = (job: ExportJob) =>
  job.status === 'pending' ? job.createdAt : job.status === 'running' ? (job.leaseUntil ?? job.createdAt) : EXPORT_OUT_OF_QUEUE;

/**
 * Export jobs (docs/data-model.md, "Export jobs"): one item per job under the tenant; gsi1 lists a user's
 * jobs newest first; gsi2 is the runner's sparse queue over EXPORT_SHARDS partitions, as the outbox's.
 */
export function dynamoExportJobRepository(data: DataService): ExportJobRepository {
  const { exportJob } = data.entities;
  const toItem = (job: ExportJob) => ({ ...compact(job as unknown as Record<string, unknown>), queueAt: queueAt(job) }) as never;
  const fromItem = ({ queueAt: _q, queuePk: _p, ...rest }: Record<string, unknown>) => compact(rest) as unknown as ExportJob;
  const unchanged = (previous: ExportJob) =>
    (({ version }: { version: never }, { eq }: { eq: (a: never, b: number) => string }) => eq(version, previous.version)) as never;
  return {
    async create(job) {
      try {
        await exportJob.create(toItem(job)).go();
      } catch (error) {
        if (isConditionalFailure(error)) throw conflict('export', 'id', job.id);
        throw error;
      }
    },
    async get(tenantId, id) {
      const { data: item } = await exportJob.get({ tenantId, id }).go({ consistent: true });
      return item ? fromItem(item) : undefined;
    },
    async listByRequester(tenantId, userId, page) {
      const result = await exportJob.query
        .byRequester({ tenantId, requestedBy: userId })
        .go({ limit: page.limit, cursor: decodeCursor(tenantId, page.cursor) ?? null, order: 'desc', pages: 1 });
      return { items: result.data.map((item) => fromItem(item)), cursor: encodeCursor(tenantId, result.cursor) };
    },
    async due(now, limit) {
      // Every queue partition at once, each bounded by `limit`, merged oldest first (as the outbox's due mail).
      const pages = await Promise.all(
        exportQueue.all.map(
          async (queuePk) =>
            (
              await exportJob.query
                .queue({ queuePk })
                .lte({ queueAt: `${now}~` } as never)
                .go({ limit, pages: 1 })
            ).data,
        ),
      );
      const oldest = oldestFirst(pages, { sortKey: (j) => `${j.queueAt}#${j.tenantId}#${j.id}`, identity: (j) => `${j.tenantId}/${j.id}` }, limit);
      // The index lags the table: re-read each job before acting on it.
      const items = await Promise.all(oldest.map((j) => exportJob.get({ tenantId: j.tenantId, id: j.id }).go({ consistent: true })));
      return items.flatMap((r) => {
        if (!r.data) return [];
        const job = fromItem(r.data);
        const at = queueAt(job);
        return at !== EXPORT_OUT_OF_QUEUE && at <= now ? [job] : [];
      });
    },
    async transition(next, previous) {
      return appliedIf(() => exportJob.put(toItem(next)).where(unchanged(previous)).go());
    },
    async progress(job, rowsWritten) {
      return appliedIf(() => exportJob.patch({ tenantId: job.tenantId, id: job.id }).set({ rowsWritten }).where(unchanged(job)).go());
    },
    async finish(next, previous, email) {
      return appliedIf(() =>
        data.transaction
          .write(({ exportJob: j, outboundEmail: o }) => [j.put(toItem(next)).where(unchanged(previous)).commit(), o.create(outboxItem(email)).commit()])
          .go(),
      );
    },
  };
}
