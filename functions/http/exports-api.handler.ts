import { Logger } from '@aws-lambda-powertools/logger';
import { getExport, listExports, requestExport, requestNotesExport } from '../../domain/exports/export.use-cases.ts';
import { nameKeyOf } from '../../domain/shared/text.ts';
import { cursorKeySecret } from '../adapters/secrets/cursor-key.ts';
import { readConfig } from '../config.ts';
import { exportLinks, exportRepositories } from '../wiring/exports.ts';
import { tableDependencies } from '../wiring/table.ts';
import { tenantIdempotency } from './idempotency.ts';
import { httpApi } from './http-api.ts';
import { exportRoutes } from './routes/exports.routes.ts';
import { sealedCursors } from './sealed-cursor.ts';

const table = tableDependencies(readConfig(process.env, 'exports-api'));
const deps = { ...table, jobs: exportRepositories(table).exportJobs, links: exportLinks(table.config, table.clock) };
const logger = new Logger({ serviceName: 'cobranza' });

export const handler = httpApi({
  name: 'exports-api',
  routes: exportRoutes,
  logger,
  idempotency: tenantIdempotency({ client: deps.dynamoClient, tableName: deps.config.tableName, logger }),
  cursors: sealedCursors({ secret: cursorKeySecret(deps.config), clock: deps.clock }),
  access: deps,
  impls: {
    createExport: async ({ actor, body, lang }) => {
      // The list filter as the domain takes it (the name as its folded prefix), as GET /v1/clients does.
      const { name, ...filter } = body.filter ?? { status: 'active' as const };
      const view = await requestExport(deps)(actor, {
        type: body.type,
        language: lang,
        filter: { ...filter, ...(name ? { namePrefix: nameKeyOf(name) } : {}) },
      });
      return { body: view };
    },
    createNotesExport: async ({ actor, body, lang }) => ({ body: await requestNotesExport(deps)(actor, { filter: body, language: lang }) }),
    getExport: async ({ actor, params, lang }) => ({ body: await getExport(deps)(actor, params.exportId, lang) }),
    listExports: async ({ actor, query, lang }) => ({ body: await listExports(deps)(actor, { limit: query.limit, cursor: query.cursor }, lang) }),
  },
});
