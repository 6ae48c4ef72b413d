import { invalidFields } from '../shared/errors.ts';
import { Currency, type Country } from './tenant.schema.ts';

/**
 * The currencies a business of each country bills in: Chile its peso and the Unidad de Fomento,
 * Ecuador the dollar (it is dollarized), the others their peso. A country we do not model (`other`)
 * may use any currency we know.
 */
export const countryCurrencies: Record<Country, readonly Currency[]> = {
  CL: ['CLP', 'CLF'],
  AR: ['ARS'],
  MX: ['MXN'],
  CO: ['COP'],
  EC: ['USD'],
  other: Currency.options,
};

/** What the rule looks at: the tenant as it would be after the change. */
export interface CurrencySettings {
  country: Country;
  currency: Currency;
  /** Set on purpose by the tenant's administrator or the operator: a currency its country does not use. */
  allowForeignCurrency?: boolean | undefined;
}

/**
 * A tenant's currency is one its country uses, unless the tenant explicitly allows a foreign one.
 * Refused with `currency_of_country` on `/currency`, naming the country's currencies.
 */
export function assertCurrencyOfCountry(settings: CurrencySettings) {
  const currencies = countryCurrencies[settings.country];
  if (settings.allowForeignCurrency || currencies.includes(settings.currency)) return;
  throw invalidFields(`${settings.currency} is not a currency of ${settings.country}`, [
    { pointer: '/currency', code: 'currency_of_country', params: { currency: settings.currency, country: settings.country, currencies: [...currencies] } },
  ]);
}
