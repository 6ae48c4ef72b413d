/**
 * English words (and zod's ungrammatical Spanish) that Spanish answers showed before issue 8, plus the
 * English words any such sentence needs. Values the user sent or chose are quoted «…» and skipped.
 */
export const ENGLISH_WORDS = [
  'invalid',
  'required',
  'does not exist',
  'exists?',
  'expected',
  'received',
  'already',
  'not found',
  'must',
  'unknown',
  'should',
  'missing',
  'cannot',
  'allowed',
  'empty',
  'string',
  'undefined',
  'email',
  'characters?',
  'please',
  'retry',
  'personType',
  'no active user',
  'the',
  'is',
  'are',
  'not',
  'with',
  'this',
  'and',
  'or',
  'of',
  'to',
  'for',
  'be',
  'client',
  'user',
  'category',
  'zone',
  'branch',
  'department',
  'contact',
  // zod's own Spanish locale, which read badly.
  'Inválido',
  'Llave desconocida',
  'se esperaba',
  'recibido',
  'Entrada inválida',
];

const pattern = new RegExp(`(?<![\\p{L}\\p{N}_./-])(?:${ENGLISH_WORDS.join('|')})(?![\\p{L}\\p{N}_-])`, 'giu');

/** The English words in a Spanish text, outside «quoted» user values. */
export function englishIn(text: string): string[] {
  return [...text.replace(/«[^»]*»/g, '«»').matchAll(pattern)].map((m) => m[0]);
}
