import { dynamoOrgUnitRepository } from '../adapters/dynamodb/org-unit.repository.ts';
import { dynamoOutboxRepository } from '../adapters/dynamodb/outbox.repository.ts';
import { onFirstUse } from './on-first-use.ts';
import type { TableDependencies } from './table.ts';

/** Branches and departments, and the outbox that welcome e-mails are queued in; each built on first use (on-first-use.ts). */
export const workspaceRepositories = ({ data }: Pick<TableDependencies, 'data'>) => ({
  orgUnits: onFirstUse(() => dynamoOrgUnitRepository(data)),
  outbox: onFirstUse(() => dynamoOutboxRepository(data)),
});
