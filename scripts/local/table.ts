import {
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceInUseException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { keyAttributes, tableSchema } from '../../functions/adapters/dynamodb/table-schema.ts';

const gsiDefinition = (gsi: (typeof tableSchema.globalSecondaryIndexes)[number]) => ({
  IndexName: gsi.indexName,
  KeySchema: [
    { AttributeName: gsi.partitionKey, KeyType: 'HASH' as const },
    { AttributeName: gsi.sortKey, KeyType: 'RANGE' as const },
  ],
  Projection: { ProjectionType: 'ALL' as const },
});

/**
 * Creates the table from the shared schema, or brings an existing local table up to it by adding the
 * GSIs it lacks (a `.local/` table from before a schema change keeps its data).
 */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<'created' | 'existed' | 'migrated'> {
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: keyAttributes().map((name) => ({ AttributeName: name, AttributeType: 'S' })),
        KeySchema: [
          { AttributeName: tableSchema.partitionKey, KeyType: 'HASH' },
          { AttributeName: tableSchema.sortKey, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: tableSchema.globalSecondaryIndexes.map(gsiDefinition),
      }),
    );
  } catch (error) {
    if (error instanceof ResourceInUseException) return addMissingIndexes(client, tableName);
    throw error;
  }
  await client
    .send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: tableSchema.ttlAttribute, Enabled: true },
      }),
    )
    .catch(() => undefined); // TTL is advisory locally
  await client.send(new DescribeTableCommand({ TableName: tableName }));
  return 'created';
}

async function addMissingIndexes(client: DynamoDBClient, tableName: string): Promise<'existed' | 'migrated'> {
  const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
  const present = new Set((Table?.GlobalSecondaryIndexes ?? []).map((g) => g.IndexName));
  const missing = tableSchema.globalSecondaryIndexes.filter((g) => !present.has(g.indexName));
  for (const gsi of missing) {
    // One index per UpdateTable call, as DynamoDB requires.
    await client.send(
      new UpdateTableCommand({
        TableName: tableName,
        AttributeDefinitions: [gsi.partitionKey, gsi.sortKey].map((name) => ({ AttributeName: name, AttributeType: 'S' })),
        GlobalSecondaryIndexUpdates: [{ Create: gsiDefinition(gsi) }],
      }),
    );
  }
  return missing.length ? 'migrated' : 'existed';
}
