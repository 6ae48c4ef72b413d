import { Logger } from '@aws-lambda-powertools/logger';
import { getImportJob, requestImport } from '../../domain/imports/import-job.use-cases.ts';
import { readConfig } from '../config.ts';
import { importRepositories } from '../wiring/imports.ts';
import { tableDependencies } from '../wiring/table.ts';
import { uploadUrls } from '../wiring/uploads.ts';
import { tenantIdempotency } from './idempotency.ts';
import { httpApi } from './http-api.ts';
import { importRoutes } from './routes/imports.routes.ts';

const table = tableDependencies(readConfig(process.env, 'imports-api'));
const deps = { ...table, ...importRepositories(table), uploads: uploadUrls(table.config, table.clock) };
const logger = new Logger({ serviceName: 'cobranza' });

export const handler = httpApi({
  name: 'imports-api',
  routes: importRoutes,
  logger,
  idempotency: tenantIdempotency({ client: deps.dynamoClient, tableName: deps.config.tableName, logger }),
  access: deps,
  impls: {
    createImport: async ({ actor, body }) => ({ body: await requestImport(deps)(actor, body) }),
    getImport: async ({ actor, params }) => {
      const job = await getImportJob(deps)(actor, params.importId);
      return { body: job, etag: job.version };
    },
  },
});
