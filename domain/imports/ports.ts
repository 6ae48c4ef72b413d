import type { OutboundEmail } from '../messaging/outbound-email.schema.ts';
import type { Page, PageRequest } from '../shared/ports.ts';
import type { ImportJob, JobLanguage } from './import-job.schema.ts';
import type { ImportProcessor, ImportType, RowError, SourceRow } from './rows.ts';

export interface ImportJobRepository {
  /** Fails with `conflict` naming the job when one with its id exists. */
  create(job: ImportJob): Promise<void>;
  get(tenantId: string, id: string): Promise<ImportJob | undefined>;
  /** Conditional on `previous.version`; false when someone else changed it first. */
  transition(next: ImportJob, previous: ImportJob): Promise<boolean>;
  /** The tenant's jobs, newest first. */
  /** The tenant's jobs newest first, or only those `createdBy` asked for. */
  list(tenantId: string, page: PageRequest, createdBy?: string): Promise<Page<ImportJob>>;
  /**
   * Jobs of every tenant that need the sweeper at `now`: running ones whose lease expired or was handed
   * on, and pending ones whose upload never came. Oldest first, at most `limit`, read again consistently.
   */
  due(now: string, limit: number): Promise<ImportJob[]>;
}

export interface UploadUrls {
  /** A short-lived URL the client PUTs the file to, signed for exactly `contentLength` bytes when given. */
  uploadUrl(objectKey: string, contentType: string, contentLength?: number): Promise<{ url: string; expiresAt: Date }>;
}

export interface DownloadUrls {
  /** A short-lived URL to GET a stored object. */
  downloadUrl(objectKey: string): Promise<{ url: string; expiresAt: Date }>;
}

/** What the streaming reader yields from the first worksheet: its declared size when the file has one, then rows. */
export type SheetEvent = { kind: 'dimension'; rows: number; columns: number } | { kind: 'row'; row: SourceRow };

export interface WorkbookRows {
  /**
   * Streams the first worksheet of the stored workbook, row by row (never the whole file): empty rows are
   * skipped, cells are `CellValue`s. Throws `UnreadableWorkbook` when the file is not a workbook.
   */
  read(objectKey: string, limits: { maxColumns: number }): AsyncIterable<SheetEvent>;
}

export class UnreadableWorkbook extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnreadableWorkbook';
  }
}

/** A row that failed: its cells as uploaded (as text) and why, kept until the error workbook is written. */
export interface FailedRow {
  row: number;
  cells: string[];
  errors: RowError[];
}

export interface FailedRowStore {
  /** Idempotent by (job, row): writing a row again replaces it. */
  put(tenantId: string, jobId: string, rows: readonly FailedRow[]): Promise<void>;
  /** In row order, from after `afterRow`. */
  page(tenantId: string, jobId: string, afterRow: number, limit: number): Promise<FailedRow[]>;
}

export interface ErrorWorkbookWriter {
  /** Streams the failed rows into a workbook at `objectKey`: the uploaded columns, then row, column, value and message. */
  write(objectKey: string, input: { headers: readonly string[]; language: JobLanguage; rows: AsyncIterable<FailedRow> }): Promise<void>;
}

/** Puts an e-mail in the outbox unless one with its id is already there (exactly once per job). */
export interface OutboxOnce {
  enqueueOnce(email: OutboundEmail): Promise<void>;
}

/** The processor of an import type, when one is wired. */
export type ImportProcessors = (type: ImportType) => ImportProcessor | undefined;
