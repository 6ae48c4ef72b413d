import { requireAccess, type Actor } from '../shared/actor.ts';
import { createOnce } from '../shared/create-once.ts';
import { notFound } from '../shared/errors.ts';
import type { Clock, IdGenerator } from '../shared/ports.ts';
import { importObjectKey, parseImportObjectKey, type ImportJob, type ImportStarted, type NewImportJob } from './import-job.schema.ts';
import type { ImportJobRepository, UploadUrls, WorkbookInspector } from './ports.ts';

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Creates an import job and the URL to upload its workbook to. */
export const requestImport =
  (deps: { jobs: ImportJobRepository; uploads: UploadUrls; clock: Clock; ids: IdGenerator }) =>
  async (actor: Actor, input: NewImportJob): Promise<ImportStarted> => {
    requireAccess(actor, { level: 4, permission: 'imports.run' });
    const id = deps.ids.next();
    const draft: ImportJob = {
      id,
      tenantId: actor.tenantId,
      kind: input.kind,
      fileName: input.fileName,
      objectKey: importObjectKey(actor.tenantId, id),
      status: 'awaiting_upload',
      version: 1,
      createdAt: deps.clock.now().toISOString(),
      createdBy: actor.userId,
    };
    // A redo of a request whose first attempt committed finds its job (and gets a fresh URL for it).
    const job = await createOnce(
      draft,
      () => deps.jobs.create(draft),
      () => deps.jobs.get(actor.tenantId, id),
    );
    const { url, expiresAt } = await deps.uploads.uploadUrl(job.objectKey, XLSX_CONTENT_TYPE);
    return { job, upload: { url, method: 'PUT', contentType: XLSX_CONTENT_TYPE, expiresAt: expiresAt.toISOString() } };
  };

export const getImportJob =
  (deps: { jobs: ImportJobRepository }) =>
  async (actor: Actor, id: string): Promise<ImportJob> => {
    const job = await deps.jobs.get(actor.tenantId, id);
    if (!job) throw notFound('import', id);
    return job;
  };

export type UploadOutcome = 'received' | 'rejected' | 'duplicate' | 'unknown_job';

/**
 * Records an uploaded workbook. S3 delivers events at least once, so only the first delivery for
 * a job moves it out of `awaiting_upload`; repeats answer `duplicate` and change nothing.
 */
export const recordUpload =
  (deps: { jobs: ImportJobRepository; inspector: WorkbookInspector; clock: Clock }) =>
  async (upload: { objectKey: string; sizeBytes: number }): Promise<UploadOutcome> => {
    const ref = parseImportObjectKey(upload.objectKey);
    if (!ref) return 'unknown_job';
    const job = await deps.jobs.get(ref.tenantId, ref.jobId);
    if (!job) return 'unknown_job';
    if (job.status !== 'awaiting_upload') return 'duplicate';
    const base = { ...job, sizeBytes: upload.sizeBytes, receivedAt: deps.clock.now().toISOString(), version: job.version + 1 };
    let next: ImportJob;
    try {
      next = { ...base, status: 'received', sheets: await deps.inspector.inspect(upload.objectKey) };
    } catch (error) {
      next = { ...base, status: 'rejected', error: `not a readable .xlsx workbook: ${error instanceof Error ? error.message : String(error)}` };
    }
    return (await deps.jobs.transition(next, job)) ? (next.status as UploadOutcome) : 'duplicate';
  };
