import { tableSchema } from '../table-schema.ts';

/** Shared ElectroDB settings: one service name, keys as written (no lower-casing). */
export const SERVICE = 'cobranza';
const { partitionKey: pk, sortKey: sk } = tableSchema;
const [gsi1, gsi2, gsi3, gsi4, gsi5] = tableSchema.globalSecondaryIndexes;

export const keyFields = {
  pk, sk,
  gsi1: { index: gsi1.indexName, pk: gsi1.partitionKey, sk: gsi1.sortKey },
  gsi2: { index: gsi2.indexName, pk: gsi2.partitionKey, sk: gsi2.sortKey },
  gsi3: { index: gsi3.indexName, pk: gsi3.partitionKey, sk: gsi3.sortKey },
  gsi4: { index: gsi4.indexName, pk: gsi4.partitionKey, sk: gsi4.sortKey },
  gsi5: { index: gsi5.indexName, pk: gsi5.partitionKey, sk: gsi5.sortKey },
} as const;

/** Every primary key starts with the tenant. */
export const tenantPk = { field: pk, composite: ['tenantId'], template: 'T#${tenantId}', casing: 'none' } as const;
