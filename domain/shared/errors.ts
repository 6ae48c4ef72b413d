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
  | 'invalid_state'
  /** Portal sign-in: wrong e-mail or password (401), and too many attempts (429). */
  | 'invalid_credentials'
  | 'too_many_attempts';

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

/**
 * One refused field of a request: where (a JSON pointer, relative to the body unless it names the part),
 * a stable code, and the facts the wording needs. The HTTP adapter words it in the request's language.
 */
export interface FieldIssue {
  pointer: string;
  code: string;
  params?: Record<string, unknown>;
}

/** A `validation_failed` naming each refused field; `message` is for logs. */
export const invalidFields = (message: string, errors: FieldIssue[]) => new DomainError('validation_failed', message, { errors });

/** Who already holds a unique value: shown in the conflict so the user can find it (or restore it). */
export interface Holder {
  name?: string | undefined;
  /** `inactive` holders can be restored instead of created again. */
  status?: string | undefined;
  /** False when the caller may not see the holder: its name is then withheld. */
  visible?: boolean;
}

export const notFound = (entity: string, id: string) => new DomainError('not_found', `${entity} ${id} not found`, { entity, id });

export const conflict = (entity: string, field: string, existingId?: string, holder?: Holder) =>
  new DomainError('conflict', `${entity} with this ${field} already exists`, {
    entity,
    field,
    existingId,
    ...holderDetails(holder),
  });

/** The holder's facts as problem members: `existingName`, `existingStatus`, `existingVisible: false`. */
export function holderDetails(holder: Holder | undefined): Record<string, unknown> {
  if (!holder) return {};
  if (holder.visible === false) return { existingVisible: false };
  return { ...(holder.name ? { existingName: holder.name } : {}), ...(holder.status ? { existingStatus: holder.status } : {}) };
}

export const forbidden = (reason: string) => new DomainError('forbidden', reason, { reason });

export const versionMismatch = (entity: string, id: string) =>
  new DomainError('version_mismatch', `${entity} ${id} was changed by someone else`, { entity, id });

export const invalidState = (reason: string, details: Record<string, unknown> = {}) => new DomainError('invalid_state', reason, { reason, ...details });
