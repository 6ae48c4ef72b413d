import type { Language } from './accept-language.ts';
import type { FieldContext, FieldWording } from './field-messages.ts';
import { agree, capitalize as cap, list, quote, the, verb } from './glossary.ts';
import { taxIdSchemes } from './tax-ids.ts';

/**
 * Wording of the cell codes only an import raises (domain/imports/cells.ts, client-rows.ts): a formula
 * without a value, a yes/no or a number that is neither, a value off a fixed list. Everything else a
 * cell can get wrong is worded as the same field error of a request.
 */
const The = (c: FieldContext, lang: Language) => cap(the(c.field, lang));

/** The values a list takes, as the row's error gives them (`params.choices` per language), quoted. */
const choices = (c: FieldContext, lang: Language) => {
  const given = (c.params.choices as Partial<Record<Language, unknown[]>> | undefined)?.[lang];
  if (!Array.isArray(given) || !given.length) return lang === 'es' ? 'uno de los valores de su lista' : 'one of the values of its list';
  return list(
    given.map((v) => quote(v, lang)),
    lang,
  );
};
const schemes = (lang: Language) => list(Object.keys(taxIdSchemes), lang);

export const importFieldMessages = {
  formula_without_value: {
    es: (c) =>
      `${The(c, 'es')} ${verb(c.field, 'tiene', 'tienen')} una fórmula sin valor calculado; escribe el valor, o abre el archivo en Excel y guárdalo para que la calcule (al importar las fórmulas no se evalúan)`,
    en: (c) =>
      `${The(c, 'en')} ${c.field.pl ? 'hold' : 'holds'} a formula without a computed value; type the value, or open the file in Excel and save it so it computes it (formulas are not evaluated on import)`,
  },
  invalid_boolean: {
    es: (c) => `${The(c, 'es')} ${verb(c.field, 'debe', 'deben')} ser Sí o No (también se acepta si, no, 1, 0 o x)`,
    en: (c) => `${The(c, 'en')} must be Yes or No (yes, no, true, false, 1, 0 or x are accepted too)`,
  },
  invalid_number: {
    es: (c) => `${The(c, 'es')} ${verb(c.field, 'debe', 'deben')} ser un número entero, como 30`,
    en: (c) => `${The(c, 'en')} must be a whole number, such as 30`,
  },
  invalid_date: {
    es: (c) => `${The(c, 'es')} ${verb(c.field, 'debe', 'deben')} ser una fecha, como 31/03/2024 o 2024-03-31`,
    en: (c) => `${The(c, 'en')} must be a date, such as 31/03/2024 or 2024-03-31`,
  },
  invalid_choice: {
    es: (c) => `${The(c, 'es')} ${verb(c.field, 'debe', 'deben')} ser ${choices(c, 'es')}`,
    en: (c) => `${The(c, 'en')} must be ${choices(c, 'en')}`,
  },
  tax_id_scheme_needed: {
    es: (c) =>
      `Falta ${the(c.field, 'es')}: tu empresa no tiene uno propio con que leer el número; ${agree(c.field, 'indícal')} en su columna (${schemes('es')})`,
    en: (c) => `The ${c.field.en} is missing: your company has none of its own to read the number with; give it in its column (${schemes('en')})`,
  },
  // A mode the import type does not take (domain/imports/import-modes.ts).
  mode_not_supported: {
    es: (c) =>
      c.params.type === 'client_terms'
        ? 'La importación de categorías y plazos de pago solo cambia clientes que ya existen: usa el modo «update» (actualizar) o «upsert» (crear y actualizar)'
        : Array.isArray(c.params.modes) && c.params.mode !== undefined
          ? `Esta importación no acepta el modo ${quote(c.params.mode, 'es')}; usa ${list(
              c.params.modes.map((m) => quote(m, 'es')),
              'es',
            )}`
          : 'Esta importación no acepta ese modo: elige «create», «update» o «upsert» según lo que admita su tipo',
    en: (c) =>
      c.params.type === 'client_terms'
        ? 'The categories and payment terms import only changes clients that exist: use the "update" or "upsert" mode'
        : Array.isArray(c.params.modes) && c.params.mode !== undefined
          ? `This import does not take the mode ${quote(c.params.mode, 'en')}; use ${list(
              c.params.modes.map((m) => quote(m, 'en')),
              'en',
            )}`
          : 'This import does not take that mode: choose "create", "update" or "upsert", as its type allows',
  },
  // The columns naming a row's client (terms, contacts) have no scheme column: the tenant's scheme reads the number.
  tax_id_unreadable: {
    es: () =>
      'Tu empresa no tiene un tipo de identificación tributaria propio, así que no se sabe cómo leer el documento del cliente; búscalo por su id, id propio o e-mail',
    en: () => 'Your company has no tax id scheme of its own, so the client’s tax id cannot be read; find the client by its id, custom id or e-mail',
  },
} satisfies Record<string, FieldWording>;
