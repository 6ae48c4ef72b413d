import { Logger } from '@aws-lambda-powertools/logger';
import { getImportJob, listImportJobs, requestImport } from '../../domain/imports/import-job.use-cases.ts';
import { cursorKeySecret } from '../adapters/secrets/cursor-key.ts';
import { readConfig } from '../config.ts';
import { importRepositories } from '../wiring/imports.ts';
import { tableDependencies } from '../wiring/table.ts';
import { downloadUrls, uploadUrls } from '../wiring/uploads.ts';
import { tenantIdempotency } from './idempotency.ts';
import { httpApi } from './http-api.ts';
import { importRoutes } from './routes/imports.routes.ts';
import { sealedCursors } from './sealed-cursor.ts';

const table = tableDependencies(readConfig(process.env, 'imports-api'));
const deps = { ...table, ...importRepositories(table), uploads: uploadUrls(table.config, table.clock), downloads: downloadUrls(table.config, table.clock) };
const logger = new Logger({ serviceName: 'cobranza' });

export const handler = httpApi({
  name: 'imports-api',
  routes: importRoutes,
  logger,
  idempotency: tenantIdempotency({ client: deps.dynamoClient, tableName: deps.config.tableName, logger }),
  cursors: sealedCursors({ secret: cursorKeySecret(deps.config), clock: deps.clock }),
  access: deps,
  impls: {
    createImport: async ({ actor, body, lang }) => ({ body: await requestImport(deps)(actor, body, lang) }),
    listImports: async ({ actor, query: { limit, cursor } }) => ({ body: await listImportJobs(deps)(actor, { limit, cursor }) }),
    getImport: async ({ actor, params }) => {
      const { view, version } = await getImportJob(deps)(actor, params.importId);
      return { body: view, etag: version };
    },
  },
});
