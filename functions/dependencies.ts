import { cognitoClient, dynamoClients, s3Client, sesClient } from './adapters/aws-clients.ts';
import { cognitoDirectory } from './adapters/cognito/cognito-directory.ts';
import { localDirectory } from './adapters/cognito/local-directory.ts';
import { dynamoCatalogRepository } from './adapters/dynamodb/catalog.repository.ts';
import { dynamoAgentCounter, dynamoClientRepository } from './adapters/dynamodb/client.repository.ts';
import { dynamoContactRepository } from './adapters/dynamodb/contact.repository.ts';
import { createDataService } from './adapters/dynamodb/entities/index.ts';
import { dynamoImportJobRepository } from './adapters/dynamodb/import-job.repository.ts';
import { dynamoOrgUnitRepository } from './adapters/dynamodb/org-unit.repository.ts';
import { dynamoOutboxRepository } from './adapters/dynamodb/outbox.repository.ts';
import { dynamoTenantRepository } from './adapters/dynamodb/tenant.repository.ts';
import { dynamoUserRepository } from './adapters/dynamodb/user.repository.ts';
import { exceljsWorkbookInspector } from './adapters/s3/exceljs-workbook-inspector.ts';
import { presignedUploadUrls } from './adapters/s3/presigned-upload-urls.ts';
import { sesMailer } from './adapters/ses/ses-mailer.ts';
import { clockFor, ulidGenerator } from './adapters/system.ts';
import type { OverviewSection } from '../domain/clients/overview.use-case.ts';
import type { RuntimeConfig } from './config.ts';

/**
 * The adapters behind every domain port, built once per cold start (never inside a handler body).
 * S3 and SES clients are created on first use, so functions that do not need them pay nothing.
 */
export function createDependencies(config: RuntimeConfig) {
  const dynamo = dynamoClients(config);
  const data = createDataService(dynamo.document, config.tableName);
  const clock = clockFor(config.stage, config.clockAt);
  let s3: ReturnType<typeof s3Client> | undefined;
  const s3Lazy = () => (s3 ??= s3Client(config));
  return {
    config,
    clock,
    ids: ulidGenerator(),
    dynamoClient: dynamo.raw,
    data,
    tenants: dynamoTenantRepository(data),
    users: dynamoUserRepository(data),
    orgUnits: dynamoOrgUnitRepository(data),
    outbox: dynamoOutboxRepository(data),
    jobs: dynamoImportJobRepository(data),
    clients: dynamoClientRepository(data, dynamo.document),
    catalogs: dynamoCatalogRepository(data),
    contacts: dynamoContactRepository(data),
    counter: dynamoAgentCounter(data, dynamo.document),
    /** What later modules (invoices, payments, notes, tasks) add to a client's overview: they register here. */
    overviewSections: [] as OverviewSection[],
    get uploads() { return presignedUploadUrls(s3Lazy(), config.uploadsBucket, clock); },
    get inspector() { return exceljsWorkbookInspector(s3Lazy(), config.uploadsBucket); },
    get mailer() { return sesMailer(sesClient(config)); },
    directory: config.userPoolId
      ? cognitoDirectory(cognitoClient(config), config.userPoolId)
      : localDirectory,
  };
}

export type Dependencies = ReturnType<typeof createDependencies>;
