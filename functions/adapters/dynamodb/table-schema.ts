/**
 * The single table, described once. The CDK stateful stack, the ElectroDB entities and the
 * local table creation all read this object, so a key or index cannot drift between them.
 * Every key value the entities write starts with the tenant (`T#<tenantId>`).
 */
export const tableSchema = {
  /** Logical name; the physical name comes from CloudFormation in AWS and from config locally. */
  logicalName: 'AppTable',
  partitionKey: 'pk',
  sortKey: 'sk',
  /** Items with this attribute (epoch seconds) are expired by DynamoDB TTL. */
  ttlAttribute: 'ttl',
  globalSecondaryIndexes: [
    // gsi1: alternate lookups inside a tenant (user by e-mail, job by status …).
    { indexName: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    // gsi2: sparse work queues (items leave the index when their work is done).
    { indexName: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
    // gsi3–gsi5: clients by category, by collector and by agent, sorted like the default list.
    { indexName: 'gsi3', partitionKey: 'gsi3pk', sortKey: 'gsi3sk' },
    { indexName: 'gsi4', partitionKey: 'gsi4pk', sortKey: 'gsi4sk' },
    { indexName: 'gsi5', partitionKey: 'gsi5pk', sortKey: 'gsi5sk' },
  ],
} as const;

export type TableSchema = typeof tableSchema;

/** Every attribute that takes part in a key, for AttributeDefinitions (all strings). */
export function keyAttributes(schema: TableSchema = tableSchema): string[] {
  const names = new Set<string>([schema.partitionKey, schema.sortKey]);
  for (const gsi of schema.globalSecondaryIndexes) {
    names.add(gsi.partitionKey);
    names.add(gsi.sortKey);
  }
  return [...names];
}
