import { dynamoSettlementHook } from '../adapters/dynamodb/escalation-keys.ts';
import type { TableDependencies } from './table.ts';

/**
 * The payment hook for whoever records money: after a payment or credit note is applied, one call with
 * the invoices it touched queues a settlement check for each escalation among them (the escalation
 * dispatcher closes what was paid). `await settleEscalations(table)(tenantId, invoiceIds)`.
 */
export const settleEscalations = (table: Pick<TableDependencies, 'document' | 'config' | 'clock'>) =>
  dynamoSettlementHook(table.document, table.config.tableName, () => table.clock.now());
