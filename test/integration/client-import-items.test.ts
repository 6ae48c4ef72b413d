import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { termPut } from '../../functions/adapters/dynamodb/client-import-items.ts';
import { createDataService } from '../../functions/adapters/dynamodb/entities/index.ts';
import { NONE } from '../../functions/adapters/dynamodb/entities/model.ts';
import { readConfig } from '../../functions/config.ts';
import { dynamoClients } from '../../functions/adapters/aws-clients.ts';

const config = readConfig();
const data = createDataService(dynamoClients(config).document, config.tableName);

const key = fc.oneof(fc.constant(NONE), fc.string({ minLength: 1, maxLength: 12 }));
const record = fc.record({
  tenantId: fc.string({ minLength: 1, maxLength: 20 }),
  clientId: fc.string({ minLength: 1, maxLength: 26 }),
  term: fc.string({ minLength: 1, maxLength: 40 }),
  shard: fc.string({ minLength: 1, maxLength: 2 }),
  kind: fc.constantFrom('name', 'email', 'taxId', 'phone', 'contactEmail' as const),
  status: fc.constantFrom('active', 'inactive'),
  sellerKey: key,
  collectorKey: key,
  agentKey: key,
  branchKey: key,
  department1Key: key,
  department2Key: key,
  department3Key: key,
});

describe('the import writer’s search-term puts', () => {
  it('are the items the search-term entity itself would put, for any term and scope keys', () => {
    fc.assert(
      fc.property(record, (r) => {
        const electro = data.transaction.write((tx) => [tx.searchTerm.put(r).commit()]).params().TransactItems![0];
        // As sent: ElectroDB's item also carries a symbol-keyed marker that never reaches DynamoDB.
        expect(termPut(config.tableName, r)).toEqual(JSON.parse(JSON.stringify(electro)));
      }),
      { numRuns: 300 },
    );
  });
});
