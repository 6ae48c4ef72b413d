import type { ImportProcessor, ImportType } from '../../domain/imports/rows.ts';
import type { TableDependencies } from './table.ts';

/** Builds an import type's processor from the runner's table dependencies. */
export type ImportProcessorFactory = (table: TableDependencies) => ImportProcessor;

/**
 * The processor of each import type the runner can run. A type without one fails its jobs with
 * `type_not_supported`. Each processor is wired here when its type lands (clients first).
 */
export const importProcessorFactories: Partial<Record<ImportType, ImportProcessorFactory>> = {};
