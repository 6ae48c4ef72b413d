import { describe, expect, it } from 'vitest';
import { maskTaxId, parseTaxId, taxIdSchemes, type TaxIdScheme } from '../../../domain/clients/tax-id.ts';

// Vectors computed with an independent reference implementation and, where marked, real published ids.
const valid: Array<[TaxIdScheme, string, string, Record<string, unknown>?]> = [
  ['CL_RUT', '12.345.678-5', '12345678-5', { holder: 'person' }],
  ['CL_RUT', '12345678-5', '12345678-5'],
  ['CL_RUT', '123456785', '12345678-5'],
  ['CL_RUT', '76.086.428-5', '76086428-5', { holder: 'company' }],
  ['CL_RUT', '10.000.013-k', '10000013-K'],
  ['CL_RUT', '1.000.013-0', '1000013-0'],
  ['CL_RUT', '07.654.321-6', '7654321-6'],
  ['AR_CUIT', '20-12345678-6', '20-12345678-6', { holder: 'person' }],
  ['AR_CUIT', '20123456786', '20-12345678-6'],
  ['AR_CUIT', '27 23456789 1', '27-23456789-1'],
  ['AR_CUIT', '30-71234567-1', '30-71234567-1', { holder: 'company' }],
  ['AR_CUIT', '33-69345023-9', '33-69345023-9'], // AFIP
  ['CO_NIT', '900.123.456-8', '900123456-8'],
  ['CO_NIT', '8600697804', '860069780-4'],
  ['CO_NIT', '800197268-4', '800197268-4'], // DIAN
  ['CO_NIT', '890.903.938-8', '890903938-8'], // Bancolombia
  ['CO_CC', '1.020.304.050', '1020304050', { holder: 'person' }],
  ['CO_CC', '123', '123'],
  ['CO_CC', ' 52 345 678 ', '52345678'],
  ['CO_CC', '0012345', '12345'],
  ['CO_CE', 'e-123456', 'E123456', { holder: 'person' }],
  ['CO_CE', '123', '123'],
  ['CO_CE', 'ab.123.456.789', 'AB123456789'],
  ['CO_CE', '1234567890AB', '1234567890AB'],
  ['EC_CI', '1710034065', '1710034065', { holder: 'person' }],
  ['EC_CI', '171003406-5', '1710034065'],
  ['EC_RUC', '1710034065001', '1710034065001', { holder: 'person' }],
  ['EC_RUC', '1790011674001', '1790011674001', { holder: 'company' }],
  ['EC_RUC', '1760013210001', '1760013210001', { holder: 'company' }], // SRI, public entity
  ['MX_RFC', 'GODE561231GR8', 'GODE561231GR8', { holder: 'person' }],
  ['MX_RFC', 'gode-561231-gr8', 'GODE561231GR8'],
  ['MX_RFC', 'SAT970701NN3', 'SAT970701NN3', { holder: 'company' }], // SAT
  ['MX_RFC', 'ABC680524P73', 'ABC680524P73'],
  ['MX_RFC', 'XAXX010101000', 'XAXX010101000', { generic: true }],
  ['MX_RFC', 'XEXX010101000', 'XEXX010101000', { generic: true }],
  ['OTHER', '  ab  12 ', 'AB 12'],
  ['OTHER', 'de 123/456/78901', 'DE 123/456/78901'],
  ['OTHER', 'X', 'X'],
  ['OTHER', 'gb 123 4567 89', 'GB 123 4567 89'],
  ['OTHER', 'ñandú-7 (sucursal)', 'ÑANDÚ-7 (SUCURSAL)'],
  ['OTHER', 'A'.repeat(40), 'A'.repeat(40)],
  ['OTHER', `${'A'.repeat(20)}   ${'B'.repeat(19)}`, `${'A'.repeat(20)} ${'B'.repeat(19)}`], // 42 written, 40 once spaces collapse
];

const invalid: Array<[TaxIdScheme, string, string]> = [
  ['CL_RUT', '12.345.678-4', 'check_digit'],
  ['CL_RUT', '12.345.678-K', 'check_digit'],
  ['CL_RUT', '12.345.678', 'check_digit'],
  ['CL_RUT', 'abc', 'format'],
  ['CL_RUT', '', 'empty'],
  ['AR_CUIT', '20-12345678-9', 'check_digit'],
  ['AR_CUIT', '21-12345678-6', 'type'],
  ['AR_CUIT', '20-1234567-6', 'format'],
  ['CO_NIT', '900123456-7', 'check_digit'],
  ['CO_NIT', '12-3', 'format'],
  ['CO_CC', '12.34A', 'format'],
  ['CO_CC', '12', 'format'],
  ['CO_CC', '12345678901', 'format'],
  ['CO_CC', ' ', 'empty'],
  ['CO_CE', 'E1', 'format'],
  ['CO_CE', '1234567890ABC', 'format'],
  ['CO_CE', 'E12/3456', 'format'],
  ['CO_CE', 'ñ123456', 'format'],
  ['CO_CE', '', 'empty'],
  ['EC_CI', '1710034066', 'check_digit'],
  ['EC_CI', '2510034065', 'province'],
  ['EC_CI', '1770034065', 'type'],
  ['EC_RUC', '1710034065000', 'format'],
  ['EC_RUC', '1790011675001', 'check_digit'],
  ['EC_RUC', '1760013220001', 'check_digit'],
  ['EC_RUC', '1780011674001', 'type'],
  ['MX_RFC', 'GODE561231GR9', 'check_digit'],
  ['MX_RFC', 'GODE561331GR8', 'date'],
  ['MX_RFC', 'ABC680230P73', 'date'],
  ['MX_RFC', 'GO1E561231GR8', 'format'],
  ['OTHER', '', 'empty'],
  ['OTHER', ' \t\n ', 'empty'],
  ['OTHER', 'A'.repeat(41), 'format'],
  ['OTHER', 'AB\u000012', 'format'], // a control character
  ['OTHER', 'AB<12>', 'format'],
  ['OTHER', `${'A'.repeat(20)} ${'B'.repeat(20)}`, 'format'], // 41 after collapsing spaces
];

describe('tax ids', () => {
  it.each(valid)('%s accepts %s as %s', (scheme, input, value, extra) => {
    const result = parseTaxId(scheme, input);
    expect(result).toEqual({ ok: true, taxId: expect.objectContaining({ scheme, value, ...extra }) });
  });

  it.each(invalid)('%s rejects %s (%s)', (scheme, input, error) => {
    expect(parseTaxId(scheme, input)).toMatchObject({ ok: false, error });
  });

  it.each([
    ['CL_RUT', '13.456.783-1', 'K'],
    ['CL_RUT', '12.345.678-4', '5'],
    ['AR_CUIT', '20-12345678-9', '6'],
    ['CO_NIT', '900123456-7', '8'],
    ['EC_CI', '1710034066', '5'],
    ['EC_RUC', '1790011675001', '4'],
    ['EC_RUC', '1760013220001', '1'],
    ['MX_RFC', 'GODE561231GR9', '8'],
  ] as Array<[TaxIdScheme, string, string]>)('%s %s: names the check digit the rest of the number calls for (%s)', (scheme, input, digit) => {
    expect(parseTaxId(scheme, input)).toEqual({ ok: false, error: 'check_digit', expected: digit });
  });

  it('names no check digit when none fits the number, and calls a zero establishment a format error', () => {
    // 20-00000001: the remainder asks for 10, which no digit is.
    expect(parseTaxId('AR_CUIT', '20-00000001-0')).toEqual({ ok: false, error: 'check_digit' });
    expect(parseTaxId('EC_RUC', '1790011674000')).toEqual({ ok: false, error: 'format' });
  });

  it('has valid vectors and scheme-specific invalid vectors (not just "empty") for every scheme in taxIdSchemes', () => {
    expect(new Set(valid.map(([scheme]) => scheme))).toEqual(new Set(taxIdSchemes));
    expect(new Set(invalid.filter(([, , error]) => error !== 'empty').map(([scheme]) => scheme))).toEqual(new Set(taxIdSchemes));
  });

  it('gives every written form of one id the same canonical value', () => {
    const forms = ['12.345.678-5', '12345678-5', '123456785', ' 12 345 678 5 '];
    expect(new Set(forms.map((f) => (parseTaxId('CL_RUT', f) as { taxId: { value: string } }).taxId.value))).toEqual(new Set(['12345678-5']));
  });

  it('masks all but the last four characters for logs', () => {
    expect(maskTaxId('12345678-5')).toBe('******78-5');
    expect(maskTaxId('123')).toBe('****');
  });
});
