/**
 * National and tax ids of the first five countries: validate check digits, accept the usual written
 * forms, store one normalized form. Hand-written because the maintained library we tried (stdnum 1.12)
 * rejects dotted RUTs, drops the establishment of Ecuadorian natural-person RUCs and rejects Mexico's
 * generic RFCs (docs/decisions.md).
 */
export type TaxIdScheme = 'CL_RUT' | 'AR_CUIT' | 'CO_NIT' | 'CO_CC' | 'CO_CE' | 'EC_CI' | 'EC_RUC' | 'MX_RFC' | 'OTHER';

export const taxIdSchemes: readonly TaxIdScheme[] = ['CL_RUT', 'AR_CUIT', 'CO_NIT', 'CO_CC', 'CO_CE', 'EC_CI', 'EC_RUC', 'MX_RFC', 'OTHER'];

export interface TaxId {
  scheme: TaxIdScheme;
  /** Canonical form, used for storage, uniqueness and search: `12345678-5`, `20-12345678-6`, `GODE561231GR8`. */
  value: string;
  /** Who it can belong to, when the scheme tells. */
  holder?: 'person' | 'company';
  /** Mexico's generic RFCs (general public, foreigners): valid on invoices, never unique to a client. */
  generic?: boolean;
}

export type TaxIdError = 'empty' | 'format' | 'check_digit' | 'date' | 'province' | 'type';

/** A failed check digit names the one the rest of the number calls for, when some digit would do. */
export type TaxIdResult = { ok: true; taxId: TaxId } | { ok: false; error: TaxIdError; expected?: string };

const ok = (taxId: TaxId): TaxIdResult => ({ ok: true, taxId });
const fail = (error: TaxIdError, expected?: string): TaxIdResult => ({ ok: false, error, ...(expected !== undefined ? { expected } : {}) });
const digitsOf = (s: string) => [...s].map(Number);

/** Chile RUT/RUN: mod 11 with weights 2..7 from the right; 10 → K, 11 → 0. */
function chileRut(input: string): TaxIdResult {
  const compact = input.replace(/[.\s]/g, '').replace(/-/g, '').toUpperCase();
  if (!/^\d{1,8}[\dK]$/.test(compact)) return fail('format');
  const body = compact.slice(0, -1).replace(/^0+/, '');
  if (!body) return fail('format');
  const sum = [...body].reverse().reduce((total, d, i) => total + Number(d) * ((i % 6) + 2), 0);
  const r = 11 - (sum % 11);
  const expected = r === 11 ? '0' : r === 10 ? 'K' : String(r);
  if (compact.at(-1) !== expected) return fail('check_digit', expected);
  // Companies hold RUTs from 50 million up; persons below (a convention, not a rule of the algorithm).
  return ok({ scheme: 'CL_RUT', value: `${body}-${expected}`, holder: Number(body) >= 50_000_000 ? 'company' : 'person' });
}

/** Argentina CUIT/CUIL: 11 digits, type prefix, mod 11 with weights 5432765432. */
function argentinaCuit(input: string): TaxIdResult {
  const compact = input.replace(/[-.\s/]/g, '');
  if (!/^\d{11}$/.test(compact)) return fail('format');
  const prefix = compact.slice(0, 2);
  if (!['20', '23', '24', '27', '30', '33', '34'].includes(prefix)) return fail('type');
  const weights = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
  const d = digitsOf(compact);
  const sum = weights.reduce((acc, w, i) => acc + w * d[i]!, 0);
  const r = 11 - (sum % 11);
  const expected = r === 11 ? 0 : r;
  if (r === 10) return fail('check_digit');
  if (d[10] !== expected) return fail('check_digit', String(expected));
  return ok({
    scheme: 'AR_CUIT',
    value: `${prefix}-${compact.slice(2, 10)}-${compact[10]}`,
    holder: prefix.startsWith('3') ? 'company' : 'person',
  });
}

/** Colombia NIT: body of up to 15 digits + DIAN check digit (prime weights, mod 11). */
function colombiaNit(input: string): TaxIdResult {
  const compact = input.replace(/[.\s,]/g, '');
  const match = /^(\d{5,15})-?(\d)$/.exec(compact);
  if (!match) return fail('format');
  const body = match[1]!;
  const weights = [3, 7, 13, 17, 19, 23, 29, 37, 41, 43, 47, 53, 59, 67, 71];
  const sum = [...body].reverse().reduce((total, c, i) => total + Number(c) * weights[i]!, 0);
  const s = sum % 11;
  const expected = s > 1 ? 11 - s : s;
  if (Number(match[2]) !== expected) return fail('check_digit', String(expected));
  return ok({ scheme: 'CO_NIT', value: `${body}-${expected}` });
}

/** Colombia cédula de ciudadanía: 3–10 digits, no check digit. */
function colombiaCc(input: string): TaxIdResult {
  const compact = input.replace(/[.\s,]/g, '');
  if (!/^\d{3,10}$/.test(compact)) return fail('format');
  return ok({ scheme: 'CO_CC', value: compact.replace(/^0+/, '') || '0', holder: 'person' });
}

/** Colombia cédula de extranjería: 3–12 letters or digits, no check digit. */
function colombiaCe(input: string): TaxIdResult {
  const compact = input.replace(/[.\s-]/g, '').toUpperCase();
  if (!/^[A-Z0-9]{3,12}$/.test(compact)) return fail('format');
  return ok({ scheme: 'CO_CE', value: compact, holder: 'person' });
}

/** Ecuador cédula: province 01–24 or 30, third digit < 6, Luhn-like mod 10 (2,1,2,1…). */
function ecuadorCedulaCheck(ten: string): { error: TaxIdError; expected?: string } | undefined {
  const province = Number(ten.slice(0, 2));
  if (!((province >= 1 && province <= 24) || province === 30)) return { error: 'province' };
  if (Number(ten[2]) >= 6) return { error: 'type' };
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    let p = Number(ten[i]) * (i % 2 === 0 ? 2 : 1);
    if (p > 9) p -= 9;
    sum += p;
  }
  const expected = (10 - (sum % 10)) % 10;
  return expected === Number(ten[9]) ? undefined : { error: 'check_digit', expected: String(expected) };
}

function ecuadorCi(input: string): TaxIdResult {
  const compact = input.replace(/[-.\s]/g, '');
  if (!/^\d{10}$/.test(compact)) return fail('format');
  const error = ecuadorCedulaCheck(compact);
  return error ? fail(error.error, error.expected) : ok({ scheme: 'EC_CI', value: compact, holder: 'person' });
}

/** Ecuador RUC: 13 digits; natural person (cédula + establishment), public entity (6) or company (9). */
function ecuadorRuc(input: string): TaxIdResult {
  const compact = input.replace(/[-.\s]/g, '');
  if (!/^\d{13}$/.test(compact)) return fail('format');
  const province = Number(compact.slice(0, 2));
  if (!((province >= 1 && province <= 24) || province === 30)) return fail('province');
  const third = Number(compact[2]);
  const mod11 = (digits: string, weights: number[]) => {
    const sum = weights.reduce((acc, w, i) => acc + w * Number(digits[i]), 0);
    const r = 11 - (sum % 11);
    return r === 11 ? 0 : r;
  };
  if (third < 6) {
    const error = ecuadorCedulaCheck(compact.slice(0, 10));
    if (error) return fail(error.error, error.expected);
    if (compact.slice(10) === '000') return fail('format');
    return ok({ scheme: 'EC_RUC', value: compact, holder: 'person' });
  }
  if (third === 6) {
    const expected = mod11(compact, [3, 2, 7, 6, 5, 4, 3, 2]);
    if (compact.slice(9) === '0000') return fail('format');
    if (expected === 10) return fail('check_digit');
    if (expected !== Number(compact[8])) return fail('check_digit', String(expected));
    return ok({ scheme: 'EC_RUC', value: compact, holder: 'company' });
  }
  if (third === 9) {
    const expected = mod11(compact, [4, 3, 2, 7, 6, 5, 4, 3, 2]);
    if (compact.slice(10) === '000') return fail('format');
    if (expected === 10) return fail('check_digit');
    if (expected !== Number(compact[9])) return fail('check_digit', String(expected));
    return ok({ scheme: 'EC_RUC', value: compact, holder: 'company' });
  }
  return fail('type');
}

const RFC_ALPHABET = '0123456789ABCDEFGHIJKLMN&OPQRSTUVWXYZ Ñ';
const GENERIC_RFCS = new Set(['XAXX010101000', 'XEXX010101000']);

/** Mexico RFC: 4 letters (persons) or 3 (companies), YYMMDD, 2-char homoclave and a mod-11 check digit. */
function mexicoRfc(input: string): TaxIdResult {
  const compact = input.replace(/[-\s]/g, '').toUpperCase();
  if (GENERIC_RFCS.has(compact)) return ok({ scheme: 'MX_RFC', value: compact, generic: true });
  const match = /^([A-ZÑ&]{3,4})(\d{2})(\d{2})(\d{2})([A-Z\d]{2})([\dA])$/.exec(compact);
  if (!match) return fail('format');
  const [, letters, yy, mm, dd] = match;
  const month = Number(mm);
  const day = Number(dd);
  // The century is not written: 20YY has the leap years of 19YY except for YY = 00 (29 Feb 1900 passes).
  const daysInMonth = new Date(Date.UTC(2000 + Number(yy), month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth) return fail('date');
  const padded = compact.length === 12 ? ` ${compact}` : compact;
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += RFC_ALPHABET.indexOf(padded[i]!) * (13 - i);
  const r = 11 - (sum % 11);
  const expected = r === 11 ? '0' : r === 10 ? 'A' : String(r);
  if (compact.at(-1) !== expected) return fail('check_digit', expected);
  return ok({ scheme: 'MX_RFC', value: compact, holder: letters!.length === 4 ? 'person' : 'company' });
}

/** Letters of any script, digits, spaces and the separators foreign tax ids are written with. */
const OTHER_CHARS = /^[\p{L}\p{N} .,\-/_#()]+$/u;

function other(input: string): TaxIdResult {
  const value = input.trim().toUpperCase().replace(/\s+/g, ' ');
  if (value.length < 1 || value.length > 40 || !OTHER_CHARS.test(value)) return fail('format');
  return ok({ scheme: 'OTHER', value });
}

const validators: Record<TaxIdScheme, (input: string) => TaxIdResult> = {
  CL_RUT: chileRut,
  AR_CUIT: argentinaCuit,
  CO_NIT: colombiaNit,
  CO_CC: colombiaCc,
  CO_CE: colombiaCe,
  EC_CI: ecuadorCi,
  EC_RUC: ecuadorRuc,
  MX_RFC: mexicoRfc,
  OTHER: other,
};

/** Validates `input` as `scheme` and returns its canonical form, or why it is not valid. */
export function parseTaxId(scheme: TaxIdScheme, input: string): TaxIdResult {
  if (!input?.trim()) return fail('empty');
  return validators[scheme](input.trim());
}

/** Shows only the last characters, for logs and messages (full tax ids never go to logs). */
export function maskTaxId(value: string): string {
  return value.length <= 4 ? '****' : `${'*'.repeat(value.length - 4)}${value.slice(-4)}`;
}

/** Groups of three digits from the right, with dots: `13456783` → `13.456.783`. */
const dotted = (digits: string) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, '.');

/**
 * The tax id as people write it in its country: RUT `13.456.783-K`, NIT `900.123.456-7`, cédula
 * (CO) `1.023.456.789`; CUIT `20-12345678-6` and the others are already written so in canonical form.
 */
export function formatTaxId(taxId: Pick<TaxId, 'scheme' | 'value'>): string {
  const { scheme, value } = taxId;
  const checked = /^(\d+)-([\dK])$/.exec(value);
  if ((scheme === 'CL_RUT' || scheme === 'CO_NIT') && checked) return `${dotted(checked[1]!)}-${checked[2]}`;
  if (scheme === 'CO_CC' && /^\d+$/.test(value)) return dotted(value);
  return value;
}
