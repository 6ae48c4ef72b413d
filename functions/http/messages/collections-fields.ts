import { placeholders } from '../../../domain/collections/placeholders.ts';
import type { Language } from './accept-language.ts';
import type { FieldWording } from './field-messages.ts';
import { quote } from './glossary.ts';
import type { ReasonWording } from './reasons.ts';

/** Wording of the collections settings' field codes (domain/collections/settings.use-cases.ts). */

const kb = (bytes: unknown) => Math.ceil(Number(bytes ?? 0) / 1000);
const known = (lang: Language) =>
  Object.values(placeholders)
    .map((p) => `{{${p[lang]}}}`)
    .join(', ');
const where = (pointer: string, lang: Language) => {
  const [, part, field] = pointer.match(/\/(es|en)\/(subject|text|html)$/) ?? [];
  if (!part) return '';
  const fields: Record<string, Record<Language, string>> = {
    subject: { es: 'el asunto', en: 'the subject' },
    text: { es: 'el texto', en: 'the text' },
    html: { es: 'el HTML', en: 'the HTML' },
  };
  const langs: Record<string, Record<Language, string>> = { es: { es: 'español', en: 'Spanish' }, en: { es: 'inglés', en: 'English' } };
  return lang === 'es' ? ` (en ${fields[field!]!.es} en ${langs[part]!.es})` : ` (in ${fields[field!]!.en}, ${langs[part]!.en})`;
};
const relations: Record<string, Record<Language, string>> = {
  before: { es: 'antes del vencimiento', en: 'before the due date' },
  after: { es: 'después del vencimiento', en: 'after the due date' },
};

export const collectionsFieldMessages = {
  unknown_placeholder: {
    es: (c) =>
      `La plantilla usa ${quote(`{{${String(c.params.placeholder ?? '')}}}`, 'es')}${where(c.pointer, 'es')}, que no existe; se puede usar: ${known('es')}`,
    en: (c) =>
      `The template uses ${quote(`{{${String(c.params.placeholder ?? '')}}}`, 'en')}${where(c.pointer, 'en')}, which does not exist; available: ${known('en')}`,
  },
  templates_too_large: {
    es: (c) => `Las plantillas suman ${kb(c.params.bytes)} KB; entre todas deben quedar bajo ${kb(c.params.max)} KB`,
    en: (c) => `The templates add up to ${kb(c.params.bytes)} KB; together they must stay under ${kb(c.params.max)} KB`,
  },
  statement_day_missing: {
    es: (c) =>
      c.params.frequency === 'weekly'
        ? 'Un estado de cuenta semanal necesita el día de la semana (weekday: 1 = lunes … 7 = domingo)'
        : 'Un estado de cuenta mensual necesita el día del mes (dayOfMonth: 1 a 31; un mes más corto usa su último día)',
    en: (c) =>
      c.params.frequency === 'weekly'
        ? 'A weekly statement needs the day of the week (weekday: 1 = Monday … 7 = Sunday)'
        : 'A monthly statement needs the day of the month (dayOfMonth: 1 to 31; a shorter month uses its last day)',
  },
  unknown_notice_concept: {
    es: (c) => `No existe el concepto de aviso ${quote(c.params.id ?? '', 'es')}; los conceptos están en GET /v1/collections/notice-concepts`,
    en: (c) => `There is no notice concept ${quote(c.params.id ?? '', 'en')}; the concepts are at GET /v1/collections/notice-concepts`,
  },
  notice_concept_relation: {
    es: (c) =>
      `El concepto ${quote(c.params.id ?? '', 'es')} es de aviso ${relations[String(c.params.relation)]?.es ?? ''}; va en ${c.params.relation === 'before' ? 'beforeConceptIds' : 'afterConceptIds'}`,
    en: (c) =>
      `The concept ${quote(c.params.id ?? '', 'en')} is a notice ${relations[String(c.params.relation)]?.en ?? ''}; it belongs in ${c.params.relation === 'before' ? 'beforeConceptIds' : 'afterConceptIds'}`,
  },
} satisfies Record<string, FieldWording>;

export const collectionsStateReasons: Record<string, ReasonWording> = {
  no_mailbox: {
    es: () => 'Tu usuario no tiene un buzón (mailbox) que verificar; pide a un administrador que lo indique en tu usuario',
    en: () => 'Your user has no mailbox to verify; ask an administrator to set it on your user',
  },
};
