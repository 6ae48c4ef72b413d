import { randomUUID } from 'node:crypto';
import { envNames } from '../../functions/catalogue.ts';
import { readConfig } from '../../functions/config.ts';
import { createDependencies, type Dependencies } from '../../functions/dependencies.ts';
import { ensureTable } from '../../scripts/local/table.ts';

/**
 * A table of its own on the run's DynamoDB Local, with the adapters over it: a test that runs the
 * dispatcher gets a queue nobody else fills or drains, so it cannot depend on test order.
 */
export async function ownTable(): Promise<Dependencies> {
  const tableName = `test-${randomUUID()}`;
  const deps = createDependencies(readConfig({ ...process.env, [envNames.tableName]: tableName }));
  await ensureTable(deps.dynamoClient, tableName);
  return deps;
}
