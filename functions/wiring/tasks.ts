import { dynamoTaskRepository } from '../adapters/dynamodb/task.repository.ts';
import { onFirstUse } from './on-first-use.ts';
import type { TableDependencies } from './table.ts';

/** Tasks (tasks-api and the not-attended job serve them; scripts and tests get them through dependencies.ts). */
export const taskRepositories = ({ document, config }: Pick<TableDependencies, 'document' | 'config'>) => ({
  tasks: onFirstUse(() => dynamoTaskRepository(document, config.tableName)),
});
