import { dynamoFailedRowStore, dynamoImportJobRepository } from '../adapters/dynamodb/import-job.repository.ts';
import { onFirstUse } from './on-first-use.ts';
import type { TableDependencies } from './table.ts';

export const importRepositories = ({ data }: Pick<TableDependencies, 'data'>) => ({
  jobs: onFirstUse(() => dynamoImportJobRepository(data)),
  failedRows: onFirstUse(() => dynamoFailedRowStore(data)),
});
