import * as z from 'zod';
import { ImportJob, ImportStarted, NewImportJob } from '../../../domain/imports/import-job.schema.ts';
import { Id, type RouteSpec } from '../route-spec.ts';

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
    operationId: 'getImport',
    method: 'GET',
    path: '/v1/imports/{importId}',
    summary: 'An import job and its status',
    tag,
    params: z.strictObject({ importId: Id }),
    requires: runImports,
    success: { status: 200, description: 'The job', schema: ImportJob },
  },
] as const satisfies readonly RouteSpec[];
