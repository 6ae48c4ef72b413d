import * as z from 'zod';
import { BoundedText } from '../shared/fields.ts';

/** Client categories (name, colour, icon) and zones: tenant catalogues referenced by clients. */
export const CatalogKind = z.enum(['category', 'zone']);
export type CatalogKind = z.infer<typeof CatalogKind>;

const HexColor = z
  .string()
  .length(7)
  .regex(/^#[0-9a-fA-F]{6}$/, 'a colour like #1A2B3C')
  .transform((c) => c.toUpperCase());

export const NewCategory = z.strictObject({
  name: BoundedText(60),
  color: HexColor,
  icon: BoundedText(40).optional(),
});
export const CategoryPatch = z.strictObject({
  name: BoundedText(60).optional(),
  color: HexColor.optional(),
  icon: BoundedText(40).nullable().optional(),
});
export const NewZone = z.strictObject({ name: BoundedText(60) });
export const ZonePatch = NewZone.partial().strict();

export const CatalogEntry = z.object({
  id: z.string(),
  tenantId: z.string(),
  kind: CatalogKind,
  name: z.string(),
  color: z.string().optional(),
  icon: z.string().optional(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type CatalogEntry = z.infer<typeof CatalogEntry>;
export type CatalogInput = { name: string; color?: string | undefined; icon?: string | null | undefined };
