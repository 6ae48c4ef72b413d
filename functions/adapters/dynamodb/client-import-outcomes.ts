import type { RowOutcome } from '../../../domain/imports/rows.ts';
import { domainRowErrors } from '../../imports/client-row-errors.ts';

/**
 * A row the rules refused, worded as the clients processor words every row error (client-row-errors.ts):
 * one error per refused field, else one for the whole row (a taken e-mail naming its holder, a changed
 * version), on the template's column; the processor puts the file's own header and value on it. Anything
 * but a domain error is not about the row: it is thrown.
 */
export function failedRow(row: number, error: unknown, recordId?: string): RowOutcome {
  const errors = domainRowErrors(error, row, new Map());
  if (!errors) throw error;
  return { row, result: 'failed', ...(recordId ? { recordId } : {}), errors };
}
