import { Logger } from '@aws-lambda-powertools/logger';
import type { NewImportJob } from '../../domain/imports/import-job.schema.ts';
import { getImportJob, requestImport } from '../../domain/imports/import-job.use-cases.ts';
import { readConfig } from '../config.ts';
import { createDependencies } from '../dependencies.ts';
import { httpApi } from './http-api.ts';
import { importRoutes } from './routes/imports.routes.ts';

const deps = createDependencies(readConfig(process.env, 'imports-api'));
const logger = new Logger({ serviceName: 'cobranza' });

export const handler = httpApi({
  name: 'imports-api',
  routes: importRoutes,
  logger,
  idempotency: { client: deps.dynamoClient, tableName: deps.config.tableName },
  access: deps,
  impls: {
    createImport: async ({ actor, body }) => ({ body: await requestImport(deps)(actor, body as NewImportJob) }),
    getImport: async ({ actor, params }) => {
      const job = await getImportJob(deps)(actor, params.importId!);
      return { body: job, etag: job.version };
    },
  },
});
