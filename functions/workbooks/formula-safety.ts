/**
 * Formula injection ("CSV injection", OWASP): a text cell that starts with `=`, `+`, `-`, `@`, a tab or a
 * carriage return may be taken for a formula by a spreadsheet (on edit, or once saved as CSV) and run
 * against the reader. Tenant data is text we did not write, so each such cell gets a leading apostrophe,
 * OWASP's remedy: the value shows as written and is never a formula.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export const isFormulaLike = (text: string) => FORMULA_START.test(text);

export const neutralizeFormula = (text: string): string => (isFormulaLike(text) ? `'${text}` : text);
