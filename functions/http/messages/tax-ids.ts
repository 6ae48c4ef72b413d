import type { Language } from './accept-language.ts';
import type { Term } from './glossary.ts';

/** Each tax-id scheme by the name people give it, and how it is written (examples pass the checks). */
export const taxIdSchemes: Record<string, Term & { example: string; digits?: Record<Language, string> }> = {
  CL_RUT: { es: 'RUT', en: 'RUT', example: '12.345.678-5' },
  AR_CUIT: { es: 'CUIT/CUIL', en: 'CUIT/CUIL', example: '20-12345678-6', digits: { es: '11 dígitos', en: '11 digits' } },
  CO_NIT: { es: 'NIT', en: 'NIT', example: '900.123.456-8' },
  CO_CC: { es: 'cédula de ciudadanía', en: 'citizenship card (CC)', f: true, example: '1.234.567', digits: { es: 'de 3 a 10 dígitos', en: '3 to 10 digits' } },
  CO_CE: {
    es: 'cédula de extranjería',
    en: "foreigner's id card (CE)",
    f: true,
    example: 'E123456',
    digits: { es: 'de 3 a 12 letras o dígitos', en: '3 to 12 letters or digits' },
  },
  EC_CI: { es: 'cédula', en: 'identity card (cédula)', f: true, example: '1710034065', digits: { es: '10 dígitos', en: '10 digits' } },
  EC_RUC: { es: 'RUC', en: 'RUC', example: '1710034065001', digits: { es: '13 dígitos', en: '13 digits' } },
  MX_RFC: {
    es: 'RFC',
    en: 'RFC',
    example: 'GODE561231GR8',
    digits: { es: '3 o 4 letras, la fecha AAMMDD y 3 caracteres', en: '3 or 4 letters, the date YYMMDD and 3 characters' },
  },
  OTHER: {
    es: 'identificación tributaria',
    en: 'tax id',
    f: true,
    example: 'DE 123/456/78901',
    digits: { es: 'hasta 40 letras, dígitos, espacios y . , - / _ # ( )', en: 'up to 40 letters, digits, spaces and . , - / _ # ( )' },
  },
};

/** A scheme's words; an unknown one reads as a foreign tax id. */
export const schemeTerm = (scheme: unknown) => taxIdSchemes[String(scheme)] ?? taxIdSchemes.OTHER!;
