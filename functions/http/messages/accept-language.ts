/**
 * `Accept-Language` (RFC 9110 §12.5.4): a list of language ranges (RFC 4647: `es`, `es-CL`, `*`), each
 * with an optional weight `;q=` from 0 to 1 (at most three decimals). We answer in Spanish or English.
 */
export type Language = 'es' | 'en';

/** The languages we answer in, the default first. */
export const LANGUAGES: readonly Language[] = ['es', 'en'];

export interface LanguageRange {
  /** Lower-cased: `es-cl`, `en`, `*`. */
  range: string;
  q: number;
  /** Position in the header: equal weights keep the sender's order. */
  index: number;
}

const RANGE = /^(?:\*|[a-z]{1,8}(?:-[a-z0-9]{1,8})*)$/i;
const QVALUE = /^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/;

/**
 * The well-formed ranges of a header, in header order. A malformed element (bad range, bad or repeated
 * weight) is skipped rather than spoiling the rest, as a lenient recipient may do.
 */
export function parseAcceptLanguage(header: string | undefined): LanguageRange[] {
  if (!header) return [];
  const ranges: LanguageRange[] = [];
  for (const element of header.split(',')) {
    const [rawRange = '', ...params] = element.split(';').map((p) => p.trim());
    if (!rawRange) continue;
    if (!RANGE.test(rawRange)) continue;
    let q = 1;
    let valid = true;
    let weighted = false;
    for (const param of params) {
      const match = /^q\s*=\s*(.*)$/i.exec(param);
      if (!match || weighted || !QVALUE.test(match[1]!)) {
        valid = false;
        break;
      }
      weighted = true;
      q = Number(match[1]);
    }
    if (valid) ranges.push({ range: rawRange.toLowerCase(), q, index: ranges.length });
  }
  return ranges;
}

/**
 * How closely a range names one of our languages: 2 exactly (`es`), 1 a regional variant we answer in
 * its language (`es-CL` → `es`, RFC 4647 lookup truncates it), 0 the wildcard; undefined when it does not.
 */
function specificity(range: string, language: Language): number | undefined {
  if (range === language) return 2;
  if (range.startsWith(`${language}-`)) return 1;
  if (range === '*') return 0;
  return undefined;
}

/**
 * The language to answer in. Each of ours takes the weight of the most specific range naming it (so
 * `es;q=0, *` excludes Spanish while `*` admits English); the highest weight above 0 wins, equal weights
 * go to the range written first. With nothing acceptable (no header, nothing we speak, everything
 * refused) the answer is Spanish, or English when only Spanish was refused.
 */
export function pickLanguage(header: string | undefined): Language {
  const ranges = parseAcceptLanguage(header);
  const weights = LANGUAGES.map((language) => {
    let best: { q: number; index: number; rank: number } | undefined;
    for (const r of ranges) {
      const rank = specificity(r.range, language);
      if (rank === undefined) continue;
      if (!best || rank > best.rank || (rank === best.rank && r.q > best.q)) best = { q: r.q, index: r.index, rank };
    }
    return { language, q: best?.q, index: best?.index ?? Infinity };
  });
  const acceptable = weights.filter((w) => (w.q ?? 0) > 0).sort((a, b) => b.q! - a.q! || a.index - b.index);
  if (acceptable.length) return acceptable[0]!.language;
  return weights.find((w) => w.q === undefined)?.language ?? LANGUAGES[0]!;
}
