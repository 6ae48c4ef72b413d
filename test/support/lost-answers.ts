import { dynamoClients } from '../../functions/adapters/aws-clients.ts';
import { idempotencyRecordEntity } from '../../functions/adapters/dynamodb/entities/idempotency-record.entity.ts';
import { readConfig } from '../../functions/config.ts';
import type { dynamoFaults } from './dynamo-faults.ts';

type Faults = ReturnType<typeof dynamoFaults>;
type CommandClass = new (input: any) => object;

/**
 * The write reaches DynamoDB Local and commits; then its answer is lost on the way back, as when a
 * socket times out after the request went out. `matches` picks the commands (default: every one
 * of the class); `times` how many answers are lost.
 */
export function loseAnswersOf(faults: Faults, Command: CommandClass, options: { matches?: (input: any) => boolean; times?: number } = {}) {
  let left = options.times ?? 1;
  faults.mock.on(Command as never).callsFake(async (input: unknown, getClient: () => unknown) => {
    const result = await faults.passOn(new Command(input), getClient());
    if (left > 0 && (options.matches?.(input) ?? true)) {
      left -= 1;
      throw Object.assign(new Error('injected: the answer was lost after the write committed'), { name: 'TimeoutError', code: 'ETIMEDOUT', $metadata: {} });
    }
    return result;
  });
}

/** ElectroDB's entity name on a written item (Put) or any item of a transaction. */
export const writesEntity = (entity: string) => (input: any) =>
  input?.Item?.__edb_e__ === entity || (input?.TransactItems ?? []).some((t: any) => (t.Put ?? t.Update)?.Item?.__edb_e__ === entity);

/**
 * Lets every lease of the tenant's idempotency records run out now, as the passing of time would:
 * the next request with such a key takes its claim over. Returns how many were in progress.
 */
export async function letLeasesRunOut(tenantId: string, config = readConfig()) {
  const records = idempotencyRecordEntity({ client: dynamoClients(config).document, table: config.tableName });
  const { data } = await records.query.byScope({ tenantId }).go({ pages: 'all' });
  const held = data.filter((r) => r.status === 'in_progress');
  for (const record of held)
    await records
      .patch({ tenantId, scopeHash: record.scopeHash })
      .set({ leaseUntil: Date.now() - 1 })
      .go();
  return held.length;
}
