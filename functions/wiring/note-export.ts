import type { NoteExportDeps } from '../../domain/exports/note-export.run.ts';
import { dynamoClientBatchReader } from '../adapters/dynamodb/client-batch.reader.ts';
import { dynamoOrgUnitRepository } from '../adapters/dynamodb/org-unit.repository.ts';
import { onFirstUse } from './on-first-use.ts';
import { noteRepositories } from './notes.ts';
import type { TableDependencies } from './table.ts';

/** What the export runner reads for a notes report: built on the first notes export of the instance. */
export const noteExportReads = (table: Pick<TableDependencies, 'data' | 'document' | 'config'>): NoteExportDeps => ({
  notes: noteRepositories(table).notes,
  orgUnits: onFirstUse(() => dynamoOrgUnitRepository(table.data)),
  clients: onFirstUse(() => dynamoClientBatchReader(table.data)),
});
