import { dynamoImportJobRepository } from '../adapters/dynamodb/import-job.repository.ts';
import type { TableDependencies } from './table.ts';

export const importRepositories = ({ data }: Pick<TableDependencies, 'data'>) => ({
  jobs: dynamoImportJobRepository(data),
});
