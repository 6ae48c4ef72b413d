import { invalidFields } from '../shared/errors.ts';
import type { ImportMode, ImportType } from './rows.ts';

/**
 * The modes an import type takes when only some make sense (any other type takes all three). Client
 * terms change existing clients and create none, so `create` ("create only") would import nothing: it is
 * refused when the job is requested, before any upload; `update` and `upsert` both update.
 */
export const importModesOf: Partial<Record<ImportType, readonly ImportMode[]>> = {
  client_terms: ['update', 'upsert'],
};

/** Refuses a mode the type does not take (`validation_failed` on `/mode`, naming the modes it takes). */
export function assertImportMode(type: ImportType, mode: ImportMode): void {
  const modes = importModesOf[type];
  if (modes && !modes.includes(mode)) {
    throw invalidFields(`import type ${type} does not take mode ${mode}`, [{ pointer: '/mode', code: 'mode_not_supported', params: { type, mode, modes } }]);
  }
}
