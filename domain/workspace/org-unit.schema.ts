import * as z from 'zod';
import { BoundedText } from '../shared/fields.ts';

/** Branches (sucursales) and departments share one shape; `kind` tells them apart. */
export const OrgUnitKind = z.enum(['branch', 'department']);
export type OrgUnitKind = z.infer<typeof OrgUnitKind>;

export const NewOrgUnit = z.strictObject({ name: BoundedText(80) });
export type NewOrgUnit = z.infer<typeof NewOrgUnit>;
export const OrgUnitPatch = NewOrgUnit.partial().strict();
export type OrgUnitPatch = z.infer<typeof OrgUnitPatch>;

export const OrgUnit = z.object({
  id: z.string(),
  tenantId: z.string(),
  kind: OrgUnitKind,
  name: z.string(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type OrgUnit = z.infer<typeof OrgUnit>;
