import * as z from 'zod';
import type { ClientScope } from '../clients/client-scope.ts';
import type { ClientFilter } from '../clients/ports.ts';

/**
 * An asynchronous Excel export (seed 002's client list, seed 000's mora report). The API records the job
 * with the caller's scope and filter as they are at the request; the export runner (a scheduled function)
 * claims it, streams the workbook to storage and e-mails the requesting user a link.
 */
export const ExportType = z.enum(['clients', 'delinquency']);
export type ExportType = z.infer<typeof ExportType>;

export const ExportStatus = z.enum(['pending', 'running', 'completed', 'failed']);
export type ExportStatus = z.infer<typeof ExportStatus>;

/** Why an export ended `failed` (worded per language by export-messages.ts). */
export const ExportFailureCode = z.enum(['attempts_exhausted', 'requester_inactive', 'export_error']);
export type ExportFailureCode = z.infer<typeof ExportFailureCode>;

export type ExportLanguage = 'es' | 'en';

export interface ExportJob {
  id: string;
  tenantId: string;
  type: ExportType;
  /** Headers, sheet names and the e-mail: the request's Accept-Language. */
  language: ExportLanguage;
  /** The list filter of `GET /v1/clients`, as the domain takes it (name as its folded prefix). */
  filter: ClientFilter;
  /** Which clients the requester could list when asking (levels 1–4): the export holds exactly those. */
  scope: ClientScope;
  requestedBy: string;
  status: ExportStatus;
  rowsWritten: number;
  objectKey: string;
  /** Claims so far; a claim whose run crashed is retaken after its lease, up to MAX_EXPORT_ATTEMPTS. */
  attempts: number;
  /** While `running`: the claim's end; past it, the next drain may take the job over. */
  leaseUntil?: string | undefined;
  failure?: { code: ExportFailureCode; detail?: string | undefined } | undefined;
  /** The error of the last attempt that failed and was put back for a retry. */
  lastError?: string | undefined;
  version: number;
  createdAt: string;
  startedAt?: string | undefined;
  completedAt?: string | undefined;
}

/** Export files live apart from uploads: `imports/` triggers the import function, `exports/` nothing. */
export const exportObjectKey = (tenantId: string, id: string) => `exports/${tenantId}/${id}.xlsx`;
