import type { Language } from './accept-language.ts';
import { agree, capitalize as cap, entities, fieldTerm, list, listRoutes, ofThe, quote, the, verb, type Term } from './glossary.ts';
import { levelName } from './reasons.ts';

import { collectionsFieldMessages } from './collections-fields.ts';
import { importFieldMessages } from './import-fields.ts';
import { receivablesFieldMessages } from './receivables-fields.ts';
import { statementFieldMessages } from './statement-fields.ts';
import { schemeTerm } from './tax-ids.ts';

/** What a field error's wording gets: the field as the user calls it, its pointer and the error's parameters. */
export interface FieldContext {
  field: Term;
  pointer: string;
  params: Record<string, unknown>;
}

export type FieldWording = Record<Language, (c: FieldContext) => string>;

const number = (n: unknown, lang: Language) =>
  typeof n === 'number' || typeof n === 'bigint' ? n.toLocaleString(lang === 'es' ? 'es-CL' : 'en-US') : String(n);
const plural = (n: unknown, one: string, many: string) => (Number(n) === 1 ? one : many);

/** "El e-mail", "Los permisos" / "The e-mail": the field as the subject of a sentence. */
const The = (c: FieldContext, lang: Language) => cap(the(c.field, lang));
const isEn = (c: FieldContext) => (c.field.pl ? 'are' : 'is');
const itEn = (c: FieldContext) => (c.field.pl ? 'them' : 'it');
/** Spanish object pronoun agreeing with the field: acórtalo, acórtala, acórtalos. */
const lo = (c: FieldContext) => agree(c.field, 'l');

const personTypes: Record<string, Record<Language, string>> = {
  natural: { es: 'personas naturales', en: 'natural persons' },
  legal: { es: 'personas jurídicas', en: 'legal persons' },
  other: { es: 'el tipo de persona «other»', en: 'the person type "other"' },
};
const personType = (p: unknown, lang: Language) => personTypes[String(p)]?.[lang] ?? quote(p, lang);

/** Names of JSON types, as "must be …" and "not …" complete. */
const kinds: Record<string, Record<Language, string>> = {
  string: { es: 'texto', en: 'text' },
  number: { es: 'un número', en: 'a number' },
  int: { es: 'un número entero', en: 'a whole number' },
  bigint: { es: 'un número entero', en: 'a whole number' },
  boolean: { es: 'true o false', en: 'true or false' },
  array: { es: 'una lista', en: 'a list' },
  object: { es: 'un objeto JSON', en: 'a JSON object' },
  record: { es: 'un objeto JSON', en: 'a JSON object' },
  date: { es: 'una fecha', en: 'a date' },
  null: { es: 'null', en: 'null' },
};
const kind = (k: unknown, lang: Language) => kinds[String(k)]?.[lang] ?? quote(k, lang);
/** "must be a whole number, not a number" says nothing: name what came only when it is another kind. */
const differs = (received: unknown, expected: unknown) =>
  received !== undefined &&
  received !== expected &&
  kinds[String(received)] !== undefined &&
  !(received === 'number' && (expected === 'int' || expected === 'bigint'));

/** Formats our regular expressions check, by their source: what a valid value looks like. */
const patterns: Record<string, Record<Language, string>> = {
  '^[A-Za-z0-9_-]+$': { es: 'solo puede tener letras sin tilde, dígitos, - y _', en: 'can only have unaccented letters, digits, - and _' },
  '^#[0-9a-fA-F]{6}$': { es: 'debe ser un código hexadecimal como #1A2B3C', en: 'must be a hex code such as #1A2B3C' },
  '\\.xlsx$': { es: 'debe terminar en .xlsx (un libro de Excel)', en: 'must end in .xlsx (an Excel workbook)' },
  '^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$': {
    es: 'debe tener de 1 a 40 minúsculas sin tilde, dígitos y guiones interiores, como ferreteria-sur',
    en: 'must have 1 to 40 lower-case unaccented letters, digits and inner hyphens, such as ferreteria-sur',
  },
  '^[\\x20-\\x7e]+$': { es: 'solo puede tener caracteres ASCII imprimibles', en: 'can only have printable ASCII characters' },
};

/** "El tipo de persona debe ser «natural» o «legal»", or "Falta …: es obligatorio; usa …" when absent. */
function oneOf(c: FieldContext, lang: Language): string {
  const values = list(
    ((c.params.values as unknown[]) ?? []).map((v) => quote(v, lang)),
    lang,
  );
  if (c.params.received === 'missing') {
    return lang === 'es'
      ? `${verb(c.field, 'Falta', 'Faltan')} ${the(c.field, 'es')}: ${verb(c.field, 'es', 'son')} ${agree(c.field, 'obligatori')}; usa ${values}`
      : `${The(c, 'en')} ${isEn(c)} missing: ${c.field.pl ? 'they are' : 'it is'} required; use ${values}`;
  }
  return lang === 'es' ? `${The(c, 'es')} ${verb(c.field, 'debe', 'deben')} ser ${values}` : `${The(c, 'en')} must be ${values}`;
}

/** Field-error codes of zod's issues (as validate.ts passes them on), worded ourselves. */
export const zodIssueMessages = {
  invalid_type: {
    es: (c) => {
      const { received, expected } = c.params;
      if (received === 'missing')
        return `${verb(c.field, 'Falta', 'Faltan')} ${the(c.field, 'es')}: ${verb(c.field, 'es', 'son')} ${agree(c.field, 'obligatori')}`;
      if (received === 'null') return `${The(c, 'es')} no ${verb(c.field, 'puede', 'pueden')} ser null: envía un valor o quita el campo`;
      if (expected === undefined) return `${The(c, 'es')} no ${verb(c.field, 'tiene', 'tienen')} el tipo de valor que corresponde`;
      const not = differs(received, expected) ? `, no ${kind(received, 'es')}` : '';
      return `${The(c, 'es')} ${verb(c.field, 'debe', 'deben')} ser ${kind(expected, 'es')}${not}`;
    },
    en: (c) => {
      const { received, expected } = c.params;
      if (received === 'missing') return `${The(c, 'en')} ${isEn(c)} missing: ${c.field.pl ? 'they are' : 'it is'} required`;
      if (received === 'null') return `${The(c, 'en')} cannot be null: send a value or leave the field out`;
      if (expected === undefined) return `${The(c, 'en')} ${c.field.pl ? 'do' : 'does'} not have the right type of value`;
      const not = differs(received, expected) ? `, not ${kind(received, 'en')}` : '';
      return `${The(c, 'en')} must be ${kind(expected, 'en')}${not}`;
    },
  },
  too_small: {
    es: (c) => {
      const { origin, minimum, inclusive, exact } = c.params;
      const n = Number(minimum);
      if (origin === 'string') {
        if (exact) return `${The(c, 'es')} ${verb(c.field, 'debe', 'deben')} tener exactamente ${number(n, 'es')} ${plural(n, 'carácter', 'caracteres')}`;
        if (n <= 1) return `${The(c, 'es')} no ${verb(c.field, 'puede', 'pueden')} quedar ${agree(c.field, 'vací')}`;
        return `${The(c, 'es')} ${verb(c.field, 'debe', 'deben')} tener al menos ${number(n, 'es')} caracteres`;
      }
      if (origin === 'array' || origin === 'set') {
        return `${The(c, 'es')} ${verb(c.field, 'debe', 'deben')} tener al menos ${number(n, 'es')} ${plural(n, 'elemento', 'elementos')}`;
      }
      return `${The(c, 'es')} ${verb(c.field, 'debe', 'deben')} ser ${inclusive === false ? `mayor que ${number(n, 'es')}` : `${number(n, 'es')} o más`}`;
    },
    en: (c) => {
      const { origin, minimum, inclusive, exact } = c.params;
      const n = Number(minimum);
      if (origin === 'string') {
        if (exact) return `${The(c, 'en')} must be exactly ${number(n, 'en')} ${plural(n, 'character', 'characters')} long`;
        if (n <= 1) return `${The(c, 'en')} cannot be empty`;
        return `${The(c, 'en')} must be at least ${number(n, 'en')} characters long`;
      }
      if (origin === 'array' || origin === 'set') return `${The(c, 'en')} must have at least ${number(n, 'en')} ${plural(n, 'item', 'items')}`;
      return `${The(c, 'en')} must be ${inclusive === false ? `greater than ${number(n, 'en')}` : `${number(n, 'en')} or more`}`;
    },
  },
  too_big: {
    es: (c) => {
      const { origin, maximum, inclusive, exact } = c.params;
      const n = Number(maximum);
      if (origin === 'string') {
        if (exact) return `${The(c, 'es')} ${verb(c.field, 'debe', 'deben')} tener exactamente ${number(n, 'es')} ${plural(n, 'carácter', 'caracteres')}`;
        return `${The(c, 'es')} ${verb(c.field, 'admite', 'admiten')} hasta ${number(n, 'es')} ${plural(n, 'carácter', 'caracteres')}; acórta${lo(c)}`;
      }
      if (origin === 'array' || origin === 'set') {
        return `${The(c, 'es')} ${verb(c.field, 'admite', 'admiten')} hasta ${number(n, 'es')} ${plural(n, 'elemento', 'elementos')}`;
      }
      return `${The(c, 'es')} ${verb(c.field, 'debe', 'deben')} ser ${inclusive === false ? `menor que ${number(n, 'es')}` : `${number(n, 'es')} o menos`}`;
    },
    en: (c) => {
      const { origin, maximum, inclusive, exact } = c.params;
      const n = Number(maximum);
      if (origin === 'string') {
        if (exact) return `${The(c, 'en')} must be exactly ${number(n, 'en')} ${plural(n, 'character', 'characters')} long`;
        return `${The(c, 'en')} can be at most ${number(n, 'en')} ${plural(n, 'character', 'characters')} long; shorten ${itEn(c)}`;
      }
      if (origin === 'array' || origin === 'set') return `${The(c, 'en')} can have at most ${number(n, 'en')} ${plural(n, 'item', 'items')}`;
      return `${The(c, 'en')} must be ${inclusive === false ? `less than ${number(n, 'en')}` : `${number(n, 'en')} or less`}`;
    },
  },
  invalid_format: {
    es: (c) => {
      const { format, pattern } = c.params;
      if (format === 'email') return `${The(c, 'es')} no es una dirección de e-mail válida; escríbela como nombre@empresa.cl`;
      const hint = patterns[String(pattern)]?.es;
      if (hint) return `${The(c, 'es')} ${hint}`;
      return `${The(c, 'es')} no tiene el formato esperado${format && format !== 'regex' ? ` (${format})` : ''}`;
    },
    en: (c) => {
      const { format, pattern } = c.params;
      if (format === 'email') return `${The(c, 'en')} is not a valid e-mail address; write it like name@company.com`;
      const hint = patterns[String(pattern)]?.en;
      if (hint) return `${The(c, 'en')} ${hint}`;
      return `${The(c, 'en')} is not in the expected format${format && format !== 'regex' ? ` (${format})` : ''}`;
    },
  },
  invalid_value: {
    es: (c) => oneOf(c, 'es'),
    en: (c) => oneOf(c, 'en'),
  },
  invalid_union: {
    es: (c) => (c.params.values ? oneOf(c, 'es') : `${The(c, 'es')} no ${verb(c.field, 'tiene', 'tienen')} un valor admitido; revisa la referencia en /docs`),
    en: (c) => (c.params.values ? oneOf(c, 'en') : `${The(c, 'en')} ${c.field.pl ? 'do' : 'does'} not have an accepted value; see the reference at /docs`),
  },
  not_multiple_of: {
    es: (c) => `${The(c, 'es')} ${verb(c.field, 'debe', 'deben')} ser múltiplo de ${number(c.params.divisor, 'es')}`,
    en: (c) => `${The(c, 'en')} must be a multiple of ${number(c.params.divisor, 'en')}`,
  },
  invalid_key: {
    es: (c) => `${The(c, 'es')} ${verb(c.field, 'tiene', 'tienen')} una clave que no se admite`,
    en: (c) => `${The(c, 'en')} ${c.field.pl ? 'have' : 'has'} a key that is not accepted`,
  },
  invalid_element: {
    es: (c) => `${The(c, 'es')} ${verb(c.field, 'tiene', 'tienen')} un elemento que no se admite`,
    en: (c) => `${The(c, 'en')} ${c.field.pl ? 'have' : 'has'} an item that is not accepted`,
  },
  custom: {
    es: (c) => `${The(c, 'es')} no ${verb(c.field, 'es', 'son')} ${agree(c.field, 'válid')}`,
    en: (c) => `${The(c, 'en')} ${isEn(c)} not valid`,
  },
  unknown_field: {
    es: (c) => {
      const { part, key, container } = unknownField(c.pointer);
      const where = container ? ` en ${the(container, 'es')}` : part === 'query' ? ' en esta ruta' : ' en esta operación';
      return `${part === 'query' ? 'El parámetro' : 'El campo'} ${quote(key, 'es')} no existe${where}; quítalo o revisa cómo se escribe`;
    },
    en: (c) => {
      const { part, key, container } = unknownField(c.pointer);
      const where = container ? ` in ${the(container, 'en')}` : part === 'query' ? ' on this route' : ' in this operation';
      return `There is no ${part === 'query' ? 'parameter' : 'field'} ${quote(key, 'en')}${where}; remove it or check its spelling`;
    },
  },
} satisfies Record<string, FieldWording>;

/** The key an unknown-field pointer names, and the object that holds it when it is not the part itself. */
function unknownField(pointer: string) {
  const segments = pointer.split('/');
  const key = (segments.at(-1) ?? '').replace(/~1/g, '/').replace(/~0/g, '~');
  const part = segments[1];
  const container = segments.length > 3 ? fieldTerm(segments.slice(0, -1).join('/')) : undefined;
  return { part, key, container };
}

const countryNames: Record<string, Record<Language, string>> = {
  CL: { es: 'Chile', en: 'Chile' },
  AR: { es: 'Argentina', en: 'Argentina' },
  MX: { es: 'México', en: 'Mexico' },
  CO: { es: 'Colombia', en: 'Colombia' },
  EC: { es: 'Ecuador', en: 'Ecuador' },
};
const countryName = (country: unknown, lang: Language) => countryNames[String(country)]?.[lang] ?? quote(country, lang);
/** "CLP o CLF" / "CLP or CLF": the currencies a country uses. */
const currencies = (c: FieldContext, lang: Language) => list(((c.params.currencies as unknown[]) ?? []).map(String), lang);

/** The org unit a `required_for_level` error names, by its pointer: `branch` or `department`. */
const unitEntity = (c: FieldContext) => (c.pointer.endsWith('/branchId') ? 'branch' : 'department');

const taxIdName = (c: FieldContext, lang: Language) => the(schemeTerm(c.params.scheme), lang);

/** Our own field-level codes: domain rules, tax ids, references, unsafe text, and the HTTP layer's. */
export const ownFieldMessages = {
  // Tax ids (domain/clients/tax-id.ts), on /body/taxId/value.
  empty: {
    es: (c) => `Falta el número ${ofThe(schemeTerm(c.params.scheme), 'es')}`,
    en: (c) => `The ${schemeTerm(c.params.scheme).en} number is missing`,
  },
  format: {
    es: (c) => {
      const s = schemeTerm(c.params.scheme);
      const how = s.digits ? `lleva ${s.digits.es}, como ${s.example}` : `se escribe como ${s.example}`;
      return `${cap(the(s, 'es'))} no tiene un formato válido: ${how}`;
    },
    en: (c) => {
      const s = schemeTerm(c.params.scheme);
      const how = s.digits ? `it has ${s.digits.en}, like ${s.example}` : `it is written like ${s.example}`;
      return `${cap(the(s, 'en'))} is not in a valid format: ${how}`;
    },
  },
  check_digit: {
    es: (c) => {
      const s = schemeTerm(c.params.scheme);
      return c.params.checkDigit !== undefined
        ? `El dígito verificador ${ofThe(s, 'es')} no corresponde (debería ser ${c.params.checkDigit}); revisa que el número esté bien escrito`
        : `Ningún dígito verificador corresponde a ese número; revisa que ${the(s, 'es')} esté bien ${agree(s, 'escrit')}`;
    },
    en: (c) =>
      c.params.checkDigit !== undefined
        ? `The check digit of ${taxIdName(c, 'en')} does not match (it should be ${c.params.checkDigit}); check that the number is written correctly`
        : `No check digit fits that number; check that ${taxIdName(c, 'en')} is written correctly`,
  },
  date: {
    es: () => 'La fecha del RFC no existe: los 6 dígitos tras las letras son la fecha AAMMDD (nacimiento o constitución)',
    en: () => 'The date in the RFC does not exist: the 6 digits after the letters are the date YYMMDD (of birth or incorporation)',
  },
  province: {
    es: (c) => `Los dos primeros dígitos ${c.params.scheme === 'EC_RUC' ? 'del RUC' : 'de la cédula'} son la provincia y deben ir de 01 a 24, o ser 30`,
    en: (c) => `The first two digits of the ${c.params.scheme === 'EC_RUC' ? 'RUC' : 'cédula'} are the province: 01 to 24, or 30`,
  },
  type: {
    es: (c) =>
      c.params.scheme === 'AR_CUIT'
        ? 'El CUIT/CUIL debe empezar con 20, 23, 24, 27, 30, 33 o 34 (el tipo de persona)'
        : c.params.scheme === 'EC_RUC'
          ? 'El tercer dígito del RUC es el tipo de contribuyente y debe ser menor que 6, 6 o 9'
          : 'El tercer dígito de la cédula debe ser menor que 6',
    en: (c) =>
      c.params.scheme === 'AR_CUIT'
        ? 'A CUIT/CUIL starts with 20, 23, 24, 27, 30, 33 or 34 (the kind of person)'
        : c.params.scheme === 'EC_RUC'
          ? 'The third digit of the RUC is the kind of taxpayer and must be below 6, 6 or 9'
          : 'The third digit of the cédula must be below 6',
  },
  // Names against the person type (domain/clients/client.schema.ts).
  invalid_name: {
    es: (c) =>
      c.params.rule === 'not_used'
        ? `${The(c, 'es')} no se usa para ${personType(c.params.personType, 'es')}: quíta${lo(c)} o cambia el tipo de persona`
        : `Falta ${the(c.field, 'es')}: es ${agree(c.field, 'obligatori')} para ${personType(c.params.personType, 'es')}`,
    en: (c) =>
      c.params.rule === 'not_used'
        ? `${The(c, 'en')} is not used for ${personType(c.params.personType, 'en')}: remove it or change the person type`
        : `The ${c.field.en} is missing: it is required for ${personType(c.params.personType, 'en')}`,
  },
  // A reference to something of the tenant that is not there (or not active).
  unknown_reference: {
    es: (c) => {
      const entity = entities[String(c.params.entity)] ?? c.field;
      const route = listRoutes[String(c.params.entity)];
      if (c.params.status === 'inactive') {
        // A reference field names the role ("el vendedor"); elsewhere the kind of thing ("el usuario").
        const who = /Id$/.test(c.pointer) ? c.field : entity;
        return `${cap(the(who, 'es'))} ${c.params.name ? `${quote(c.params.name, 'es')} (id ${c.params.id})` : quote(c.params.id, 'es')} está ${agree(who, 'desactivad')}; reactíva${agree(who, 'l')} o elige ${who.f ? 'otra' : 'otro'}${route ? ` (${route}?status=active)` : ''}`;
      }
      return `No existe ${the(entity, 'es')} ${quote(c.params.id, 'es')}; elige ${entity.f ? 'una' : 'uno'} que exista${route ? ` (${route})` : ''}`;
    },
    en: (c) => {
      const entity = entities[String(c.params.entity)] ?? c.field;
      const route = listRoutes[String(c.params.entity)];
      if (c.params.status === 'inactive') {
        const who = /Id$/.test(c.pointer) ? c.field : entity;
        return `The ${who.en} ${c.params.name ? `${quote(c.params.name, 'en')} (id ${c.params.id})` : quote(c.params.id, 'en')} is deactivated; reactivate it or choose another${route ? ` (${route}?status=active)` : ''}`;
      }
      return `There is no ${entity.en} ${quote(c.params.id, 'en')}; choose one that exists${route ? ` (${route})` : ''}`;
    },
  },
  same_agent: {
    es: () => 'El agente nuevo es el mismo que el actual; indica otro o quita esta reasignación',
    en: () => 'The new agent is the same as the current one; name another or remove this move',
  },
  required: {
    es: (c) =>
      c.params.because === 'receives'
        ? 'Falta el e-mail: un contacto que recibe mensajes lo necesita; agrégalo o deja vacía la lista de mensajes que recibe'
        : c.params.because === 'no_slug'
          ? 'Falta el id de la empresa: el nombre no tiene letras ni dígitos con que formarlo; indica un tenantId'
          : `${verb(c.field, 'Falta', 'Faltan')} ${the(c.field, 'es')}: ${verb(c.field, 'es', 'son')} ${agree(c.field, 'obligatori')}`,
    en: (c) =>
      c.params.because === 'receives'
        ? 'The e-mail is missing: a contact that receives messages needs one; add it or empty the list of messages it receives'
        : c.params.because === 'no_slug'
          ? 'The company id is missing: the name has no letters or digits to make one from; give a tenantId'
          : `${The(c, 'en')} ${isEn(c)} missing: ${c.field.pl ? 'they are' : 'it is'} required`,
  },
  // A level-2 user without a branch, a level-3 one without a department (domain/workspace/user.use-cases.ts).
  required_for_level: {
    es: (c) => {
      const level = `nivel ${c.params.level} (${levelName(c.params.level, 'es')})`;
      const why = `un usuario de ${level} solo ve los clientes de su ${c.field.es}`;
      return c.params.rule === 'removed'
        ? `No se puede quitar ${the(c.field, 'es')}: ${why}; indica ${c.field.f ? 'otra' : 'otro'} o cambia antes su nivel de acceso`
        : `Falta ${the(c.field, 'es')}: ${why}; indícal${agree(c.field, '')} (${listRoutes[unitEntity(c)]}) o elige otro nivel de acceso`;
    },
    en: (c) => {
      const level = `level ${c.params.level} (${levelName(c.params.level, 'en')})`;
      const why = `a user of access ${level} only sees the clients of their ${c.field.en}`;
      return c.params.rule === 'removed'
        ? `The ${c.field.en} cannot be removed: ${why}; give another one or change the access level first`
        : `The ${c.field.en} is missing: ${why}; give one (${listRoutes[unitEntity(c)]}) or choose another access level`;
    },
  },
  // A tenant's currency against its country (domain/workspace/tenant-currency.ts).
  currency_of_country: {
    es: (c) =>
      `La moneda ${quote(c.params.currency, 'es')} no se usa en ${countryName(c.params.country, 'es')}: usa ${currencies(c, 'es')}; si tu empresa factura en otra moneda, envía también allowForeignCurrency: true`,
    en: (c) =>
      `The currency ${quote(c.params.currency, 'en')} is not used in ${countryName(c.params.country, 'en')}: use ${currencies(c, 'en')}; if your company bills in another currency, also send allowForeignCurrency: true`,
  },
  // Refinements of request schemas (their `params.reason`).
  empty_patch: {
    es: () =>
      'El cambio no modifica nada: indica al menos un campo (categoryId, zoneId, sellerId, collectorId, agentId, paymentTermsDays o collectionsEnabled)',
    en: () =>
      'The change modifies nothing: set at least one field (categoryId, zoneId, sellerId, collectorId, agentId, paymentTermsDays or collectionsEnabled)',
  },
  target_required: {
    es: () => 'Indica a qué clientes se aplica: clientIds (una lista) o filter (un filtro), uno de los dos',
    en: () => 'Say which clients it applies to: clientIds (a list) or filter (a filter), one of the two',
  },
  all_required: {
    es: () =>
      'El filtro no nombra nada más que el estado, así que alcanza a todos los clientes que puedes ver; si es lo que quieres, agrega "all": true, y si no, acota el filtro',
    en: () =>
      'The filter names nothing but the status, so it reaches every client you can see; if that is what you want, add "all": true, otherwise narrow the filter',
  },
  all_without_filter: {
    es: () => '"all" solo se usa junto con filter, para confirmar un filtro que alcanza a todos tus clientes; quítalo al indicar clientIds',
    en: () => '"all" only goes with filter, to confirm a filter that reaches all your clients; remove it when you give clientIds',
  },
  // A plain-string tax id (domain/clients/plain-tax-id.ts) for a tenant whose country has no scheme of ours.
  tax_id_scheme_required: {
    es: () =>
      'Tu empresa no tiene un tipo de identificación tributaria propio, así que no se sabe cómo leer ese número; envíalo como objeto con su tipo, por ejemplo {"scheme": "OTHER", "value": "DE 123/456"}',
    en: () =>
      'Your company has no tax id scheme of its own, so there is no way to read that number; send it as an object with its scheme, e.g. {"scheme": "OTHER", "value": "DE 123/456"}',
  },
  move_count: {
    es: (c) => `Indica de 1 a ${c.params.max ?? 50} reasignaciones (agente actual → agente nuevo)`,
    en: (c) => `Give 1 to ${c.params.max ?? 50} moves (current agent → new agent)`,
  },
  unknown_time_zone: {
    es: (c) => `${The(c, 'es')} no es una zona horaria IANA conocida; usa una como America/Santiago`,
    en: (c) => `${The(c, 'en')} is not a known IANA time zone; use one such as America/Santiago`,
  },
  // Unsafe characters (domain/shared/fields.ts).
  control_character: {
    es: (c) => `${The(c, 'es')} ${verb(c.field, 'contiene', 'contienen')} un carácter de control (invisible, como el carácter nulo) que aquí no se admite`,
    en: (c) =>
      `${The(c, 'en')} ${c.field.pl ? 'contain' : 'contains'} a control character (an invisible one, such as the null character) that is not allowed here`,
  },
  bidi_control: {
    es: (c) =>
      `${The(c, 'es')} ${verb(c.field, 'contiene', 'contienen')} un carácter que altera la dirección del texto (override o isolate bidireccional); quítalo`,
    en: (c) => `${The(c, 'en')} ${c.field.pl ? 'contain' : 'contains'} a character that alters text direction (a bidirectional override or isolate); remove it`,
  },
  lone_surrogate: {
    es: (c) => `${The(c, 'es')} ${verb(c.field, 'contiene', 'contienen')} un carácter dañado (un sustituto UTF-16 suelto); revisa cómo se copió el texto`,
    en: (c) => `${The(c, 'en')} ${c.field.pl ? 'contain' : 'contains'} a broken character (a lone UTF-16 surrogate); check how the text was copied`,
  },
  // The HTTP layer's own checks.
  invalid_cursor: {
    es: () => 'El cursor no es válido o expiró; vuelve a pedir la primera página',
    en: () => 'The cursor is invalid or expired; request the first page again',
  },
  unexpected_body: {
    es: () => 'Esta operación no lleva cuerpo; envía la solicitud sin él',
    en: () => 'This operation takes no body; send the request without one',
  },
  json_required: { es: () => 'Debe ser application/json', en: () => 'Must be application/json' },
  if_match_required: { es: () => 'Envía el ETag de tu última lectura, por ejemplo "3"', en: () => 'Send the ETag of your last read, e.g. "3"' },
  invalid_if_match: {
    es: () =>
      'If-Match no es un ETag: envía el ETag de tu última lectura tal como llegó ("3"), el número solo (3), o * para cambiar la versión actual sea cual sea',
    en: () => 'If-Match is not an ETag: send the ETag of your last read as it came ("3"), the bare number (3), or * to change whatever version is current',
  },
  invalid_path_escape: { es: () => 'Tiene una secuencia % que no es un carácter válido', en: () => 'Has a % escape that is not a valid character' },
  invalid_idempotency_key: {
    es: () => 'La Idempotency-Key debe tener entre 1 y 255 caracteres ASCII imprimibles',
    en: () => 'Idempotency-Key must be 1 to 255 printable ASCII characters',
  },
} satisfies Record<string, FieldWording>;

/** Every field-error code we word, zod's and ours. */
export const fieldMessages: Record<string, FieldWording> = {
  ...zodIssueMessages,
  ...ownFieldMessages,
  ...receivablesFieldMessages,
  ...statementFieldMessages,
  ...importFieldMessages,
  ...collectionsFieldMessages,
};

/** The message of a field error in a language; undefined for a code we do not word (the test forbids them). */
export function fieldMessage(error: { pointer: string; code: string; params?: Record<string, unknown> | undefined }, lang: Language): string | undefined {
  const wording = fieldMessages[error.code];
  return wording?.[lang]({ field: fieldTerm(error.pointer), pointer: error.pointer, params: error.params ?? {} });
}
