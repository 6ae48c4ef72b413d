import type { CatalogEntry } from '../../../domain/clients/catalog.schema.ts';
import type { CatalogRepository } from '../../../domain/clients/ports.ts';
import type { DataService } from './entities/index.ts';
import { namedEntryStore } from './named-entry.store.ts';

/** Client categories and zones. */
export const dynamoCatalogRepository = (data: DataService): CatalogRepository => namedEntryStore<CatalogEntry>(data, 'catalogEntry');
