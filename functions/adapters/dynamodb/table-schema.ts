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
    // gsi6: clients by seller. gsi7: clients by owning branch (level-2 scope). gsi8–gsi10: clients by
    // the departments of their assigned users, one slot per distinct department (level-3 scope).
    // Together with gsi4/gsi5 they serve every access level's list from indexes (decision 34).
    { indexName: 'gsi6', partitionKey: 'gsi6pk', sortKey: 'gsi6sk' },
    { indexName: 'gsi7', partitionKey: 'gsi7pk', sortKey: 'gsi7sk' },
    { indexName: 'gsi8', partitionKey: 'gsi8pk', sortKey: 'gsi8sk' },
    { indexName: 'gsi9', partitionKey: 'gsi9pk', sortKey: 'gsi9sk' },
    { indexName: 'gsi10', partitionKey: 'gsi10pk', sortKey: 'gsi10sk' },
    // gsi11: invoices by status. gsi12 (sparse): a client's open invoices by due date (receivables plan).
    { indexName: 'gsi11', partitionKey: 'gsi11pk', sortKey: 'gsi11sk' },
    { indexName: 'gsi12', partitionKey: 'gsi12pk', sortKey: 'gsi12sk' },
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
