import * as z from 'zod';

/**
 * Bounded building blocks for every field a request carries. Limits count characters as JavaScript
 * does (UTF-16 code units), and no code unit takes more than 3 bytes of UTF-8, so a stored value is at
 * most 3 bytes per character of its limit; keys derived from long values are capped in bytes where they
 * are built (`nameKeyOf`). Text that reaches storage, exports or e-mails refuses characters that hide
 * or reorder what a person sees: control characters, bidi overrides and isolates, and lone surrogates.
 */

/** Why a text was refused; the HTTP layer turns the reason into a message in the request's language. */
export type UnsafeCharacter = 'control_character' | 'bidi_control' | 'lone_surrogate';

// C0 and C1 controls, DEL, and the Unicode line and paragraph separators (line breaks in one-line text).
const LINE_CONTROLS = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/;
// Free text keeps newline and tab; CR was turned into newline before this check.
const TEXT_CONTROLS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;
// Embeddings, overrides (U+202A–U+202E) and isolates (U+2066–U+2069): they reorder what is displayed.
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/;

export function unsafeCharacter(text: string, multiline = false): UnsafeCharacter | undefined {
  if (!text.isWellFormed()) return 'lone_surrogate';
  if ((multiline ? TEXT_CONTROLS : LINE_CONTROLS).test(text)) return 'control_character';
  if (BIDI_CONTROLS.test(text)) return 'bidi_control';
  return undefined;
}

/** For logs; the HTTP layer words the reason itself. */
const fallbackMessages: Record<UnsafeCharacter, string> = {
  control_character: 'must not contain control characters',
  bidi_control: 'must not contain bidirectional override or isolate characters',
  lone_surrogate: 'contains a broken character (a lone UTF-16 surrogate)',
};

/** A check that reports the first unsafe character class and stops the field's other checks. */
const safeCharacters = (multiline: boolean) => (value: string, ctx: z.RefinementCtx<string>) => {
  const reason = unsafeCharacter(value, multiline);
  if (reason) ctx.addIssue({ code: 'custom', message: fallbackMessages[reason], params: { reason }, input: value, continue: false });
};

/*
 * The building blocks below list their checks in one `.check(...)`: the same checks, in the same order, as
 * `.trim().superRefine(…).min(1).max(n)`, but one schema instead of one clone per step. They are built
 * for every field of every schema at cold start (decision "Cold import of the HTTP functions").
 */

/** One line of text a person types (names, cities, labels): trimmed, 1 to `max` characters. */
export const BoundedText = (max: number) => z.string().check(z.trim(), z.superRefine(safeCharacters(false)), z.minLength(1), z.maxLength(max));

/** Text that may span lines (observations, notes): newline and tab allowed, CRLF stored as LF; may be empty. */
export const FreeText = (max: number) =>
  z.string().check(
    z.overwrite((text) => text.replace(/\r\n?/g, '\n')),
    z.trim(),
    z.superRefine(safeCharacters(true)),
    z.maxLength(max),
  );

export const ID_PATTERN = /^[A-Za-z0-9_-]+$/;

/** Ids we issue (ULIDs) and ids tenants choose for their units: ASCII letters, digits, `-` and `_`, up to 64. */
export const Id = z.string().check(z.superRefine(safeCharacters(false)), z.minLength(1), z.maxLength(64), z.regex(ID_PATTERN));

/** RFC 5321 caps an address at 254 characters. E-mails compare case-insensitively, so they are stored lower-cased. */
export const Email = z.string().check(
  z.trim(),
  z.superRefine(safeCharacters(false)),
  z.maxLength(254),
  z.email(),
  z.overwrite((e) => e.toLowerCase()),
);

/** A phone number as people write it ("+56 9 1234 5678", "(02) 2345-6789 ext. 12"). */
export const Phone = BoundedText(40);
