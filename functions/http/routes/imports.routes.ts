import * as z from 'zod';
import { ImportJobView, ImportStarted, NewImportJob } from '../../../domain/imports/import-job.schema.ts';
import { Id, pageOf, paginationQuery, type RouteSpec } from '../route-spec.ts';

/** Imports write clients in bulk: the explicit `imports.run` permission, at any level. */
const runImports = { level: 4, permission: 'imports.run' } as const;

const tag = 'Imports';

export const importRoutes = [
  {
    operationId: 'createImport',
    method: 'POST',
    path: '/v1/imports',
    summary: 'Start an Excel import: returns the job and a URL to PUT the .xlsx to',
    tag,
    body: NewImportJob,
    idempotent: true,
    requires: runImports,
    success: { status: 201, description: 'The job and its upload URL', schema: ImportStarted },
  },
  {
    operationId: 'listImports',
    method: 'GET',
    path: '/v1/imports',
    summary: "The company's import jobs, newest first",
    tag,
    query: z.strictObject({ ...paginationQuery }),
    requires: runImports,
    success: { status: 200, description: 'A page of jobs', schema: pageOf(ImportJobView) },
  },
  {
    operationId: 'getImport',
    method: 'GET',
    path: '/v1/imports/{importId}',
    summary: 'An import job: status, live progress and the error workbook',
    tag,
    params: z.strictObject({ importId: Id }),
    requires: runImports,
    success: { status: 200, description: 'The job', schema: ImportJobView },
  },
] as const satisfies readonly RouteSpec[];
