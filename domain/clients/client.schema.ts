import * as z from 'zod';
import { BoundedText, Email, FreeText } from '../shared/fields.ts';
import { nameKeyOf } from '../shared/text.ts';
import { ClientImage } from './client-image.schema.ts';
import { formatTaxId, parseTaxId, taxIdSchemes, type TaxIdScheme } from './tax-id.ts';

/** `other`: one name; `natural`: name parts; `legal`: legal and trade name (seed 002). */
export const PersonType = z.enum(['other', 'natural', 'legal']);
export type PersonType = z.infer<typeof PersonType>;

export const ClientStatus = z.enum(['active', 'inactive']);
export const Provenance = z.object({ source: z.enum(['api', 'import']), importJobId: z.string().optional() });

const Text = BoundedText;

/** The tax id as given: the scheme names country and kind; the value may be in any usual written form. */
export const TaxIdObject = z
  .strictObject({ scheme: z.enum(taxIdSchemes as [TaxIdScheme, ...TaxIdScheme[]]), value: z.string().max(40) })
  .transform((input, ctx) => {
    const result = parseTaxId(input.scheme, input.value);
    if (!result.ok) {
      // The reason is the field code; scheme and expected check digit let the message say which digit fits.
      ctx.addIssue({
        code: 'custom',
        path: ['value'],
        message: `invalid ${input.scheme}: ${result.error}`,
        params: { reason: result.error, scheme: input.scheme, ...(result.expected !== undefined ? { checkDigit: result.expected } : {}) },
      });
      return z.NEVER;
    }
    return { ...result.taxId, formatted: formatTaxId(result.taxId) };
  });

/**
 * A tax id as a plain string (`"13.456.783-K"`): its scheme is the tenant's (tenant settings, else its
 * country's), so it is validated by the use case, which knows the tenant (plain-tax-id.ts).
 */
export const PlainTaxId = Text(40).describe(
  "Validated as the tenant's own tax id (RUT in Chile, CUIT in Argentina…); a tenant of another country sends `{ scheme, value }`",
);

/** `{ scheme, value }`, or a plain string in the tenant's scheme. */
export const TaxIdInput = z.union([TaxIdObject, PlainTaxId]);

export const BillingSettings = z.strictObject({
  legalEntityId: Text(64).optional(),
  taxCondition: Text(80).optional(),
  invoiceType: Text(40).optional(),
  tax: Text(80).optional(),
});

const Names = {
  name: Text(200).optional(),
  firstName: Text(80).optional(),
  middleName: Text(80).optional(),
  firstSurname: Text(80).optional(),
  secondSurname: Text(80).optional(),
  legalName: Text(200).optional(),
  tradeName: Text(200).optional(),
};

/** Fields a client record may carry, all optional here; `NewClient` adds what each person type requires. */
const ClientFields = {
  personType: PersonType,
  ...Names,
  email: Email.optional(),
  notifyEmails: z.array(Email).max(20).optional(),
  phone: Text(40).optional(),
  mobile: Text(40).optional(),
  address: Text(200).optional(),
  neighbourhood: Text(120).optional(),
  city: Text(120).optional(),
  region: Text(120).optional(),
  zoneId: Text(64).optional(),
  customId: Text(64).optional(),
  nationalDocument: Text(40).optional(),
  observations: FreeText(4000).optional(),
  taxId: TaxIdInput.optional(),
  sellerId: Text(64).optional(),
  collectorId: Text(64).optional(),
  agentId: Text(64).optional(),
  categoryId: Text(64).optional(),
  /** Owning branch (level-2 visibility); defaults to the creating user's branch. */
  branchId: Text(64).optional(),
  paymentTermsDays: z.number().int().min(0).max(365).optional(),
  billing: BillingSettings.optional(),
  collectionsEnabled: z.boolean().optional(),
};

/** Which name fields each person type requires (the rest must be absent, so data cannot contradict the type). */
export const requiredNames: Record<PersonType, ReadonlyArray<keyof typeof Names>> = {
  other: ['name'],
  natural: ['firstName', 'firstSurname'],
  legal: ['legalName'],
};
const allowedNames: Record<PersonType, ReadonlyArray<keyof typeof Names>> = {
  other: ['name'],
  natural: ['firstName', 'middleName', 'firstSurname', 'secondSurname'],
  legal: ['legalName', 'tradeName'],
};

/** A name field that the person type requires and is missing, or that it does not use and is given. */
export interface NameIssue {
  field: keyof typeof Names;
  rule: 'required' | 'not_used';
  personType: PersonType;
}

/** Checks the name fields against the person type; returns the issues (empty when fine). */
export function nameIssues(value: Partial<Record<keyof typeof Names, unknown>> & { personType: PersonType }): NameIssue[] {
  const issues: NameIssue[] = [];
  const { personType } = value;
  for (const field of requiredNames[personType]) {
    if (!value[field]) issues.push({ field, rule: 'required', personType });
  }
  for (const field of Object.keys(Names) as Array<keyof typeof Names>) {
    if (value[field] !== undefined && value[field] !== null && !allowedNames[personType].includes(field)) {
      issues.push({ field, rule: 'not_used', personType });
    }
  }
  return issues;
}

export const NewClient = z.strictObject(ClientFields).superRefine(
  (value, ctx) => {
    // `when` runs this even on a body that is not an object (already reported as such).
    if (typeof value !== 'object' || value === null) return;
    if (!PersonType.safeParse(value.personType).success) return; // already reported
    for (const { field, rule, personType } of nameIssues(value)) {
      ctx.addIssue({
        code: 'custom',
        path: [field],
        message: `${field}: ${rule} for personType ${personType}`,
        params: { reason: 'invalid_name', rule, personType },
      });
    }
  },
  // Run even when other fields failed, so one response lists every problem.
  { when: () => true } as never,
);
export type NewClient = z.infer<typeof NewClient>;

/** The name shown: built from the parts the person type uses; a company by its trade name when it has one. */
export function displayName(c: Partial<Record<keyof typeof Names, string | undefined>> & { personType: PersonType }): string {
  switch (c.personType) {
    case 'other':
      return c.name ?? '';
    case 'natural':
      return [c.firstName, c.middleName, c.firstSurname, c.secondSurname].filter(Boolean).join(' ');
    case 'legal':
      return c.tradeName || c.legalName || '';
  }
}

type NameParts = Parameters<typeof displayName>[0];
const surnames = (c: NameParts) => [c.firstSurname, c.secondSurname].filter(Boolean).join(' ');
const givenNames = (c: NameParts) => [c.firstName, c.middleName].filter(Boolean).join(' ');

/**
 * The name lists sort by: a natural person by surnames first (`Muñoz Pérez, Ana María`), as client
 * books are kept; anyone else by the display name.
 */
export function sortName(c: NameParts): string {
  if (c.personType !== 'natural' || !surnames(c)) return displayName(c);
  return givenNames(c) ? `${surnames(c)}, ${givenNames(c)}` : surnames(c);
}

/** Folded sort name (without its comma): the list sort key and what a list's `name` prefix matches. */
export const nameKey = (c: NameParts) => nameKeyOf(c.personType === 'natural' && surnames(c) ? `${surnames(c)} ${givenNames(c)}` : displayName(c));

export const Client = z.object({
  id: z.string(),
  tenantId: z.string(),
  personType: PersonType,
  name: z.string().optional(),
  firstName: z.string().optional(),
  middleName: z.string().optional(),
  firstSurname: z.string().optional(),
  secondSurname: z.string().optional(),
  legalName: z.string().optional(),
  tradeName: z.string().optional(),
  displayName: z.string().describe('The name shown: a company by its trade name when it has one, otherwise by its legal name'),
  sortName: z.string().optional().describe('Read-only: the name lists sort by; natural persons by surnames first (`Muñoz Pérez, Ana María`)'),
  email: z.string().optional().describe('Optional: many small clients have none; unique in the tenant when given'),
  notifyEmails: z.array(z.string()),
  phone: z.string().optional(),
  mobile: z.string().optional(),
  address: z.string().optional(),
  neighbourhood: z.string().optional(),
  city: z.string().optional(),
  region: z.string().optional(),
  zoneId: z.string().optional(),
  customId: z.string().optional(),
  nationalDocument: z.string().optional(),
  observations: z.string().optional(),
  taxId: z
    .object({
      scheme: z.string(),
      value: z.string().describe('Canonical form, used for uniqueness and search: `13456783-K`'),
      formatted: z.string().optional().describe('Read-only: written the local way, `13.456.783-K`, `20-12345678-6`'),
      holder: z.enum(['person', 'company']).optional(),
      generic: z.boolean().optional(),
    })
    .optional(),
  sellerId: z.string().optional(),
  collectorId: z.string().optional(),
  agentId: z.string().optional(),
  categoryId: z.string().optional(),
  branchId: z.string().optional().describe('Owning branch: level-2 users see the clients of their branch'),
  assignedDepartmentIds: z
    .array(z.string())
    .optional()
    .describe('Read-only: the departments of the seller, collector and preferred agent; level-3 users see the clients of their department'),
  paymentTermsDays: z.number().int().optional(),
  billing: BillingSettings.optional(),
  collectionsEnabled: z.boolean(),
  image: ClientImage.optional().describe(
    'Read-only: the client image (metadata only; `GET /v1/clients/{id}/image` signs its links). Absent when the client has none',
  ),
  status: ClientStatus,
  provenance: Provenance,
  version: z.number().int(),
  createdAt: z.string(),
  createdBy: z.string(),
  updatedAt: z.string(),
  updatedBy: z.string(),
});
export type Client = z.infer<typeof Client>;

const clearable = <T extends z.ZodType>(schema: T) => schema.nullable().optional();

/** A partial change: absent fields stay, `null` clears an optional field. Name rules are checked on the result. */
export const ClientPatch = z.strictObject({
  personType: PersonType.optional(),
  name: clearable(Text(200)),
  firstName: clearable(Text(80)),
  middleName: clearable(Text(80)),
  firstSurname: clearable(Text(80)),
  secondSurname: clearable(Text(80)),
  legalName: clearable(Text(200)),
  tradeName: clearable(Text(200)),
  email: clearable(Email).describe('`null` removes the e-mail (and frees it for another client)'),
  notifyEmails: z.array(Email).max(20).optional(),
  phone: clearable(Text(40)),
  mobile: clearable(Text(40)),
  address: clearable(Text(200)),
  neighbourhood: clearable(Text(120)),
  city: clearable(Text(120)),
  region: clearable(Text(120)),
  zoneId: clearable(Text(64)),
  customId: clearable(Text(64)),
  nationalDocument: clearable(Text(40)),
  observations: clearable(FreeText(4000)),
  taxId: clearable(TaxIdInput),
  sellerId: clearable(Text(64)),
  collectorId: clearable(Text(64)),
  agentId: clearable(Text(64)),
  categoryId: clearable(Text(64)),
  branchId: clearable(Text(64)),
  paymentTermsDays: clearable(z.number().int().min(0).max(365)),
  billing: clearable(BillingSettings),
  collectionsEnabled: z.boolean().optional(),
});
export type ClientPatch = z.infer<typeof ClientPatch>;

/**
 * Whether collections (reminders, due-date notices) run for a client: only for active clients with
 * collections enabled. Deactivating a client stops its collections without touching the setting.
 */
export const collectionsActive = (client: Pick<Client, 'status' | 'collectionsEnabled'>) => client.status === 'active' && client.collectionsEnabled;
