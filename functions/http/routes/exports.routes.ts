import * as z from 'zod';
import { ExportFailureCode, ExportStatus, ExportType } from '../../../domain/exports/export-job.schema.ts';
import { runExportsRequirement } from '../../../domain/exports/export.use-cases.ts';
import { PlainDate } from '../../../domain/receivables/local-date.ts';
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
  type: ExportType.exclude(['notes']).describe(
    '`clients`: the client list (seed columns); `delinquency`: the mora report, per client overdue balance by ageing bucket and category',
  ),
  filter: z
    .strictObject({ ...listFilters, collectionsEnabled: z.boolean().optional() })
    .optional()
    .describe('The filters of `GET /v1/clients` (default: every active client of your scope)'),
});

/** The filters of the notes report (`GET /v1/notes`), as a JSON body: booleans are booleans. */
export const NewNotesExport = z.strictObject({
  clientId: Id.optional().describe('One client’s notes'),
  branchId: Id.optional().describe('Notes whose author works **now** in this branch'),
  departmentId: Id.optional().describe('Notes whose author works **now** in this department'),
  userId: Id.optional().describe('Notes of one author'),
  from: PlainDate.optional().describe('First day written (`YYYY-MM-DD`, your company’s calendar, included)'),
  to: PlainDate.optional().describe('Last day written (included)'),
  lastThree: z.boolean().optional().describe('`true`: only the newest three notes of each client (clients in id order)'),
  groupBy: z
    .enum(['department'])
    .optional()
    .describe('`department`: rows ordered by their author’s current department (department id order, authors without one last), newest first within each'),
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
    operationId: 'createNotesExport',
    method: 'POST',
    path: '/v1/notes/report/exports',
    summary: 'Start an Excel export of the notes report as your level lets you read it (the filters of `GET /v1/notes`); the file is e-mailed to you as a link',
    tag,
    body: NewNotesExport,
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
