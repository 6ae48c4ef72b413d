import type { OrgUnit } from '../../../domain/workspace/org-unit.schema.ts';
import type { OrgUnitRepository } from '../../../domain/workspace/ports.ts';
import type { DataService } from './entities/index.ts';
import { namedEntryStore } from './named-entry.store.ts';

/** Branches and departments. */
export const dynamoOrgUnitRepository = (data: DataService): OrgUnitRepository => namedEntryStore<OrgUnit>(data, 'orgUnit');
