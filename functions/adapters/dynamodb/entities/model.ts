import { tableSchema } from '../table-schema.ts';

/** Shared ElectroDB settings: one service name, keys as written (no lower-casing). */
export const SERVICE = 'cobranza';
const { partitionKey: pk, sortKey: sk } = tableSchema;
const [gsi1, gsi2, gsi3, gsi4, gsi5, gsi6, gsi7, gsi8, gsi9, gsi10, gsi11, gsi12] = tableSchema.globalSecondaryIndexes;

export const keyFields = {
  pk,
  sk,
  gsi1: { index: gsi1.indexName, pk: gsi1.partitionKey, sk: gsi1.sortKey },
  gsi2: { index: gsi2.indexName, pk: gsi2.partitionKey, sk: gsi2.sortKey },
  gsi3: { index: gsi3.indexName, pk: gsi3.partitionKey, sk: gsi3.sortKey },
  gsi4: { index: gsi4.indexName, pk: gsi4.partitionKey, sk: gsi4.sortKey },
  gsi5: { index: gsi5.indexName, pk: gsi5.partitionKey, sk: gsi5.sortKey },
  gsi6: { index: gsi6.indexName, pk: gsi6.partitionKey, sk: gsi6.sortKey },
  gsi7: { index: gsi7.indexName, pk: gsi7.partitionKey, sk: gsi7.sortKey },
  gsi8: { index: gsi8.indexName, pk: gsi8.partitionKey, sk: gsi8.sortKey },
  gsi9: { index: gsi9.indexName, pk: gsi9.partitionKey, sk: gsi9.sortKey },
  gsi10: { index: gsi10.indexName, pk: gsi10.partitionKey, sk: gsi10.sortKey },
  gsi11: { index: gsi11.indexName, pk: gsi11.partitionKey, sk: gsi11.sortKey },
  gsi12: { index: gsi12.indexName, pk: gsi12.partitionKey, sk: gsi12.sortKey },
} as const;

/** Every primary key starts with the tenant. */
export const tenantPk = { field: pk, composite: ['tenantId'], template: 'T#${tenantId}', casing: 'none' } as const;

/** Key value for "no such reference": lists of clients without a category, and absent sparse-index keys. */
export const NONE = 'none';
