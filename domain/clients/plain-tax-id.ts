import { invalidFields } from '../shared/errors.ts';
import { countryDefaults } from '../workspace/tenant-provisioning.schema.ts';
import type { TenantRepository } from '../workspace/ports.ts';
import type { Client } from './client.schema.ts';
import { formatTaxId, parseTaxId, type TaxIdScheme } from './tax-id.ts';

/** A tax id as a request gives it: already validated against its scheme, or a plain string. */
export type TaxIdGiven = NonNullable<Client['taxId']> | string;

/**
 * The scheme a plain tax id is read in: the tenant's own setting, else its country's business id;
 * none for a tenant whose country has no scheme of ours (`other`), whose clients' ids can be anything.
 */
export function plainTaxIdScheme(tenant: { country: keyof typeof countryDefaults; taxIdScheme?: TaxIdScheme | undefined }): TaxIdScheme | undefined {
  const scheme = tenant.taxIdScheme ?? countryDefaults[tenant.country].taxIdScheme;
  return scheme === 'OTHER' ? undefined : scheme;
}

/**
 * Reads a plain-string tax id in the tenant's scheme (one read of the tenant, only when a string is
 * given). A refusal points at `/taxId` with the same codes as `{ scheme, value }` at `/taxId/value`;
 * a tenant without a scheme gets `tax_id_scheme_required`, which says to send the object form.
 */
export async function resolveTaxId(tenants: Pick<TenantRepository, 'get'>, tenantId: string, given: TaxIdGiven): Promise<NonNullable<Client['taxId']>> {
  if (typeof given !== 'string') return given;
  const tenant = await tenants.get(tenantId);
  const scheme = tenant && plainTaxIdScheme(tenant);
  if (!scheme) {
    throw invalidFields('a plain tax id needs a tenant with a tax-id scheme', [
      { pointer: '/taxId', code: 'tax_id_scheme_required', params: { country: tenant?.country ?? 'other' } },
    ]);
  }
  const result = parseTaxId(scheme, given);
  if (!result.ok) {
    throw invalidFields(`invalid ${scheme}: ${result.error}`, [
      { pointer: '/taxId', code: result.error, params: { scheme, ...(result.expected !== undefined ? { checkDigit: result.expected } : {}) } },
    ]);
  }
  return { ...result.taxId, formatted: formatTaxId(result.taxId) };
}
