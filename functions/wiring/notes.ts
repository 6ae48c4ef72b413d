import { dynamoNoteRepository } from '../adapters/dynamodb/note.repository.ts';
import { onFirstUse } from './on-first-use.ts';
import type { TableDependencies } from './table.ts';

/** Follow-up notes (clients-api serves them; scripts and tests get them through dependencies.ts). */
export const noteRepositories = ({ data, document, config }: Pick<TableDependencies, 'data' | 'document' | 'config'>) => ({
  notes: onFirstUse(() => dynamoNoteRepository(data, document, config.tableName)),
});
