import { dynamoOrgUnitRepository } from '../adapters/dynamodb/org-unit.repository.ts';
import { dynamoOutboxRepository } from '../adapters/dynamodb/outbox.repository.ts';
import type { TableDependencies } from './table.ts';

/** Branches and departments, and the outbox that welcome e-mails are queued in. */
export const workspaceRepositories = ({ data }: Pick<TableDependencies, 'data'>) => ({
  orgUnits: dynamoOrgUnitRepository(data),
  outbox: dynamoOutboxRepository(data),
});
