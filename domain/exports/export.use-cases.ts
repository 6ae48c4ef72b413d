import { scopeOf } from '../clients/client-scope.ts';
import type { ClientFilter } from '../clients/ports.ts';
import { requireAccess, type Actor, type Requirement } from '../shared/actor.ts';
import { createOnce } from '../shared/create-once.ts';
import { notFound } from '../shared/errors.ts';
import type { Clock, IdGenerator, Page, PageRequest } from '../shared/ports.ts';
import type { NoteReportFilter } from '../notes/note.use-cases.ts';
import {
  exportObjectKey,
  type ClientExportSelection,
  type ExportFailureCode,
  type ExportJob,
  type ExportLanguage,
  type ExportType,
  type NoteExportSelection,
  type NoteReader,
} from './export-job.schema.ts';
import { exportFileName, failureReasons } from './export-messages.ts';
import type { ExportJobRepository, ExportLinks } from './ports.ts';

/** Exports copy the client book out in bulk: the explicit `exports.run` permission, at any level (the scope still applies). */
export const runExportsRequirement: Requirement = { level: 4, permission: 'exports.run' };

/** A link handed out by `GET /v1/exports/{id}`: short, a fresh one on every read. */
export const DOWNLOAD_LINK_SECONDS = 15 * 60;

export interface ExportView {
  id: string;
  type: ExportType;
  language: ExportLanguage;
  status: ExportJob['status'];
  rowsWritten: number;
  createdAt: string;
  startedAt?: string | undefined;
  completedAt?: string | undefined;
  failure?: { code: ExportFailureCode; message: string } | undefined;
  download?: { url: string; expiresAt: string } | undefined;
}

function viewOf(job: ExportJob, language: ExportLanguage): ExportView {
  return {
    id: job.id,
    type: job.type,
    language: job.language,
    status: job.status,
    rowsWritten: job.rowsWritten,
    createdAt: job.createdAt,
    ...(job.startedAt ? { startedAt: job.startedAt } : {}),
    ...(job.completedAt ? { completedAt: job.completedAt } : {}),
    ...(job.failure ? { failure: { code: job.failure.code, message: failureReasons[job.failure.code][language] } } : {}),
  };
}

/** Records the export for the runner, with the caller's scope and filter as they are now. */
export const requestExport =
  (deps: { jobs: ExportJobRepository; clock: Clock; ids: IdGenerator }) =>
  async (actor: Actor, input: { type: 'clients' | 'delinquency'; filter: ClientFilter; language: ExportLanguage }): Promise<ExportView> =>
    queueExport(deps, actor, input.language, { type: input.type, filter: input.filter, scope: scopeOf(actor) });

/**
 * Records the notes report for the runner, with the caller's level and units as they are now (the run
 * reads exactly what `GET /v1/notes` with these filters would show them).
 */
export const requestNotesExport =
  (deps: { jobs: ExportJobRepository; clock: Clock; ids: IdGenerator }) =>
  async (actor: Actor, input: { filter: NoteReportFilter; language: ExportLanguage }): Promise<ExportView> => {
    const { userId, accessLevel, branchId, departmentId } = actor;
    const scope: NoteReader = { userId, accessLevel, ...(branchId ? { branchId } : {}), ...(departmentId ? { departmentId } : {}) };
    const filter = Object.fromEntries(Object.entries(input.filter).filter(([, v]) => v !== undefined && v !== false)) as NoteReportFilter;
    return queueExport(deps, actor, input.language, { type: 'notes', filter, scope });
  };

async function queueExport(
  deps: { jobs: ExportJobRepository; clock: Clock; ids: IdGenerator },
  actor: Actor,
  language: ExportLanguage,
  selection: ClientExportSelection | NoteExportSelection,
): Promise<ExportView> {
  requireAccess(actor, runExportsRequirement);
  const id = deps.ids.next();
  const draft: ExportJob = {
    id,
    tenantId: actor.tenantId,
    ...selection,
    language,
    requestedBy: actor.userId,
    status: 'pending',
    rowsWritten: 0,
    objectKey: exportObjectKey(actor.tenantId, id),
    attempts: 0,
    version: 1,
    createdAt: deps.clock.now().toISOString(),
  };
  const job = await createOnce(
    draft,
    () => deps.jobs.create(draft),
    () => deps.jobs.get(actor.tenantId, id),
  );
  return viewOf(job, language);
}

/** One of the caller's own exports (another user's, or another tenant's, is a 404), with a fresh link once completed. */
export const getExport =
  (deps: { jobs: ExportJobRepository; links: ExportLinks }) =>
  async (actor: Actor, id: string, language: ExportLanguage): Promise<ExportView> => {
    requireAccess(actor, runExportsRequirement);
    const job = await deps.jobs.get(actor.tenantId, id);
    if (!job || job.requestedBy !== actor.userId) throw notFound('export', id);
    const view = viewOf(job, language);
    if (job.status !== 'completed') return view;
    const { url, expiresAt } = await deps.links.downloadUrl(job.objectKey, DOWNLOAD_LINK_SECONDS, exportFileName(job));
    return { ...view, download: { url, expiresAt: expiresAt.toISOString() } };
  };

/** The caller's exports, newest first (links only on the single read, which mints them). */
export const listExports =
  (deps: { jobs: ExportJobRepository }) =>
  async (actor: Actor, page: PageRequest, language: ExportLanguage): Promise<Page<ExportView>> => {
    requireAccess(actor, runExportsRequirement);
    const result = await deps.jobs.listByRequester(actor.tenantId, actor.userId, page);
    return { items: result.items.map((job) => viewOf(job, language)), ...(result.cursor ? { cursor: result.cursor } : {}) };
  };
