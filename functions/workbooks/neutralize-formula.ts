/**
 * Formula injection: a text cell written from tenant data that starts with `=`, `+`, `-`, `@`, a tab, CR
 * or LF could run as a formula (or DDE) once a person edits the cell or the sheet is saved as CSV. Such a
 * text gets a leading apostrophe, as OWASP advises; every other value is written as it is. Shared by
 * the templates and the exports; the import reads a template back through `restoreNeutralized`.
 */
const TRIGGER = /^[=+\-@\t\r\n]/;
/** Apostrophes before a trigger: a text already so shaped gets one more, so the way back is exact. */
const GUARDED = /^'*[=+\-@\t\r\n]/;
const NEUTRALIZED = /^'+[=+\-@\t\r\n]/;

export const startsLikeFormula = (text: string) => TRIGGER.test(text);

/** The text as it is safe to write into a cell. */
export const neutralizeFormula = (text: string): string => (GUARDED.test(text) ? `'${text}` : text);

/**
 * The value a neutralized cell stood for: a template downloaded, edited and uploaded again gives back
 * `+56 9 …`, not `'+56 9 …`. Only an apostrophe before a trigger character (or before more apostrophes and
 * one) is ours to take away: `restoreNeutralized(neutralizeFormula(s)) === s` for every text.
 */
export const restoreNeutralized = (text: string): string => (NEUTRALIZED.test(text) ? text.slice(1) : text);

/** Any cell value, neutralized when it is text (numbers, dates and booleans cannot be formulas). */
export const neutralizeCell = <T>(value: T): T | string => (typeof value === 'string' ? neutralizeFormula(value) : value);
