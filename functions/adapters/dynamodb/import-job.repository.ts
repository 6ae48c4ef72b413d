import { upgradeImportJob } from '../../../domain/imports/import-job.legacy.ts';
import type { ImportJob } from '../../../domain/imports/import-job.schema.ts';
import type { FailedRow, FailedRowStore, ImportJobRepository } from '../../../domain/imports/ports.ts';
import { conflict } from '../../../domain/shared/errors.ts';
import { appliedIf, compact, isConditionalFailure } from './conditional.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import type { DataService } from './entities/index.ts';
import { IMPORT_OUT_OF_QUEUE, importQueue } from './entities/import-job.entity.ts';
import { oldestFirst } from './shards.ts';

/** Row numbers padded so the sort key orders rows numerically (a sheet has at most 1,048,576 rows). */
/** Failed rows live as long as the uploads bucket keeps the file and its error workbook (infra/stateful-stack.ts). */
const FAILED_ROW_DAYS = 30;
const rowKey = (row: number) => String(row).padStart(7, '0');

export function dynamoImportJobRepository(data: DataService): ImportJobRepository {
  const { importJob } = data.entities;
  const toItem = (job: ImportJob) => ({ ...job, sweepAt: job.sweepAt ?? IMPORT_OUT_OF_QUEUE }) as never;
  const fromItem = ({ queuePk: _q, ...item }: Record<string, unknown>) => {
    const job = upgradeImportJob(compact(item));
    return job.sweepAt === IMPORT_OUT_OF_QUEUE ? { ...job, sweepAt: undefined } : job;
  };
  const get = async (tenantId: string, id: string) => {
    const { data: item } = await importJob.get({ tenantId, id }).go({ consistent: true });
    return item ? fromItem(item) : undefined;
  };
  return {
    get,
    async create(job) {
      try {
        await importJob.create(toItem(job)).go();
      } catch (error) {
        if (isConditionalFailure(error)) throw conflict('import', 'id', job.id);
        throw error;
      }
    },
    async transition(next, previous) {
      return appliedIf(() =>
        importJob
          .put(toItem(next))
          .where(({ version }, { eq }) => eq(version, previous.version))
          .go(),
      );
    },
    async list(tenantId, page, createdBy) {
      // Ids are ULIDs: the tenant's `IMPORT#<id>` items (or one user's, on gsi1), descending, are its jobs newest first (data-model #I1).
      const options = { limit: page.limit, cursor: decodeCursor(tenantId, page.cursor) ?? null, order: 'desc', pages: 1 } as const;
      const result = createdBy ? await importJob.query.byRequester({ tenantId, createdBy }).go(options) : await importJob.query.byId({ tenantId }).go(options);
      return { items: result.data.map((item) => fromItem(item as Record<string, unknown>)), cursor: encodeCursor(tenantId, result.cursor) };
    },
    async due(now, limit) {
      // Every shard at once (data-model #I3), each bounded, merged oldest first; `~` sorts after every ISO digit.
      const shards = importQueue.all.slice(1);
      const pages = await Promise.all(
        shards.map(
          async (queuePk) =>
            (
              await importJob.query
                .queue({ queuePk })
                .lte({ sweepAt: `${now}~` } as never)
                .go({ limit, pages: 1 })
            ).data as Array<Record<string, unknown>>,
        ),
      );
      const oldest = oldestFirst(pages, { sortKey: (j) => `${j.sweepAt}#${j.tenantId}#${j.id}`, identity: (j) => `${j.tenantId}/${j.id}` }, limit);
      // The index is eventually consistent: each job is read again before the sweeper acts on it.
      const jobs = await Promise.all(oldest.map((j) => get(String(j.tenantId), String(j.id))));
      return jobs.filter((job): job is ImportJob => job !== undefined && job.sweepAt !== undefined && job.sweepAt <= now);
    },
  };
}

/** The failed rows of a job, one item each in the job's partition (data-model #I4, #I5). */
export function dynamoFailedRowStore(data: DataService): FailedRowStore {
  const { importFailure } = data.entities;
  return {
    async put(tenantId, jobId, rows) {
      if (rows.length === 0) return;
      const expiresAt = Math.floor(Date.now() / 1000) + FAILED_ROW_DAYS * 24 * 3600;
      const { unprocessed } = await importFailure
        .put(rows.map((r) => ({ tenantId, jobId, row: r.row, rowKey: rowKey(r.row), cells: r.cells, errors: r.errors, expiresAt })))
        .go({ concurrency: 4 });
      if (unprocessed.length) throw new Error(`${unprocessed.length} failed rows of import ${jobId} were not stored`);
    },
    async page(tenantId, jobId, afterRow, limit) {
      const { data: items } = await importFailure.query
        .byJob({ tenantId, jobId })
        .gt({ rowKey: rowKey(afterRow) })
        .go({ limit, pages: 1 });
      return items.map((i): FailedRow => ({ row: i.row, cells: i.cells, errors: i.errors as FailedRow['errors'] }));
    },
  };
}
