/**
 * Typed domain errors: a stable `code`, never an HTTP status. The HTTP adapter maps codes to
 * statuses and localized problem+json (functions/http/problem.ts).
 */
export type DomainErrorCode =
  | 'not_found'
  | 'conflict'
  | 'forbidden'
  | 'validation_failed'
  | 'version_mismatch'
  | 'invalid_state';

export class DomainError extends Error {
  readonly code: DomainErrorCode;
  /** Extra facts for the client (e.g. which existing record a conflict names). */
  readonly details: Record<string, unknown>;

  constructor(code: DomainErrorCode, message: string, details: Record<string, unknown> = {}, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DomainError';
    this.code = code;
    this.details = details;
  }
}

export const notFound = (entity: string, id: string) =>
  new DomainError('not_found', `${entity} ${id} not found`, { entity, id });

export const conflict = (entity: string, field: string, existingId?: string) =>
  new DomainError('conflict', `${entity} with this ${field} already exists`, { entity, field, existingId });

export const forbidden = (reason: string) => new DomainError('forbidden', reason, { reason });

export const versionMismatch = (entity: string, id: string) =>
  new DomainError('version_mismatch', `${entity} ${id} was changed by someone else`, { entity, id });

export const invalidState = (reason: string, details: Record<string, unknown> = {}) =>
  new DomainError('invalid_state', reason, { reason, ...details });
