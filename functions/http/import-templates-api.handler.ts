import { Logger } from '@aws-lambda-powertools/logger';
import { clientImportSpec, clientTemplateRow } from '../../domain/imports/client-columns.ts';
import { MAX_TEMPLATE_BYTES, planTemplate } from '../../domain/imports/templates.ts';
import { invalidState } from '../../domain/shared/errors.ts';
import { readConfig } from '../config.ts';
import { dynamoCatalogRepository } from '../adapters/dynamodb/catalog.repository.ts';
import { clientRecords } from '../wiring/clients.ts';
import { onFirstUse } from '../wiring/on-first-use.ts';
import { tableDependencies } from '../wiring/table.ts';
import { templateDeps, type PrefilledType } from '../wiring/templates.ts';
import type { ImportType } from '../../domain/imports/rows.ts';
import { writeTemplateWorkbook } from '../workbooks/template-workbook.ts';
import { httpApi } from './http-api.ts';
import { importTemplateRoutes } from './routes/import-templates.routes.ts';

/**
 * The HTTP function of the import templates, built around the types it pre-fills so tests can plug a
 * spec of their own; the handler below is the deployed one.
 */
export interface ImportTemplatesOptions {
  /** The types whose template is pre-filled with the caller's clients. */
  prefilled?: Partial<Record<ImportType, PrefilledType>>;
  /** Bounds of a pre-filled template (tests make them small). */
  maxRows?: number;
  maxBytes?: number;
}

export function importTemplatesApi({ prefilled = {}, maxRows, maxBytes = MAX_TEMPLATE_BYTES }: ImportTemplatesOptions = {}) {
  const table = tableDependencies(readConfig(process.env, 'import-templates'));
  // The client records and catalogues alone: none of the client book's write paths.
  const clients = clientRecords(table);
  const catalogs = onFirstUse(() => dynamoCatalogRepository(table.data));
  const depsFor = templateDeps({ clients, catalogs, users: table.users, tenants: table.tenants }, prefilled, maxRows);
  return httpApi({
    name: 'import-templates',
    routes: importTemplateRoutes,
    logger: new Logger({ serviceName: 'cobranza' }),
    access: table,
    impls: {
      getImportTemplate: async ({ actor, params, lang }) => {
        const plan = await planTemplate(depsFor())(actor, params.type, lang);
        const bytes = await writeTemplateWorkbook(plan);
        // Lambda answers at most 6 MB, and base64 takes 4/3 of the bytes: long texts in few rows must not fail as a 500.
        if (bytes.length > maxBytes) throw invalidState('template_too_big', { limit: maxBytes });
        return {
          body: bytes.toString('base64'),
          isBase64Encoded: true,
          headers: { 'content-disposition': `attachment; filename="${plan.fileName}"`, 'cache-control': 'no-store' },
        };
      },
    },
  });
}

export const handler = importTemplatesApi({ prefilled: { clients: { spec: clientImportSpec, render: clientTemplateRow } } });
