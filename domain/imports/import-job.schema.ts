import * as z from 'zod';
import { BoundedText } from '../shared/fields.ts';

/**
 * An Excel import. The API creates the job and hands out an upload URL for its object key; the
 * S3 trigger records the upload. Later issues add the row-by-row import on top of `received`.
 */
export const ImportJobStatus = z.enum(['awaiting_upload', 'received', 'rejected']);
export const ImportKind = z.enum(['clients']);

export const NewImportJob = z.strictObject({
  kind: ImportKind,
  fileName: BoundedText(200).regex(/\.xlsx$/i, 'must be an .xlsx file'),
});
export type NewImportJob = z.infer<typeof NewImportJob>;

export const SheetSummary = z.object({ name: z.string(), rows: z.number().int() });

export const ImportJob = z.object({
  id: z.string(),
  tenantId: z.string(),
  kind: ImportKind,
  fileName: z.string(),
  objectKey: z.string(),
  status: ImportJobStatus,
  sizeBytes: z.number().int().optional(),
  sheets: z.array(SheetSummary).optional(),
  error: z.string().optional(),
  version: z.number().int(),
  createdAt: z.string(),
  createdBy: z.string(),
  receivedAt: z.string().optional(),
});
export type ImportJob = z.infer<typeof ImportJob>;

/** A started import: the job and where to PUT its workbook. */
export const ImportStarted = z.object({
  job: ImportJob,
  upload: z.object({ url: z.string(), method: z.literal('PUT'), contentType: z.string(), expiresAt: z.string() }),
});
export type ImportStarted = z.infer<typeof ImportStarted>;

/** Upload keys carry tenant and job so the trigger can find the job; only the API issues them. */
export const importObjectKey = (tenantId: string, jobId: string) => `imports/${tenantId}/${jobId}.xlsx`;

export function parseImportObjectKey(key: string): { tenantId: string; jobId: string } | undefined {
  const match = /^imports\/([^/]+)\/([^/]+)\.xlsx$/.exec(key);
  return match ? { tenantId: match[1]!, jobId: match[2]! } : undefined;
}
