import { requireAccess, type Actor } from '../shared/actor.ts';
import { createOnce } from '../shared/create-once.ts';
import { notFound } from '../shared/errors.ts';
import type { Clock, IdGenerator, Page, PageRequest } from '../shared/ports.ts';
import {
  emptyProgress,
  importJobView,
  importObjectKey,
  type ImportJob,
  type ImportJobView,
  type ImportStarted,
  type JobLanguage,
  type NewImportJob,
} from './import-job.schema.ts';
import { DEFAULT_IMPORT_LIMITS } from './import-limits.ts';
import { assertImportMode } from './import-modes.ts';
import type { DownloadUrls, ImportJobRepository, UploadUrls } from './ports.ts';

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const runImports = { level: 4, permission: 'imports.run' } as const;

/** Creates an import job (`pending`) and the URL to upload its workbook to, signed for the declared size. */
export const requestImport =
  (deps: { jobs: ImportJobRepository; uploads: UploadUrls; clock: Clock; ids: IdGenerator }) =>
  async (actor: Actor, input: NewImportJob, language: JobLanguage): Promise<ImportStarted> => {
    requireAccess(actor, runImports);
    assertImportMode(input.type, input.mode);
    const id = deps.ids.next();
    const at = deps.clock.now();
    const now = at.toISOString();
    const draft: ImportJob = {
      id,
      tenantId: actor.tenantId,
      type: input.type,
      mode: input.mode,
      dryRun: input.dryRun,
      createMissingReferences: input.createMissingReferences,
      language,
      fileName: input.fileName,
      objectKey: importObjectKey(actor.tenantId, id),
      declaredSizeBytes: input.sizeBytes,
      status: 'pending',
      progress: emptyProgress(),
      checkpoint: 0,
      attempts: 0,
      continuations: 0,
      errorSample: [],
      requester: actor,
      // Due to the sweeper when the upload window closes: a file that never came fails the job then.
      sweepAt: new Date(at.getTime() + DEFAULT_IMPORT_LIMITS.uploadWindowMs).toISOString(),
      createdBy: actor.userId,
      createdAt: now,
      updatedAt: now,
      version: 1,
    };
    // A redo of a request whose first attempt committed finds its job (and gets a fresh URL for it).
    const job = await createOnce(
      draft,
      () => deps.jobs.create(draft),
      () => deps.jobs.get(actor.tenantId, id),
    );
    const contentLength = job.declaredSizeBytes ?? input.sizeBytes;
    const { url, expiresAt } = await deps.uploads.uploadUrl(job.objectKey, XLSX_CONTENT_TYPE, contentLength);
    return { job: importJobView(job), upload: { url, method: 'PUT', contentType: XLSX_CONTENT_TYPE, contentLength, expiresAt: expiresAt.toISOString() } };
  };

/**
 * A job, and above all its error workbook, holds the rows of clients its requester could reach: level 1 sees
 * every job of the company, levels 2–4 only their own (another user's is a 404, as a foreign id).
 */
const maySee = (actor: Actor, job: { createdBy: string }) => actor.accessLevel === 1 || job.createdBy === actor.userId;
/** A job with its live progress, and the error workbook's download URL once there is one. */
export const getImportJob =
  (deps: { jobs: ImportJobRepository; downloads: DownloadUrls }) =>
  async (actor: Actor, id: string): Promise<{ view: ImportJobView; version: number }> => {
    requireAccess(actor, runImports);
    const job = await deps.jobs.get(actor.tenantId, id);
    if (!job || !maySee(actor, job)) throw notFound('import', id);
    const link = job.resultKey ? await deps.downloads.downloadUrl(job.resultKey) : undefined;
    return { view: importJobView(job, link && { url: link.url, expiresAt: link.expiresAt.toISOString() }), version: job.version };
  };

/** The tenant's past imports, newest first (their error workbooks through `getImportJob`). */
export const listImportJobs =
  (deps: { jobs: ImportJobRepository }) =>
  async (actor: Actor, page: PageRequest): Promise<Page<ImportJobView>> => {
    requireAccess(actor, runImports);
    const result = await deps.jobs.list(actor.tenantId, page, actor.accessLevel === 1 ? undefined : actor.userId);
    return { items: result.items.map((job) => importJobView(job)), ...(result.cursor ? { cursor: result.cursor } : {}) };
  };
