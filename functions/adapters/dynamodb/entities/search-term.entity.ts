import { Entity } from 'electrodb';
import { NONE, SERVICE, keyFields } from './model.ts';

/**
 * One quick-search term of one client (domain/clients/search-terms.ts): a name word, the e-mail, the
 * tax id, a phone or a contact's e-mail. Items sit in the tenant's search partitions, one per first
 * character of the term (a prefix query always knows it, so the partitions spread the writes of an
 * import at no cost to reads), keyed `<term>#<clientId>`. The index keys copy the client's status and
 * scope keys, so every access level finds terms in its own index partitions (decision "Quick search
 * from term items"), all sorted `<status>#<term>#<clientId>` as the client lists are sorted by name.
 */
const termSk = (field: string) => ({ field, composite: ['status', 'term', 'clientId'], template: '${status}#${term}#${clientId}', casing: 'none' }) as const;

const scopeIndex = <K extends string>(gsi: { index: string; pk: string; sk: string }, key: K, label: string) =>
  ({
    index: gsi.index,
    condition: (attr: Record<string, unknown>) => typeof attr[key] === 'string' && attr[key] !== NONE,
    pk: { field: gsi.pk, composite: ['tenantId', key, 'shard'], template: `T#\${tenantId}#SEARCH#${label}#\${${key}}#\${shard}`, casing: 'none' },
    sk: termSk(gsi.sk),
  }) as const;

export const searchTermEntity = () =>
  new Entity({
    model: { entity: 'searchTerm', version: '1', service: SERVICE },
    attributes: {
      tenantId: { type: 'string', required: true },
      clientId: { type: 'string', required: true },
      term: { type: 'string', required: true },
      /** The first character of the term: which search partition holds it. */
      shard: { type: 'string', required: true },
      kind: { type: 'string', required: true },
      status: { type: 'string', required: true },
      // The client's scope keys, `none` when absent (then the item is in no such index).
      sellerKey: { type: 'string', required: true },
      collectorKey: { type: 'string', required: true },
      agentKey: { type: 'string', required: true },
      branchKey: { type: 'string', required: true },
      department1Key: { type: 'string', required: true },
      department2Key: { type: 'string', required: true },
      department3Key: { type: 'string', required: true },
    },
    indexes: {
      byTerm: {
        pk: { field: keyFields.pk, composite: ['tenantId', 'shard'], template: 'T#${tenantId}#SEARCH#${shard}', casing: 'none' },
        sk: { field: keyFields.sk, composite: ['term', 'clientId'], template: '${term}#${clientId}', casing: 'none' },
      },
      // Level 1: the whole tenant, by status.
      all: {
        index: keyFields.gsi1.index,
        pk: { field: keyFields.gsi1.pk, composite: ['tenantId', 'shard'], template: 'T#${tenantId}#SEARCH#${shard}', casing: 'none' },
        sk: termSk(keyFields.gsi1.sk),
      },
      // Levels 2–4 read the same index partitions their client lists read, under SEARCH keys.
      bySeller: scopeIndex(keyFields.gsi6, 'sellerKey', 'SELLER'),
      byCollector: scopeIndex(keyFields.gsi4, 'collectorKey', 'COLLECTOR'),
      byAgent: scopeIndex(keyFields.gsi5, 'agentKey', 'AGENT'),
      byBranch: scopeIndex(keyFields.gsi7, 'branchKey', 'BRANCH'),
      byDepartment1: scopeIndex(keyFields.gsi8, 'department1Key', 'DEPARTMENT'),
      byDepartment2: scopeIndex(keyFields.gsi9, 'department2Key', 'DEPARTMENT'),
      byDepartment3: scopeIndex(keyFields.gsi10, 'department3Key', 'DEPARTMENT'),
    },
  });
