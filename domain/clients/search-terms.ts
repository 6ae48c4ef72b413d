import { capUtf8, fold } from '../shared/text.ts';
import type { Client } from './client.schema.ts';

/**
 * Quick-search terms (decision "Quick search from term items"): every client is findable by the start
 * of any word of its name, its e-mail, its tax id written without separators (so without its check
 * digit too), its phone digits and its contacts' e-mails. All of them live in one sorted term space,
 * so a query is one prefix range (two for a phone typed with a trunk 0); each term becomes one small
 * item in the client's own transaction (functions/adapters/dynamodb/client-search-items.ts).
 */
export type SearchTermKind = 'name' | 'email' | 'taxId' | 'phone' | 'contactEmail';
export interface SearchTerm {
  term: string;
  kind: SearchTermKind;
}

/** A client's indexed name words stop here (the first ones: trade name, legal name, then person names). */
export const MAX_NAME_TERMS = 10;
/** Contacts whose e-mail is indexed, by creation order: a client's term items stay few. */
export const MAX_CONTACT_EMAILS = 10;
/** Sort keys hold at most this much of a term; queries are cut the same way. */
export const TERM_MAX_BYTES = 200;
/** Phones with fewer digits are not indexed (nor matched as phones). */
const MIN_PHONE_DIGITS = 4;

/** Connectors that name nobody: not indexed, and ignored in a query unless they are its last (unfinished) word. */
const STOP_WORDS = new Set(['de', 'del', 'la', 'las', 'lo', 'los', 'el', 'y', 'e', 'da', 'das', 'do', 'dos', 'di', 'van', 'von', 'der']);

type Searchable = Pick<
  Client,
  'name' | 'firstName' | 'middleName' | 'firstSurname' | 'secondSurname' | 'legalName' | 'tradeName' | 'email' | 'taxId' | 'phone' | 'mobile'
>;

const cap = (text: string) => capUtf8(text, TERM_MAX_BYTES);

/** Folded words: lower case, no accents, split at anything that is not a letter or a digit. */
export const wordsOf = (text: string): string[] =>
  fold(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);

/** Letters and digits only, folded: how tax ids and phones are compared whatever their written form. */
const compactOf = (text: string) => fold(text).replace(/[^\p{L}\p{N}]+/gu, '');

const indexable = (word: string) => [...word].length > 1 && !STOP_WORDS.has(word);

/** Name parts in the order their words are indexed (only the ones the person type uses are ever set). */
const nameParts = (c: Searchable) => [c.tradeName, c.legalName, c.name, c.firstName, c.middleName, c.firstSurname, c.secondSurname];

/**
 * Calling codes are prefix-free: these are the one- and two-digit ones (ITU E.164); every other
 * country's code has three digits.
 */
const ONE_DIGIT_CODES = new Set(['1', '7']);
const TWO_DIGIT_CODES = new Set([
  '20',
  '27',
  '30',
  '31',
  '32',
  '33',
  '34',
  '36',
  '39',
  '40',
  '41',
  '43',
  '44',
  '45',
  '46',
  '47',
  '48',
  '49',
  '51',
  '52',
  '53',
  '54',
  '55',
  '56',
  '57',
  '58',
  '60',
  '61',
  '62',
  '63',
  '64',
  '65',
  '66',
  '81',
  '82',
  '84',
  '86',
  '90',
  '91',
  '92',
  '93',
  '94',
  '95',
  '98',
]);
const countryCodeLength = (digits: string) => (ONE_DIGIT_CODES.has(digits[0]!) ? 1 : TWO_DIGIT_CODES.has(digits.slice(0, 2)) ? 2 : 3);

/** A phone's digits, without the `00` that stands for `+`; international when it starts with either. */
const written = (phone: string) => {
  const start = phone.trim();
  const digits = phone.replace(/\D/g, '');
  if (start.startsWith('00')) return { international: true, digits: digits.slice(2) };
  return { international: start.startsWith('+'), digits };
};

/** The national number: without the country code (when written with `+` or `00`) and without trunk zeros. */
const nationalOf = (phone: string) => {
  const { international, digits } = written(phone);
  return (international ? digits.slice(countryCodeLength(digits)) : digits).replace(/^0+/, '');
};

/**
 * A phone's terms: all its digits (`+56 9 8765 4321` → `56987654321`) and its national number
 * (`987654321`), so it is found as written, without the country code, and with a trunk zero.
 */
export function phoneTerms(phone: string): string[] {
  const all = written(phone).digits;
  return [...new Set([all, nationalOf(phone)])].filter((d) => d.length >= MIN_PHONE_DIGITS);
}

/**
 * The terms a client is found by, each once (the first kind that yields it wins): up to
 * `MAX_NAME_TERMS` name words, the e-mail, the tax id's letters and digits, the phones' digits, and up
 * to `MAX_CONTACT_EMAILS` contact e-mails. Pure: the same client gives the same terms, so a change is
 * written as the difference of two term sets.
 */
export function searchTermsOf(client: Searchable, contactEmails: readonly string[] = []): SearchTerm[] {
  const terms = new Map<string, SearchTermKind>();
  const add = (term: string, kind: SearchTermKind) => {
    if (term && !terms.has(term)) terms.set(term, kind);
  };
  let names = 0;
  for (const word of nameParts(client).flatMap((part) => (part ? wordsOf(part) : []))) {
    if (names === MAX_NAME_TERMS) break;
    const term = cap(word);
    if (indexable(word) && !terms.has(term)) {
      add(term, 'name');
      names += 1;
    }
  }
  if (client.email) add(cap(fold(client.email)), 'email');
  if (client.taxId) add(cap(compactOf(client.taxId.value)), 'taxId');
  for (const phone of [client.phone, client.mobile]) if (phone) for (const term of phoneTerms(phone)) add(term, 'phone');
  for (const email of contactEmails.slice(0, MAX_CONTACT_EMAILS)) add(cap(fold(email)), 'contactEmail');
  return [...terms].map(([term, kind]) => ({ term, kind }));
}

/**
 * What a query asks for: one or two term prefixes (tried in order; a client is reported under the
 * first that matches it) and the other words of a several-word query, which must each start some
 * word of the client (its name words, e-mails, tax id or phones).
 */
export interface SearchText {
  prefixes: string[];
  others: string[];
}

/**
 * Reads the search box. With `@` it is an e-mail prefix. With digits in every word (`13.456.783`,
 * `13.456.783-K`, `+56 9 8765 4321`, `20-12345678`) it is an identifier: its letters and digits, a
 * phone written with `+` or `00` without its country code, one written with a trunk zero also
 * without it. Otherwise it is words: the longest one (connectors only when nothing else is left) is
 * the prefix looked up, the others filter.
 */
export function parseSearchText(text: string): SearchText | undefined {
  const q = text.trim();
  if (!q) return undefined;
  if (q.includes('@')) return { prefixes: [cap(fold(q))], others: [] };
  const tokens = q.split(/\s+/);
  if (/\d/.test(q) && tokens.every((t) => /\d/.test(t) || [...t].length === 1)) {
    const compact = compactOf(q);
    if (compact) {
      if (written(q).international) {
        // National number first (how phones are usually stored), then as typed (stored with the code, no `+`).
        const prefixes = [...new Set([nationalOf(q), written(q).digits].filter(Boolean).map(cap))];
        return prefixes.length ? { prefixes, others: [] } : undefined;
      }
      const trimmed = compact.replace(/^0+/, '');
      return { prefixes: [...new Set([compact, trimmed].filter(Boolean).map(cap))], others: [] };
    }
  }
  const words = wordsOf(q);
  if (!words.length) return undefined;
  const last = words.length - 1;
  // Connectors say nothing, unless the last word is one being typed ("de" may become "delgado").
  const meaningful = words.filter((w, i) => i === last || !STOP_WORDS.has(w));
  const pick = meaningful.reduce((best, w, i) => ([...w].length > [...meaningful[best]!].length ? i : best), 0);
  return { prefixes: [cap(meaningful[pick]!)], others: meaningful.filter((_, i) => i !== pick) };
}

/** Code-point order, which is DynamoDB's order of keys (UTF-8 bytes). */
export function compareCodePoints(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/** Every word a client can be told apart by, for the other words of a query (unbounded: memory only). */
function wordsFor(client: Searchable, terms: SearchTerm[], contactEmails: readonly string[]): string[] {
  const texts = [...nameParts(client), client.email, ...contactEmails].filter((t): t is string => Boolean(t));
  return [...texts.flatMap(wordsOf), ...terms.map((t) => t.term)];
}

/** Where a client is reported for a query: under which prefix, at which of its terms, found as what. */
export interface SearchMatch {
  prefixIndex: number;
  term: string;
  kind: SearchTermKind;
}

/**
 * Whether a client matches a query and, if so, the one term it is reported under: the smallest of its
 * terms that start with the first prefix that matches it. Reading term items in order, a client is
 * taken at that item only, so it comes once however many of its terms match and across pages.
 */
export function matchClient(client: Searchable, contactEmails: readonly string[], text: SearchText): SearchMatch | undefined {
  const terms = searchTermsOf(client, contactEmails);
  if (text.others.length) {
    const words = wordsFor(client, terms, contactEmails);
    if (!text.others.every((w) => words.some((word) => word.startsWith(w)))) return undefined;
  }
  for (const [prefixIndex, prefix] of text.prefixes.entries()) {
    const matching = terms.filter((t) => t.term.startsWith(prefix));
    if (!matching.length) continue;
    const first = matching.reduce((a, b) => (compareCodePoints(b.term, a.term) < 0 ? b : a));
    return { prefixIndex, term: first.term, kind: first.kind };
  }
  return undefined;
}
