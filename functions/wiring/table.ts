import { dynamoClients } from '../adapters/aws-clients.ts';
import { createDataService } from '../adapters/dynamodb/entities/index.ts';
import { dynamoTenantRepository } from '../adapters/dynamodb/tenant.repository.ts';
import { dynamoUserRepository } from '../adapters/dynamodb/user.repository.ts';
import { clockFor, ulidGenerator } from '../adapters/system.ts';
import type { RuntimeConfig } from '../config.ts';

/**
 * What every function that touches the table shares: the DynamoDB clients, the ElectroDB service,
 * clock and ids, and the tenant and user records (every request's access check reads them). Each
 * handler adds the repositories and services of its own context (the other files of this folder),
 * so a function bundles only the adapters it uses: see decision "Each function wires its own
 * dependencies".
 */
export function tableDependencies(config: RuntimeConfig) {
  const dynamo = dynamoClients(config);
  const data = createDataService(dynamo.document, config.tableName);
  return {
    config,
    clock: clockFor(config.stage, config.clockAt),
    ids: ulidGenerator(),
    dynamoClient: dynamo.raw,
    document: dynamo.document,
    data,
    tenants: dynamoTenantRepository(data),
    users: dynamoUserRepository(data),
  };
}

export type TableDependencies = ReturnType<typeof tableDependencies>;
