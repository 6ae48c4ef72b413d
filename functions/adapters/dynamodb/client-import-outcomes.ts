import type { RowError, RowOutcome } from '../../../domain/imports/rows.ts';
import { DomainError, type FieldIssue } from '../../../domain/shared/errors.ts';
import { fieldMessage } from '../../http/messages/field-messages.ts';
import { describeError } from '../../http/problem.ts';

/** Row error codes of a refused client write, by the domain error's code. */
const rowCode: Record<string, string> = {
  conflict: 'taken',
  not_found: 'not_found',
  version_mismatch: 'version_mismatch',
  forbidden: 'forbidden',
  invalid_state: 'invalid_state',
};

/**
 * A row the rules refused, worded in both languages as its API request would be: one error per refused
 * field (unknown category, invalid tax id, …), else one for the whole row (a taken e-mail naming its
 * holder, a stale version). Anything but a domain error is not about the row: it is thrown.
 */
export function failedRow(row: number, error: unknown, recordId?: string): RowOutcome {
  if (!(error instanceof DomainError)) throw error;
  const issues = (error.details.errors as FieldIssue[] | undefined) ?? [];
  const errors: RowError[] =
    error.code === 'validation_failed' && issues.length
      ? issues.map((issue) => ({
          row,
          code: issue.code,
          message: { es: fieldMessage(issue, 'es') ?? describeError(error, 'es'), en: fieldMessage(issue, 'en') ?? describeError(error, 'en') },
        }))
      : [{ row, code: rowCode[error.code] ?? error.code, message: { es: describeError(error, 'es'), en: describeError(error, 'en') } }];
  return { row, result: 'failed', ...(recordId ? { recordId } : {}), errors };
}
