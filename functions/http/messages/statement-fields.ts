import type { Language } from './accept-language.ts';
import type { FieldWording } from './field-messages.ts';
import { quote } from './glossary.ts';

/** Wording of the statement-of-account period codes (domain/receivables/statement.use-case.ts). */
const date = (d: unknown, lang: Language) => (typeof d === 'string' ? quote(d, lang) : lang === 'es' ? 'esa fecha' : 'that date');
const years = (n: unknown) => (typeof n === 'number' ? n : 5);

export const statementFieldMessages = {
  period_reversed: {
    es: (c) => `El período está al revés: la fecha desde (${date(c.params.from, 'es')}) es posterior a la fecha hasta (${date(c.params.to, 'es')})`,
    en: (c) => `The period is the wrong way round: the start date (${date(c.params.from, 'en')}) is after the end date (${date(c.params.to, 'en')})`,
  },
  period_too_long: {
    es: (c) =>
      `Un estado de cuenta abarca menos de ${years(c.params.maxYears)} años (desde ${date(c.params.from, 'es')}); pide períodos más cortos, uno a continuación del otro`,
    en: (c) =>
      `A statement covers less than ${years(c.params.maxYears)} years (from ${date(c.params.from, 'en')}); ask for shorter periods, one after the other`,
  },
} satisfies Record<string, FieldWording>;
