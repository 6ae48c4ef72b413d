import { describe, expect, it } from 'vitest';
import { parseAcceptLanguage, pickLanguage } from '../../functions/http/messages/accept-language.ts';

describe('Accept-Language (RFC 9110 §12.5.4)', () => {
  it.each<[string | undefined, string, string]>([
    [undefined, 'es', 'no header: Spanish, the default'],
    ['', 'es', 'an empty header'],
    ['en', 'en', 'a bare language'],
    ['es', 'es', 'Spanish asked'],
    ['en-US', 'en', 'a regional tag answers in its language'],
    ['es-CL', 'es', 'Chilean Spanish'],
    ['EN-gb', 'en', 'tags are case-insensitive'],
    ['fr-CA, fr;q=0.9', 'es', 'nothing we speak: the default'],
    ['fr, en;q=0.5', 'en', 'the first language we speak, even with a lower weight than one we do not'],
    ['es-CL;q=0.5, en;q=0.8', 'en', 'the highest weight wins over the order'],
    ['en-US,en;q=0.9,es;q=0.8', 'en', 'a browser in English'],
    ['es-419,es;q=0.9,en;q=0.8', 'es', 'Latin American Spanish'],
    ['en;q=0.7, es;q=0.7', 'en', 'equal weights keep the order of the header'],
    ['es;q=0.7, en;q=0.7', 'es', 'equal weights keep the order of the header (the other way)'],
    ['*', 'es', 'the wildcard: the default'],
    ['es;q=0, *', 'en', 'q=0 excludes Spanish; the wildcard admits English'],
    ['en;q=0', 'es', 'English excluded'],
    ['es;q=0', 'en', 'Spanish excluded and English not refused'],
    ['es;q=0, en;q=0', 'es', 'everything refused: the default all the same'],
    ['en;q=0.1, *;q=0.5', 'es', 'the wildcard weighs languages the header does not name'],
    ['es-CL;q=0, es;q=0.9, en;q=0.5', 'es', 'the exact range is more specific than a regional one for our Spanish'],
    ['en;q=1.0, es;q=1.000', 'en', 'weights with up to three decimals'],
    ['en;q=1.5, es', 'es', 'a weight over 1 makes its element malformed, so it is skipped'],
    ['en;q=0.0001, es;q=0.1', 'es', 'more than three decimals is malformed'],
    ['en;q=abc', 'es', 'a weight that is not a number is malformed'],
    [';;;q=', 'es', 'garbage'],
    ['en ; q = 0.8 , es ; q=0.5', 'en', 'optional whitespace around separators and parameters'],
    ['x-klingon, en', 'en', 'a private-use range we do not speak'],
    ['english, en-US', 'en', 'a range longer than 8 letters is malformed'],
    ['e!n, en', 'en', 'a range with punctuation is malformed'],
  ])('%s → %s (%s)', (header, expected, _why) => {
    expect(pickLanguage(header)).toBe(expected);
  });

  it('parses ranges lower-cased, with their weights and header order, skipping malformed elements', () => {
    expect(parseAcceptLanguage('es-CL, EN;q=0.8 , *;q=0.1, bad range;q=1, fr;q=2, de;q=0.5;q=0.4')).toEqual([
      { range: 'es-cl', q: 1, index: 0 },
      { range: 'en', q: 0.8, index: 1 },
      { range: '*', q: 0.1, index: 2 },
    ]);
  });
});
