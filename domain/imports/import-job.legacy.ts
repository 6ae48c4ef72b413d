import type { Actor } from '../shared/actor.ts';
import { emptyProgress, type ImportFailure, type ImportJob, type ImportJobStatus } from './import-job.schema.ts';

/**
 * Jobs written before the runner existed (`kind`, statuses `awaiting_upload | received | rejected`) read as
 * jobs of today: `awaiting_upload` is `pending`; `received` never ran and never will (its event is gone), so
 * it reads `failed` asking for the file again; `rejected` is `failed` with its old reason.
 */
const legacyStatus: Record<string, { status: ImportJobStatus; failure?: ImportFailure }> = {
  awaiting_upload: { status: 'pending' },
  received: {
    status: 'failed',
    failure: {
      code: 'not_run',
      message: {
        es: 'El archivo llegó antes de que existiera el importador y no se procesó: súbelo de nuevo en una importación nueva.',
        en: 'The file arrived before the importer existed and was not processed: upload it again in a new import.',
      },
    },
  },
  rejected: {
    status: 'failed',
    failure: { code: 'not_xlsx', message: { es: 'El archivo no es un libro .xlsx legible.', en: 'The file is not a readable .xlsx workbook.' } },
  },
};

export function upgradeImportJob(item: Record<string, unknown>): ImportJob {
  if (!('kind' in item) || 'type' in item) return item as unknown as ImportJob;
  const old = legacyStatus[String(item.status)] ?? legacyStatus.rejected!;
  const tenantId = String(item.tenantId);
  const createdBy = String(item.createdBy);
  const requester: Actor = { tenantId, userId: createdBy, accessLevel: 4, permissions: [] };
  return {
    id: String(item.id),
    tenantId,
    type: 'clients',
    mode: 'upsert',
    dryRun: false,
    createMissingReferences: false,
    language: 'es',
    fileName: String(item.fileName),
    objectKey: String(item.objectKey),
    ...(typeof item.sizeBytes === 'number' ? { sizeBytes: item.sizeBytes } : {}),
    status: old.status,
    progress: emptyProgress(),
    checkpoint: 0,
    attempts: 0,
    continuations: 0,
    ...(old.failure ? { failure: old.failure } : {}),
    errorSample: [],
    requester,
    createdBy,
    createdAt: String(item.createdAt),
    updatedAt: String(item.receivedAt ?? item.createdAt),
    version: Number(item.version),
  };
}
