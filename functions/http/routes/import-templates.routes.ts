import * as z from 'zod';
import { XLSX_CONTENT_TYPE } from '../../../domain/imports/import-job.use-cases.ts';
import type { RouteSpec } from '../route-spec.ts';

/** The import types a template exists for (domain/imports/rows.ts `ImportType`). */
export const TemplateType = z
  .enum(['clients', 'client_terms', 'contacts', 'invoices', 'payments'])
  .describe('`clients` comes pre-filled with your clients (those your access level lets you see); the others are empty');

/**
 * Apart from imports.routes.ts: the template route lives in its own function, the only HTTP function
 * that bundles exceljs (decision "Import templates").
 */
export const importTemplateRoutes = [
  {
    operationId: 'getImportTemplate',
    method: 'GET',
    path: '/v1/imports/templates/{type}',
    summary: 'The .xlsx template of an import type: headers in the request language, dropdowns of your lists, instructions',
    tag: 'Imports',
    params: z.strictObject({ type: TemplateType }),
    requires: { level: 4, permission: 'imports.run' },
    success: { status: 200, description: 'The workbook (attachment)', contentType: XLSX_CONTENT_TYPE },
  },
] as const satisfies readonly RouteSpec[];
