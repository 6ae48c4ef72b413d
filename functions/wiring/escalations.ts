import { agencyKeys } from '../adapters/agency/agency-keys.ts';
import { dynamoAgencyDeliveryQueue, dynamoEscalationRepository, dynamoSettlementChecks } from '../adapters/dynamodb/escalation.repository.ts';
import { agencySecret } from '../adapters/secrets/agency-secret.ts';
import { clientRecords } from './clients.ts';
import type { TableDependencies } from './table.ts';

/**
 * The escalation records and the agency's delivery queue over the table; the tenants' webhook keys,
 * derived from the agency integration's own secret (not the cursor key: rotating one leaves the other alone).
 */
export function escalationDependencies(table: Pick<TableDependencies, 'data' | 'document' | 'config' | 'tenants' | 'clock' | 'ids'>) {
  const { document, config } = table;
  return {
    escalations: dynamoEscalationRepository(document, config.tableName),
    queue: dynamoAgencyDeliveryQueue(document, config.tableName),
    checks: dynamoSettlementChecks(document, config.tableName),
    clients: clientRecords(table),
    tenants: table.tenants,
    clock: table.clock,
    ids: table.ids,
    keys: agencyKeys(agencySecret(config)),
  };
}

export { settleEscalations } from './escalation-settlement.ts';
