import { Entity } from 'electrodb';
import { SERVICE, keyFields } from './model.ts';

/** Sort key of the source lists: date, then id; read newest first. */
const byDate = (field: string) => ({ field, composite: ['date', 'id'], template: '${date}#${id}', casing: 'none' }) as const;

/**
 * A payment or a credit note (domain/receivables/payment.ts `MoneySource`), each in its own partition as
 * invoices are (`T#<t>#PAYMENT#<id>` / `T#<t>#CREDITNOTE#<id>`, sk `HEAD`): recording thousands spreads
 * them. gsi1 lists a client's by date, gsi11 the tenant's (both projected ALL, read newest first).
 */
const moneySourceEntity = (entity: 'payment' | 'creditNote', label: 'PAYMENT' | 'CREDITNOTE') =>
  new Entity({
    model: { entity, version: '1', service: SERVICE },
    attributes: {
      tenantId: { type: 'string', required: true },
      id: { type: 'string', required: true },
      clientId: { type: 'string', required: true },
      kind: { type: 'string', required: true },
      amount: { type: 'number', required: true },
      currency: { type: 'string', required: true },
      date: { type: 'string', required: true },
      method: { type: 'string' },
      reference: { type: 'string' },
      number: { type: 'string' },
      reason: { type: 'string' },
      /** `[{ invoiceId, amount, date }]`, in the order applied. */
      allocations: { type: 'any', required: true },
      unapplied: { type: 'number', required: true },
      status: { type: 'string', required: true },
      reversedDate: { type: 'string' },
      version: { type: 'number', required: true },
      createdAt: { type: 'string', required: true },
      createdBy: { type: 'string', required: true },
      updatedAt: { type: 'string', required: true },
      updatedBy: { type: 'string', required: true },
    },
    indexes: {
      byId: {
        pk: { field: keyFields.pk, composite: ['tenantId', 'id'], template: `T#\${tenantId}#${label}#\${id}`, casing: 'none' },
        sk: { field: keyFields.sk, composite: [], template: 'HEAD', casing: 'none' },
      },
      byClient: {
        index: keyFields.gsi1.index,
        pk: { field: keyFields.gsi1.pk, composite: ['tenantId', 'clientId'], template: `T#\${tenantId}#${label}S#CLIENT#\${clientId}`, casing: 'none' },
        sk: byDate(keyFields.gsi1.sk),
      },
      byTenant: {
        index: keyFields.gsi11.index,
        pk: { field: keyFields.gsi11.pk, composite: ['tenantId'], template: `T#\${tenantId}#${label}S`, casing: 'none' },
        sk: byDate(keyFields.gsi11.sk),
      },
    },
  });

export const paymentEntity = () => moneySourceEntity('payment', 'PAYMENT');
export const creditNoteEntity = () => moneySourceEntity('creditNote', 'CREDITNOTE');
