import * as z from 'zod';
import { AgeingBounds } from '../receivables/ageing.ts';
import { BoundedText, Email } from '../shared/fields.ts';
import { taxIdSchemes, type TaxIdScheme } from '../clients/tax-id.ts';

export const Country = z.enum(['CL', 'AR', 'MX', 'CO', 'EC', 'other']);
export type Country = z.infer<typeof Country>;

export const Currency = z.enum(['CLP', 'CLF', 'ARS', 'MXN', 'COP', 'USD']);
export type Currency = z.infer<typeof Currency>;

/** Money is stored in integer minor units; this says how many decimals each currency has. */
export const currencyMinorUnits: Record<Currency, number> = { CLP: 0, CLF: 4, ARS: 2, MXN: 2, COP: 2, USD: 2 };

/** The currency a tenant of each country gets when it does not say (Ecuador is dollarized). */
export const defaultCurrency: Record<Country, Currency> = {
  CL: 'CLP',
  AR: 'ARS',
  MX: 'MXN',
  CO: 'COP',
  EC: 'USD',
  other: 'USD',
};

/** True when the runtime's ICU knows the IANA zone (aliases such as `UTC` included). */
export function isIanaTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone.length > 0;
  } catch {
    return false;
  }
}

export const TimeZone = z
  .string()
  .max(64)
  .refine(isIanaTimeZone, { message: 'unknown IANA time zone', params: { reason: 'unknown_time_zone' } });
export const Locale = z.enum(['es', 'en']);

export const TenantSettings = z.object({
  name: BoundedText(120),
  country: Country,
  currency: Currency,
  timeZone: TimeZone,
  locale: Locale,
  /** Local hour (0–23, tenant time zone) at which scheduled e-mails go out. */
  mailHour: z.number().int().min(0).max(23),
  /** Fallback sender when a user has no mailbox of their own. */
  senderEmail: Email.optional(),
  /** The tax-id scheme clients of this tenant get when none is said (the country's business id). */
  taxIdScheme: z.enum(taxIdSchemes as [TaxIdScheme, ...TaxIdScheme[]]).optional(),
  /** Upper bounds in days of the ageing buckets ("mora en el tiempo"); absent: 30, 60, 90, 120. */
  ageingBounds: AgeingBounds.optional(),
  allowForeignCurrency: z
    .boolean()
    .optional()
    .describe(
      "True when the business bills in a currency its country does not use (tenant-currency.ts); without it the currency must be one of the country's (CL: CLP or CLF, AR: ARS, MX: MXN, CO: COP, EC: USD)",
    ),
});
export type TenantSettings = z.infer<typeof TenantSettings>;

/** A suspended tenant's users are refused on every request; only an operator suspends or reactivates. */
export const TenantStatus = z.enum(['active', 'suspended']);
export type TenantStatus = z.infer<typeof TenantStatus>;

export const Tenant = TenantSettings.extend({
  id: z.string(),
  /** Absent on tenants created before suspension existed: they are active. */
  status: TenantStatus.optional(),
  suspendedAt: z.iso.datetime().optional(),
  /** Who suspended it (the operator named in the command). */
  suspendedBy: z.string().optional(),
  version: z.number().int(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type Tenant = z.infer<typeof Tenant>;

export const TenantPatch = TenantSettings.partial().strict();
export type TenantPatch = z.infer<typeof TenantPatch>;
