import { Entity } from 'electrodb';
import { byIssue, clientCopyAttributes, scopeIndex } from './document-indexes.ts';
import { SERVICE, keyFields } from './model.ts';

/** Each estimate has its own partition, as invoices (receivables plan): header `HEAD`, lines `LINES`. */
export const estimatePk = { field: keyFields.pk, composite: ['tenantId', 'id'], template: 'T#${tenantId}#ESTIMATE#${id}', casing: 'none' } as const;

const estimateScope = (gsi: { index: string; pk: string; sk: string }, key: string, label: string) => scopeIndex('ESTIMATES', gsi, key, label);

/**
 * The estimate header: everything but the lines, with copies of its client's keys so lists of a
 * restricted caller are served by the same scope indexes as invoices (under `ESTIMATES#` partitions).
 */
export const estimateEntity = () =>
  new Entity({
    model: { entity: 'estimate', version: '1', service: SERVICE },
    attributes: {
      tenantId: { type: 'string', required: true },
      id: { type: 'string', required: true },
      clientId: { type: 'string', required: true },
      number: { type: 'string' },
      status: { type: 'string', required: true },
      issueDate: { type: 'string', required: true },
      validUntil: { type: 'string' },
      currency: { type: 'string', required: true },
      totals: { type: 'any', required: true },
      total: { type: 'number', required: true },
      /** The invoice it became; set once, by the conversion's transaction. */
      invoiceId: { type: 'string' },
      lineCount: { type: 'number', required: true },
      version: { type: 'number', required: true },
      createdAt: { type: 'string', required: true },
      createdBy: { type: 'string', required: true },
      updatedAt: { type: 'string', required: true },
      updatedBy: { type: 'string', required: true },
      ...clientCopyAttributes,
    },
    indexes: {
      byId: { pk: estimatePk, sk: { field: keyFields.sk, composite: [], template: 'HEAD', casing: 'none' } },
      byClient: {
        index: keyFields.gsi1.index,
        pk: { field: keyFields.gsi1.pk, composite: ['tenantId', 'clientId'], template: 'T#${tenantId}#ESTIMATES#CLIENT#${clientId}', casing: 'none' },
        sk: byIssue(keyFields.gsi1.sk),
      },
      byCollector: estimateScope(keyFields.gsi4, 'collectorKey', 'COLLECTOR'),
      byAgent: estimateScope(keyFields.gsi5, 'agentKey', 'AGENT'),
      bySeller: estimateScope(keyFields.gsi6, 'sellerKey', 'SELLER'),
      byBranch: estimateScope(keyFields.gsi7, 'branchKey', 'BRANCH'),
      byDepartment1: estimateScope(keyFields.gsi8, 'department1Key', 'DEPARTMENT'),
      byDepartment2: estimateScope(keyFields.gsi9, 'department2Key', 'DEPARTMENT'),
      byDepartment3: estimateScope(keyFields.gsi10, 'department3Key', 'DEPARTMENT'),
      byStatus: {
        index: keyFields.gsi11.index,
        pk: { field: keyFields.gsi11.pk, composite: ['tenantId', 'status'], template: 'T#${tenantId}#ESTIMATES#STATUS#${status}', casing: 'none' },
        sk: byIssue(keyFields.gsi11.sk),
      },
    },
  });
