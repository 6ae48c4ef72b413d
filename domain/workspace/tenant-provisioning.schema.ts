import * as z from 'zod';
import type { TaxIdScheme } from '../clients/tax-id.ts';
import { Country, Currency, defaultCurrency, Locale, TenantSettings, TimeZone } from './tenant.schema.ts';

/** What a new tenant of each country starts with: its currency, business time zone, language and business tax id. */
export const countryDefaults: Record<Country, { currency: Currency; timeZone: string; locale: z.infer<typeof Locale>; taxIdScheme: TaxIdScheme }> = {
  CL: { currency: defaultCurrency.CL, timeZone: 'America/Santiago', locale: 'es', taxIdScheme: 'CL_RUT' },
  AR: { currency: defaultCurrency.AR, timeZone: 'America/Argentina/Buenos_Aires', locale: 'es', taxIdScheme: 'AR_CUIT' },
  MX: { currency: defaultCurrency.MX, timeZone: 'America/Mexico_City', locale: 'es', taxIdScheme: 'MX_RFC' },
  CO: { currency: defaultCurrency.CO, timeZone: 'America/Bogota', locale: 'es', taxIdScheme: 'CO_NIT' },
  EC: { currency: defaultCurrency.EC, timeZone: 'America/Guayaquil', locale: 'es', taxIdScheme: 'EC_RUC' },
  other: { currency: defaultCurrency.other, timeZone: 'UTC', locale: 'es', taxIdScheme: 'OTHER' },
};

/** Local hour at which a new tenant's scheduled e-mails go out. */
export const DEFAULT_MAIL_HOUR = 9;

/**
 * A tenant id chosen by the operator or made from the name: lower-case letters, digits and inner
 * hyphens, up to 40 characters. It is the provisioning's stable key: creating the same id again
 * is a replay, never a second tenant.
 */
export const TenantSlug = z.string().regex(/^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/, 'lower-case letters, digits and inner hyphens, 1–40 characters');

/** Any stored tenant id (older ones such as `t-01h…` included); bounded like every key part. */
export const TenantId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, - and _ only');

/** Who runs an operator command, recorded on what it changes (e-mail or name of the person). */
export const OperatorName = z.string().trim().min(1).max(120);

export const NewTenant = z.strictObject({
  /** Defaults to the name made into a slug (`Ferretería Sur` → `ferreteria-sur`). */
  tenantId: TenantSlug.optional(),
  name: TenantSettings.shape.name,
  country: Country,
  adminEmail: z
    .email()
    .max(254)
    .transform((e) => e.toLowerCase()),
  /** Defaults to the part of the e-mail before the @. */
  adminName: z.string().trim().min(1).max(120).optional(),
  currency: Currency.optional(),
  /** Needed for a currency the country does not use (tenant-currency.ts); stored on the tenant. */
  allowForeignCurrency: z.boolean().optional(),
  timeZone: TimeZone.optional(),
  locale: Locale.optional(),
  senderEmail: z.email().max(254).optional(),
});
export type NewTenant = z.infer<typeof NewTenant>;

/** `Ferretería Sur Ltda.` → `ferreteria-sur-ltda`; empty when the name has no Latin letters or digits. */
export function tenantSlugOf(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, 40)
    .replace(/^-+|-+$/g, '');
}
