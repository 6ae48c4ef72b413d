import * as z from 'zod';
import { BoundedText } from '../shared/fields.ts';
import type { Actor } from '../shared/actor.ts';
import type { ImportMode, ImportType, Localized, RowError } from './rows.ts';

/**
 * An Excel import job. The API creates it `pending` with an upload URL; the S3 trigger takes its lease and
 * runs it (`running`), committing progress and a checkpoint after every batch, until it ends `completed`,
 * `completed_with_errors` (some rows failed: see the error workbook) or `failed` (the file was refused, or
 * the run could not go on: `failure` says why, and `progress` what was written before).
 */
export const ImportJobStatus = z.enum(['pending', 'running', 'completed', 'completed_with_errors', 'failed']);
export type ImportJobStatus = z.infer<typeof ImportJobStatus>;
export const FINISHED_STATUSES: readonly ImportJobStatus[] = ['completed', 'completed_with_errors', 'failed'];

export const ImportTypeSchema = z.enum(['clients', 'client_terms', 'contacts', 'invoices', 'payments']) satisfies z.ZodType<ImportType>;
export const ImportModeSchema = z.enum(['create', 'update', 'upsert']) satisfies z.ZodType<ImportMode>;
export const JobLanguage = z.enum(['es', 'en']);
export type JobLanguage = z.infer<typeof JobLanguage>;

/** The largest workbook an import takes (the upload URL signs the declared length, the runner checks the stored size). */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

export const NewImportJob = z.strictObject({
  type: ImportTypeSchema,
  fileName: BoundedText(200).regex(/\.xlsx$/i, 'must be an .xlsx file'),
  /** The file's size in bytes: the upload URL is signed for exactly this length. */
  sizeBytes: z.number().int().min(1).max(MAX_IMPORT_BYTES),
  mode: ImportModeSchema.default('upsert').describe(
    '`create` only creates, `update` only updates, `upsert` does either; `client_terms` creates nothing and takes `update` or `upsert` only',
  ),
  dryRun: z.boolean().default(false),
  createMissingReferences: z.boolean().default(false),
});
export type NewImportJob = z.infer<typeof NewImportJob>;

export interface ImportProgress {
  rowsRead: number;
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
}
export const emptyProgress = (): ImportProgress => ({ rowsRead: 0, created: 0, updated: 0, unchanged: 0, failed: 0 });

/** Who runs the job: taken while it runs, renewed at every batch; an expired one is taken over (sweeper). */
export interface ImportLease {
  owner: string;
  expiresAt: string;
}

export interface ImportFailure {
  code: string;
  message: Localized;
}

/** The stored job. The API shows `ImportJobView` (no lease owner, no requester's permissions). */
export interface ImportJob {
  id: string;
  tenantId: string;
  type: ImportType;
  mode: ImportMode;
  dryRun: boolean;
  createMissingReferences: boolean;
  /** The requester's language (Accept-Language at creation): error workbook and e-mail. */
  language: JobLanguage;
  fileName: string;
  objectKey: string;
  declaredSizeBytes?: number | undefined;
  /** The stored object's size, from the S3 event. */
  sizeBytes?: number | undefined;
  status: ImportJobStatus;
  progress: ImportProgress;
  /** The last sheet row whose outcome is committed (0: none yet); a resume skips rows up to it. */
  checkpoint: number;
  /** The header row as uploaded (bounded), for the error workbook. */
  headers?: string[] | undefined;
  lease?: ImportLease | undefined;
  /** Runs that ended without finishing or handing on (crashes, timeouts): after too many the job fails. */
  attempts: number;
  /** Planned hand-offs to a continuation (long files). */
  continuations: number;
  failure?: ImportFailure | undefined;
  /** The first row errors, for the API (the error workbook has them all). */
  errorSample: RowError[];
  /** When the sweeper should look at it (an expired lease, a hand-off, an upload that never came); absent once finished. */
  sweepAt?: string | undefined;
  /** Where the error workbook is, once written. */
  resultKey?: string | undefined;
  /** The requester as the token said when the job was created: rows are written with this reach. */
  requester: Actor;
  createdBy: string;
  createdAt: string;
  startedAt?: string | undefined;
  finishedAt?: string | undefined;
  updatedAt: string;
  version: number;
}

const LocalizedText = z.object({ es: z.string(), en: z.string() });
const RowErrorView = z.object({ row: z.number().int(), column: z.string().optional(), value: z.string().optional(), code: z.string(), message: LocalizedText });

export const ImportJobView = z.object({
  id: z.string(),
  type: ImportTypeSchema,
  mode: ImportModeSchema,
  dryRun: z.boolean(),
  createMissingReferences: z.boolean(),
  language: JobLanguage,
  fileName: z.string(),
  objectKey: z.string(),
  sizeBytes: z.number().int().optional(),
  status: ImportJobStatus,
  progress: z.object({
    rowsRead: z.number().int(),
    created: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    failed: z.number().int(),
  }),
  checkpoint: z.number().int().describe('The last sheet row whose outcome is committed'),
  failure: z.object({ code: z.string(), message: LocalizedText }).optional().describe('Why the job failed (status `failed`)'),
  errorSample: z.array(RowErrorView).describe('The first row errors (at most 20); the error workbook has them all'),
  errorWorkbook: z
    .object({ url: z.string(), expiresAt: z.string() })
    .optional()
    .describe('The failed rows with their errors: a short-lived download URL, present once the job ended with failed rows'),
  createdBy: z.string(),
  createdAt: z.string(),
  startedAt: z.string().optional(),
  finishedAt: z.string().optional(),
  updatedAt: z.string(),
  version: z.number().int(),
});
export type ImportJobView = z.infer<typeof ImportJobView>;

export function importJobView(job: ImportJob, errorWorkbook?: { url: string; expiresAt: string }): ImportJobView {
  return {
    id: job.id,
    type: job.type,
    mode: job.mode,
    dryRun: job.dryRun,
    createMissingReferences: job.createMissingReferences,
    language: job.language,
    fileName: job.fileName,
    objectKey: job.objectKey,
    ...(job.sizeBytes !== undefined ? { sizeBytes: job.sizeBytes } : {}),
    status: job.status,
    progress: job.progress,
    checkpoint: job.checkpoint,
    ...(job.failure ? { failure: job.failure } : {}),
    errorSample: job.errorSample,
    ...(errorWorkbook ? { errorWorkbook } : {}),
    createdBy: job.createdBy,
    createdAt: job.createdAt,
    ...(job.startedAt ? { startedAt: job.startedAt } : {}),
    ...(job.finishedAt ? { finishedAt: job.finishedAt } : {}),
    updatedAt: job.updatedAt,
    version: job.version,
  };
}

/** A started import: the job and where to PUT its workbook. */
export const ImportStarted = z.object({
  job: ImportJobView,
  upload: z.object({
    url: z.string(),
    method: z.literal('PUT'),
    contentType: z.string(),
    contentLength: z.number().int().describe('The URL is signed for exactly this many bytes'),
    expiresAt: z.string(),
  }),
});
export type ImportStarted = z.infer<typeof ImportStarted>;

/** Upload keys carry tenant and job so the trigger can find the job; only the API issues them. */
export const importObjectKey = (tenantId: string, jobId: string) => `imports/${tenantId}/${jobId}.xlsx`;

/** The error workbook's key: outside `imports/`, so writing it triggers no import. */
export const importResultKey = (tenantId: string, jobId: string) => `import-results/${tenantId}/${jobId}.xlsx`;

export function parseImportObjectKey(key: string): { tenantId: string; jobId: string } | undefined {
  const match = /^imports\/([^/]+)\/([^/]+)\.xlsx$/.exec(key);
  return match ? { tenantId: match[1]!, jobId: match[2]! } : undefined;
}
