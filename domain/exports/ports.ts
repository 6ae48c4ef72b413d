import type { OutboundEmail } from '../messaging/outbound-email.schema.ts';
import type { OpenByDate } from '../receivables/client-receivables.ts';
import type { Currency } from '../receivables/money.ts';
import type { Page, PageRequest } from '../shared/ports.ts';
import type { ExportJob } from './export-job.schema.ts';

export interface ExportJobRepository {
  /** Stores a new job (in the runner's queue while pending). Fails with `conflict` when its id exists. */
  create(job: ExportJob): Promise<void>;
  get(tenantId: string, id: string): Promise<ExportJob | undefined>;
  /** The jobs `userId` requested in the tenant, newest first. */
  listByRequester(tenantId: string, userId: string, page: PageRequest): Promise<Page<ExportJob>>;
  /** Jobs of every tenant waiting for a run: pending, or running with a lease that ran out by `now`; oldest first. */
  due(now: string, limit: number): Promise<ExportJob[]>;
  /** Conditional on `previous.version`; false when another runner changed it first. */
  transition(next: ExportJob, previous: ExportJob): Promise<boolean>;
  /** Records rows written so far, without a new version, while `job.version` still holds (false otherwise). */
  progress(job: ExportJob, rowsWritten: number): Promise<boolean>;
  /**
   * Ends the job (`next`, conditional on `previous.version`) and puts its e-mail in the outbox, in one
   * transaction: both or neither. False when the job changed meanwhile or its e-mail (keyed by the export
   * id) already exists.
   */
  finish(next: ExportJob, previous: ExportJob, email: OutboundEmail): Promise<boolean>;
}

export type CellValue = string | number | boolean | null;

/** One sheet being streamed into storage. */
export interface SheetSink {
  /** Resolves when the row is taken (waits while the upload is behind: memory stays flat). */
  addRow(values: readonly CellValue[]): Promise<void>;
  /** Finishes the workbook and the upload; the file exists only once this resolves. */
  close(): Promise<void>;
  /** Gives up: nothing is stored (the multipart upload is aborted). */
  abort(): Promise<void>;
}

export interface ExportFiles {
  /** Starts streaming a one-sheet workbook to `objectKey` (replacing what a crashed attempt left). */
  open(objectKey: string, sheetName: string, headers: readonly string[]): Promise<SheetSink>;
  /** A presigned GET URL of the stored file, valid `seconds`, downloading as `fileName`. */
  downloadUrl(objectKey: string, seconds: number, fileName: string): Promise<{ url: string; expiresAt: Date }>;
}

/** Download links only (the API: no streaming, no exceljs). */
export type ExportLinks = Pick<ExportFiles, 'downloadUrl'>;

/** The open balances by due date of many clients in one currency, read in batches (one item per client). */
export interface ClientBalancesReader {
  openByDue(tenantId: string, clientIds: readonly string[], currency: Currency): Promise<Map<string, OpenByDate>>;
}
