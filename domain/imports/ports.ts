import type { ImportJob } from './import-job.schema.ts';

export interface ImportJobRepository {
  /** Fails with `conflict` naming the job when one with its id exists. */
  create(job: ImportJob): Promise<void>;
  get(tenantId: string, id: string): Promise<ImportJob | undefined>;
  /** Conditional on `previous.version`; false when someone else changed it first. */
  transition(next: ImportJob, previous: ImportJob): Promise<boolean>;
}

export interface UploadUrls {
  /** A short-lived URL the client PUTs the file to. */
  uploadUrl(objectKey: string, contentType: string): Promise<{ url: string; expiresAt: Date }>;
}

export interface WorkbookInspector {
  /** Streams the stored workbook and counts its rows per sheet; throws if it is not a workbook. */
  inspect(objectKey: string): Promise<Array<{ name: string; rows: number }>>;
}
