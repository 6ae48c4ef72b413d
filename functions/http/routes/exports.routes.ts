import * as z from 'zod';
import { ExportFailureCode, ExportStatus, ExportType } from '../../../domain/exports/export-job.schema.ts';
import { runExportsRequirement } from '../../../domain/exports/export.use-cases.ts';
import { Id, pageOf, paginationQuery, type RouteSpec } from '../route-spec.ts';
import { listFilters } from './clients.routes.ts';

const tag = 'Exports';

export const ExportView = z
  .object({
    id: z.string(),
    type: ExportType,
    language: z.enum(['es', 'en']).describe('Headers, sheet name and e-mail: the language the export was asked in (Accept-Language)'),
    status: ExportStatus.describe('`pending` → `running` → `completed` | `failed`'),
    rowsWritten: z.number().int().describe('Rows written so far (every 5,000 while running); all of them once completed'),
    createdAt: z.string(),
    startedAt: z.string().optional(),
    completedAt: z.string().optional(),
    failure: z.object({ code: ExportFailureCode, message: z.string() }).optional().describe('Why it failed, in the language of this request'),
    download: z
      .object({ url: z.string(), expiresAt: z.string() })
      .optional()
      .describe('Completed: a presigned link to the .xlsx, valid 15 minutes; each read mints a new one'),
  })
  .meta({ id: 'Export', description: 'An asynchronous Excel export and, once completed, a link to its file' });

export const NewExport = z.strictObject({
  type: ExportType.describe(
    '`clients`: the client list (seed columns); `delinquency`: the mora report, per client overdue balance by ageing bucket and category',
  ),
  filter: z
    .strictObject({ ...listFilters, collectionsEnabled: z.boolean().optional() })
    .optional()
    .describe('The filters of `GET /v1/clients` (default: every active client of your scope)'),
});

export const exportRoutes = [
  {
    operationId: 'createExport',
    method: 'POST',
    path: '/v1/exports',
    summary: 'Start an Excel export of the clients of your scope (all, or filtered); the file is e-mailed to you as a link',
    tag,
    body: NewExport,
    idempotent: true,
    requires: runExportsRequirement,
    success: { status: 202, description: 'The export, queued', schema: ExportView },
  },
  {
    operationId: 'getExport',
    method: 'GET',
    path: '/v1/exports/{exportId}',
    summary: 'One of your exports: status, rows written and, once completed, a fresh download link',
    tag,
    params: z.strictObject({ exportId: Id }),
    requires: runExportsRequirement,
    success: { status: 200, description: 'The export', schema: ExportView },
  },
  {
    operationId: 'listExports',
    method: 'GET',
    path: '/v1/exports',
    summary: 'Your exports, newest first',
    tag,
    query: z.strictObject(paginationQuery),
    requires: runExportsRequirement,
    success: { status: 200, description: 'A page of exports', schema: pageOf(ExportView) },
  },
] as const satisfies readonly RouteSpec[];
