import { Entity } from 'electrodb';
import { byIssue, clientCopyAttributes, scopeIndex as documentScopeIndex } from './document-indexes.ts';
import { SERVICE, keyFields } from './model.ts';

/** Each invoice has its own partition (receivables plan): a bulk import spreads its writes over as many. */
export const invoicePk = { field: keyFields.pk, composite: ['tenantId', 'id'], template: 'T#${tenantId}#INVOICE#${id}', casing: 'none' } as const;

/** Sort key of the open-invoice indexes: due date, then id. */
const byDue = (field: string) => ({ field, composite: ['dueDate', 'id'], template: '${dueDate}#${id}', casing: 'none' }) as const;

const scopeIndex = (gsi: { index: string; pk: string; sk: string }, key: string, label: string) => documentScopeIndex('INVOICES', gsi, key, label);

/** Open: issued or partially paid. The sparse open indexes hold an invoice only then (it leaves when paid or void). */
const isOpenItem = (attr: Record<string, unknown>) => attr.status === 'issued' || attr.status === 'partially_paid';

/**
 * The invoice header: everything but the lines, with copies of its client's category and scope keys so
 * lists are served by index. In the GSIs below (all project ALL); the lines item is in none.
 */
export const invoiceEntity = () =>
  new Entity({
    model: { entity: 'invoice', version: '1', service: SERVICE },
    attributes: {
      tenantId: { type: 'string', required: true },
      id: { type: 'string', required: true },
      clientId: { type: 'string', required: true },
      number: { type: 'string' },
      status: { type: 'string', required: true },
      issueDate: { type: 'string', required: true },
      dueDate: { type: 'string', required: true },
      currency: { type: 'string', required: true },
      totals: { type: 'any', required: true },
      /** The total again, top level, so the amount filter is a plain comparison. */
      total: { type: 'number', required: true },
      paid: { type: 'number', required: true },
      credited: { type: 'number', required: true },
      balance: { type: 'number', required: true },
      paidDate: { type: 'string' },
      hold: { type: 'any' },
      estimateId: { type: 'string' },
      lineCount: { type: 'number', required: true },
      version: { type: 'number', required: true },
      createdAt: { type: 'string', required: true },
      createdBy: { type: 'string', required: true },
      updatedAt: { type: 'string', required: true },
      updatedBy: { type: 'string', required: true },
      // The client's keys, copied (InvoiceClientKeys), and their index keys: `none` buckets for the category, and `none` (out of the sparse index) for absent scope keys.
      ...clientCopyAttributes,
    },
    indexes: {
      byId: { pk: invoicePk, sk: { field: keyFields.sk, composite: [], template: 'HEAD', casing: 'none' } },
      byClient: {
        index: keyFields.gsi1.index,
        pk: { field: keyFields.gsi1.pk, composite: ['tenantId', 'clientId'], template: 'T#${tenantId}#INVOICES#CLIENT#${clientId}', casing: 'none' },
        sk: byIssue(keyFields.gsi1.sk),
      },
      open: {
        index: keyFields.gsi2.index,
        condition: isOpenItem,
        pk: { field: keyFields.gsi2.pk, composite: ['tenantId'], template: 'T#${tenantId}#INVOICES#OPEN', casing: 'none' },
        sk: byDue(keyFields.gsi2.sk),
      },
      byCategory: {
        index: keyFields.gsi3.index,
        pk: { field: keyFields.gsi3.pk, composite: ['tenantId', 'categoryKey'], template: 'T#${tenantId}#INVOICES#CATEGORY#${categoryKey}', casing: 'none' },
        sk: byIssue(keyFields.gsi3.sk),
      },
      byCollector: scopeIndex(keyFields.gsi4, 'collectorKey', 'COLLECTOR'),
      byAgent: scopeIndex(keyFields.gsi5, 'agentKey', 'AGENT'),
      bySeller: scopeIndex(keyFields.gsi6, 'sellerKey', 'SELLER'),
      byBranch: scopeIndex(keyFields.gsi7, 'branchKey', 'BRANCH'),
      byDepartment1: scopeIndex(keyFields.gsi8, 'department1Key', 'DEPARTMENT'),
      byDepartment2: scopeIndex(keyFields.gsi9, 'department2Key', 'DEPARTMENT'),
      byDepartment3: scopeIndex(keyFields.gsi10, 'department3Key', 'DEPARTMENT'),
      byStatus: {
        index: keyFields.gsi11.index,
        pk: { field: keyFields.gsi11.pk, composite: ['tenantId', 'status'], template: 'T#${tenantId}#INVOICES#STATUS#${status}', casing: 'none' },
        sk: byIssue(keyFields.gsi11.sk),
      },
      openByClient: {
        index: keyFields.gsi12.index,
        condition: isOpenItem,
        pk: { field: keyFields.gsi12.pk, composite: ['tenantId', 'clientId'], template: 'T#${tenantId}#INVOICES#OPEN#CLIENT#${clientId}', casing: 'none' },
        sk: byDue(keyFields.gsi12.sk),
      },
    },
  });
