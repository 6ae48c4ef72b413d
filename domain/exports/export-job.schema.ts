import * as z from 'zod';
import type { ClientScope } from '../clients/client-scope.ts';
import type { ClientFilter } from '../clients/ports.ts';
import type { NoteReportFilter } from '../notes/note.use-cases.ts';
import type { Actor } from '../shared/actor.ts';

/**
 * An asynchronous Excel export (seed 002's client list, seed 000's mora report). The API records the job
 * with the caller's scope and filter as they are at the request; the export runner (a scheduled function)
 * claims it, streams the workbook to storage and e-mails the requesting user a link.
 */
export const ExportType = z.enum(['clients', 'delinquency', 'notes']);
export type ExportType = z.infer<typeof ExportType>;

export const ExportStatus = z.enum(['pending', 'running', 'completed', 'failed']);
export type ExportStatus = z.infer<typeof ExportStatus>;

/** Why an export ended `failed` (worded per language by export-messages.ts). */
export const ExportFailureCode = z.enum(['attempts_exhausted', 'requester_inactive', 'export_error']);
export type ExportFailureCode = z.infer<typeof ExportFailureCode>;

export type ExportLanguage = 'es' | 'en';

/** A client list or mora report: what `GET /v1/clients` would list the requester. */
export interface ClientExportSelection {
  type: 'clients' | 'delinquency';
  /** The list filter of `GET /v1/clients`, as the domain takes it (name as its folded prefix). */
  filter: ClientFilter;
  /** Which clients the requester could list when asking (levels 1–4): the export holds exactly those. */
  scope: ClientScope;
}

/** Who reads the notes report: the requester's level and units at the request (note visibility is by level, not client scope). */
export type NoteReader = Pick<Actor, 'userId' | 'accessLevel' | 'branchId' | 'departmentId'>;

/** The notes report: what `GET /v1/notes` with these filters would show the requester. */
export interface NoteExportSelection {
  type: 'notes';
  filter: NoteReportFilter;
  scope: NoteReader;
}

export type ExportJob = ExportJobState & (ClientExportSelection | NoteExportSelection);

interface ExportJobState {
  id: string;
  tenantId: string;
  /** Headers, sheet names and the e-mail: the request's Accept-Language. */
  language: ExportLanguage;
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
