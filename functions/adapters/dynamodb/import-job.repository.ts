import type { ImportJob } from '../../../domain/imports/import-job.schema.ts';
import type { ImportJobRepository } from '../../../domain/imports/ports.ts';
import { conflict } from '../../../domain/shared/errors.ts';
import { appliedIf, compact, isConditionalFailure } from './conditional.ts';
import type { DataService } from './entities/index.ts';

export function dynamoImportJobRepository(data: DataService): ImportJobRepository {
  const { importJob } = data.entities;
  const fromItem = (item: Record<string, unknown>) => compact(item) as unknown as ImportJob;
  return {
    async create(job) {
      try {
        await importJob.create(job).go();
      } catch (error) {
        if (isConditionalFailure(error)) throw conflict('import', 'id', job.id);
        throw error;
      }
    },
    async get(tenantId, id) {
      const { data: item } = await importJob.get({ tenantId, id }).go({ consistent: true });
      return item ? fromItem(item) : undefined;
    },
    async transition(next, previous) {
      return appliedIf(() =>
        importJob
          .put(next)
          .where(({ version }, { eq }) => eq(version, previous.version))
          .go(),
      );
    },
  };
}
