import { DomainError } from '../../domain/shared/errors.ts';
import type { WriteTally } from '../adapters/request-scope.ts';
import { unavailabilityOf, type UnavailableReason } from '../adapters/unavailability.ts';
import type { Language } from './messages/accept-language.ts';
import { fieldMessage } from './messages/field-messages.ts';
import { a, agree, capitalize as cap, entities, fields, quote, that, the, type Term } from './messages/glossary.ts';
import { conflictReasons, forbiddenReasons, invalidStateReasons, unauthenticatedReasons, unavailableWording, type ReasonWording } from './messages/reasons.ts';
import { schemeTerm } from './messages/tax-ids.ts';
import { portalSignInDetails } from './messages/portal-reasons.ts';

export { pickLanguage } from './messages/accept-language.ts';
export type { Language } from './messages/accept-language.ts';

/** RFC 9457 problem details, as every error response carries them. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  code: string;
  errors?: FieldError[];
  [extra: string]: unknown;
}

export interface FieldError {
  /** JSON pointer into the request, naming its part: `/body/email`, `/query/limit`, `/path/userId`, `/header/if-match`. */
  pointer: string;
  code: string;
  /** Worded from `code` and `params` in the request's language when the problem is built. */
  message: string;
  /** What the wording needs (a limit, the expected check digit…); not sent. */
  params?: Record<string, unknown>;
}

/** A message in every language we answer in. */
export type Localized = Record<Language, string>;

/** HTTP-layer failures raised before or around a use case. */
export class HttpProblem extends Error {
  readonly code: string;
  readonly status: number;
  readonly errors: FieldError[] | undefined;
  /** Extension members of the problem (sent), which the detail's wording may also use. */
  readonly extra: Record<string, unknown>;
  /** The detail in each language, when it is worded where the problem is raised. */
  readonly localized: Localized | undefined;
  /** Facts only the wording uses (not sent); set by `problemOf`. */
  params: Record<string, unknown> = {};
  /** A plain-string message is for the logs only: the caller reads the catalogue's wording. */
  constructor(code: string, status: number, message: string | Localized, errors?: FieldError[], extra: Record<string, unknown> = {}, cause?: unknown) {
    super(typeof message === 'string' ? message : message.en, cause === undefined ? undefined : { cause });
    this.name = 'HttpProblem';
    this.code = code;
    this.status = status;
    this.errors = errors;
    this.extra = extra;
    this.localized = typeof message === 'string' ? undefined : message;
  }
}

/** Stable codes → status and title in both languages. New codes are added here, nowhere else. */
const catalogue: Record<string, { status: number; es: string; en: string }> = {
  unauthenticated: { status: 401, es: 'Falta un token válido', en: 'A valid token is required' },
  forbidden: { status: 403, es: 'No tienes permiso para esta acción', en: 'You are not allowed to do this' },
  user_inactive: { status: 401, es: 'Usuario desactivado', en: 'User deactivated' },
  tenant_unavailable: { status: 403, es: 'Empresa no disponible', en: 'Company unavailable' },
  tenant_suspended: { status: 403, es: 'Empresa suspendida', en: 'Company suspended' },
  not_found: { status: 404, es: 'No encontrado', en: 'Not found' },
  route_not_found: { status: 404, es: 'Ruta desconocida', en: 'Unknown route' },
  conflict: { status: 409, es: 'Ya existe un registro con ese valor', en: 'A record with that value already exists' },
  invalid_state: { status: 409, es: 'La operación no es posible en el estado actual', en: 'Not possible in the current state' },
  idempotency_in_progress: { status: 409, es: 'Una solicitud con esa Idempotency-Key está en curso', en: 'A request with this Idempotency-Key is in progress' },
  idempotency_result_unavailable: {
    status: 409,
    es: 'La solicitud con esa Idempotency-Key ya se completó, pero su respuesta no se guardó',
    en: 'The request with this Idempotency-Key completed, but its response was not kept',
  },
  validation_failed: { status: 400, es: 'La solicitud tiene datos inválidos', en: 'The request has invalid data' },
  malformed_json: { status: 400, es: 'El cuerpo no es JSON válido', en: 'The body is not valid JSON' },
  unsupported_media_type: { status: 415, es: 'El cuerpo debe ser application/json', en: 'The body must be application/json' },
  payload_too_large: { status: 413, es: 'El cuerpo de la solicitud es demasiado grande', en: 'The request body is too large' },
  method_not_allowed: { status: 405, es: 'Método no permitido en esta ruta', en: 'Method not allowed on this path' },
  malformed_path: { status: 400, es: 'La ruta no es válida', en: 'The path is not valid' },
  version_mismatch: { status: 412, es: 'El registro cambió desde que lo leíste', en: 'The record changed since you read it' },
  precondition_required: { status: 428, es: 'Falta el encabezado If-Match', en: 'The If-Match header is required' },
  gateway_timeout: { status: 504, es: 'La operación no terminó a tiempo', en: 'The operation did not finish in time' },
  idempotency_key_reused: { status: 422, es: 'La Idempotency-Key ya se usó con otro cuerpo', en: 'The Idempotency-Key was used with a different body' },
  internal: { status: 500, es: 'Error interno; intenta de nuevo', en: 'Internal error; please retry' },
  service_unavailable: { status: 503, es: 'Servicio no disponible por el momento', en: 'Service temporarily unavailable' },
  invalid_credentials: { status: 401, es: 'E-mail o contraseña incorrectos', en: 'Wrong e-mail or password' },
  too_many_attempts: { status: 429, es: 'Demasiados intentos', en: 'Too many attempts' },
};

const entityOf = (d: Record<string, unknown>): Term => entities[String(d.entity)] ?? entities.record!;
/** "«01J…»" / "\"01J…\"", or nothing when there is no id. */
const named = (id: unknown, lang: Language) => (id === undefined || id === '' ? '' : ` ${quote(id, lang)}`);

/** The field a conflict is about: the tax id by its scheme's name ("ese RUT"). */
const conflictField = (d: Record<string, unknown>): Term =>
  d.field === 'taxId' && d.taxIdScheme
    ? schemeTerm(d.taxIdScheme)
    : (fields[String(d.field)] ?? { es: String(d.field ?? 'valor'), en: String(d.field ?? 'value') });

/** "otro e-mail", "otra razón social" / "another e-mail". */
const otherOf = (d: Record<string, unknown>, lang: Language) => {
  const field = conflictField(d);
  return lang === 'es' ? `${field.f ? 'otra' : 'otro'} ${field.es}` : `another ${field.en}`;
};

/** How to bring back a deactivated record, per kind. */
const restore: Record<string, ReasonWording> = {
  client: {
    es: (d) => `si es el mismo, restáuralo con POST /v1/clients/${d.existingId}/restore; si no, usa ${otherOf(d, 'es')}`,
    en: (d) => `if it is the same one, restore it with POST /v1/clients/${d.existingId}/restore; otherwise use ${otherOf(d, 'en')}`,
  },
  user: {
    es: (d) => `si es la misma persona, reactívalo con PATCH /v1/users/${d.existingId} y status «active»; si no, usa ${otherOf(d, 'es')}`,
    en: (d) => `if it is the same person, reactivate it with PATCH /v1/users/${d.existingId} and status "active"; otherwise use ${otherOf(d, 'en')}`,
  },
};

/**
 * "Ya existe un cliente con ese e-mail: Comercial Andes SpA (id …); …": who holds the value, and what to
 * do (use another value, restore a deactivated holder, or ask someone who can see it).
 */
const conflictDetail: ReasonWording = {
  es: (d) => {
    const entity = entityOf(d);
    const field = that(conflictField(d), 'es');
    const id = d.existingId ? `id ${d.existingId}` : '';
    if (d.existingVisible === false) {
      return `Ya existe ${a(entity, 'es')} con ${field} (${id}), pero no está entre los que puedes ver; usa ${otherOf(d, 'es')} o pide ayuda a un usuario con acceso a ese ${entity.es}`;
    }
    const holder = d.existingName ? `: ${quote(d.existingName, 'es')}${id ? ` (${id})` : ''}` : id ? ` (${id})` : '';
    if (d.existingStatus === 'inactive') {
      const how = restore[String(d.entity)]?.es(d);
      return `Ya existe ${a(entity, 'es')} ${agree(entity, 'desactivad')} con ${field}${holder}${how ? `; ${how}` : ''}`;
    }
    return `Ya existe ${a(entity, 'es')} con ${field}${holder}; usa ${otherOf(d, 'es')} o revisa ${entity.f ? 'esa' : 'ese'} ${entity.es}`;
  },
  en: (d) => {
    const entity = entityOf(d);
    const field = that(conflictField(d), 'en');
    const id = d.existingId ? `id ${d.existingId}` : '';
    if (d.existingVisible === false) {
      return `${cap(a(entity, 'en'))} with ${field} already exists (${id}), but it is not one you can see; use ${otherOf(d, 'en')} or ask a user with access to that ${entity.en}`;
    }
    const holder = d.existingName ? `: ${quote(d.existingName, 'en')}${id ? ` (${id})` : ''}` : id ? ` (${id})` : '';
    if (d.existingStatus === 'inactive') {
      const how = restore[String(d.entity)]?.en(d);
      return `A deactivated ${entity.en} with ${field} already exists${holder}${how ? `; ${how}` : ''}`;
    }
    return `${cap(a(entity, 'en'))} with ${field} already exists${holder}; use ${otherOf(d, 'en')} or review that ${entity.en}`;
  },
};

/** Problem details worded from the error's facts: what happened to what, and what to do about it. */
const details: Record<string, ReasonWording> = {
  not_found: {
    es: (d) => {
      const entity = entityOf(d);
      // Outside the caller's scope a client reads as absent (decision 33): the detail says both.
      const scoped = d.entity === 'client' ? ' o no está entre los clientes que puedes ver' : '';
      return `No existe ${the(entity, 'es')}${named(d.id, 'es')}${scoped}`;
    },
    en: (d) => {
      const entity = entityOf(d);
      const scoped = d.entity === 'client' ? ', or it is not among the clients you can see' : '';
      return `There is no ${entity.en}${named(d.id, 'en')}${scoped}`;
    },
  },
  conflict: {
    es: (d) => conflictReasons[String(d.reason)]?.es(d) ?? conflictDetail.es(d),
    en: (d) => conflictReasons[String(d.reason)]?.en(d) ?? conflictDetail.en(d),
  },
  forbidden: {
    es: (d) => forbiddenReasons[String(d.reason)]?.es(d) ?? 'Tu nivel de acceso o tus permisos no alcanzan para esta acción',
    en: (d) => forbiddenReasons[String(d.reason)]?.en(d) ?? 'Your access level or permissions do not allow this action',
  },
  invalid_state: {
    es: (d) => invalidStateReasons[String(d.reason)]?.es(d) ?? 'La operación no es posible en el estado actual',
    en: (d) => invalidStateReasons[String(d.reason)]?.en(d) ?? 'This operation is not possible in the current state',
  },
  version_mismatch: {
    es: (d) => {
      const entity = entityOf(d);
      return `${cap(the(entity, 'es'))}${named(d.id, 'es')} cambió desde que ${agree(entity, 'l')} leíste; vuelve a leer${agree(entity, 'l')} y envía su ETag en If-Match`;
    },
    en: (d) => `The ${entityOf(d).en}${named(d.id, 'en')} changed since you read it; read it again and send its ETag in If-Match`,
  },
  user_inactive: {
    es: () => 'Tu usuario fue desactivado o ya no existe; pide a un administrador de tu empresa que lo reactive',
    en: () => 'Your user has been deactivated or no longer exists; ask an administrator of your company to reactivate it',
  },
  tenant_unavailable: {
    es: () => 'La empresa de tu sesión no existe; inicia sesión de nuevo o contacta a soporte',
    en: () => 'The company of your session does not exist; sign in again or contact support',
  },
  tenant_suspended: {
    es: () => 'La cuenta de tu empresa está suspendida; contacta a soporte para reactivarla',
    en: () => "Your company's account is suspended; contact support to reactivate it",
  },
  ...portalSignInDetails,
};

/** Details of HTTP-layer problems that tell the caller what to do. */
const httpDetails: Record<string, ReasonWording> = {
  idempotency_in_progress: {
    es: (d) => `Reintenta en ${d.retryAfter ?? 1} s con la misma clave para recibir su respuesta; no se ejecutará dos veces`,
    en: (d) => `Retry in ${d.retryAfter ?? 1} s with the same key to get its response; it will not run twice`,
  },
  idempotency_key_reused: {
    es: () => 'Esa clave ya se usó con otra solicitud en esta ruta; usa una clave nueva para cada operación distinta',
    en: () => 'This key was already used with another request on this path; use a new key for each distinct operation',
  },
  service_unavailable: {
    es: (d) => unavailableWording(d, 'es'),
    en: (d) => unavailableWording(d, 'en'),
  },
  idempotency_result_unavailable: {
    es: (d) =>
      `Terminó${d.originalStatus ? ` con estado ${d.originalStatus}` : ''}, pero su respuesta era demasiado grande para guardarla; consulta los registros afectados en vez de repetirla`,
    en: (d) =>
      `It finished${d.originalStatus ? ` with status ${d.originalStatus}` : ''}, but its response was too large to keep; read the affected records instead of repeating it`,
  },
  unauthenticated: {
    es: (d) => unauthenticatedReasons[String(d.reason)]?.es(d) ?? 'Inicia sesión y envía tu token en el encabezado Authorization: Bearer <token>',
    en: (d) => unauthenticatedReasons[String(d.reason)]?.en(d) ?? 'Sign in and send your token in the header Authorization: Bearer <token>',
  },
  route_not_found: {
    es: (d) => `No hay ninguna ruta${named(d.route, 'es')}; revisa el método y la dirección en la referencia (/docs)`,
    en: (d) => `There is no route${named(d.route, 'en')}; check the method and the path in the reference (/docs)`,
  },
  malformed_json: {
    es: (d) =>
      `El cuerpo no es JSON válido${d.position !== undefined ? ` (el error está cerca del carácter ${d.position})` : ''}; revisa comillas, comas y llaves`,
    en: (d) => `The body is not valid JSON${d.position !== undefined ? ` (the error is near character ${d.position})` : ''}; check quotes, commas and braces`,
  },
};

/** A domain pointer names a body field unless it already names the part of the request. */
const requestPart = /^\/(?:body|query|path|header)(?:\/|$)/;

/** The field error as sent: worded in the language, without the wording's parameters. */
const localizeField =
  (lang: Language) =>
  ({ params, ...e }: FieldError): FieldError => {
    const message = fieldMessage({ ...e, params }, lang);
    return { ...e, message: message ?? e.message };
  };

/** Field errors make the detail when nothing else words it: up to three, and how many more. */
function summary(errors: FieldError[] | undefined, lang: Language): string | undefined {
  if (!errors?.length) return undefined;
  const shown = errors
    .slice(0, 3)
    .map((e) => e.message)
    .join('; ');
  const more = errors.length - 3;
  if (more <= 0) return shown;
  return lang === 'es' ? `${shown}; y ${more} ${more === 1 ? 'problema' : 'problemas'} más (ver errors)` : `${shown}; and ${more} more (see errors)`;
}

/** Seconds a caller should wait before retrying work a dependency could not serve. */
const RETRY_AFTER_SECONDS: Record<UnavailableReason, number> = { throttled: 2, unreachable: 5, no_answer: 5, failing: 5 };

/**
 * A 503 for work that failed for want of a dependency, or undefined for any other error (a bug stays
 * a 500, a refusal keeps its own code). `writes` says what the failed work had written: nothing, or
 * something that may be in the table (`outcome: unknown`, which keeps an idempotency key).
 */
export function unavailableProblem(error: unknown, writes?: WriteTally): HttpProblem | undefined {
  if (error instanceof HttpProblem || error instanceof DomainError) return undefined;
  const reason = unavailabilityOf(error);
  if (!reason) return undefined;
  const outcome = writes && writes.applied + writes.unknown > 0 ? 'unknown' : 'not_applied';
  return new HttpProblem(
    'service_unavailable',
    503,
    `dependency unavailable (${reason})`,
    undefined,
    { reason, outcome, retryAfter: RETRY_AFTER_SECONDS[reason] },
    error,
  );
}

/** Headers of a problem response: its type, and `Retry-After` when it says when to come back. */
export function problemHeaders(body: Problem): Record<string, string> {
  return { 'content-type': 'application/problem+json', ...(typeof body.retryAfter === 'number' ? { 'retry-after': String(body.retryAfter) } : {}) };
}

/** Builds the problem for any thrown value; unknown errors become `internal` and reveal nothing. */
export function toProblem(error: unknown, lang: Language, requestId: string): Problem {
  error = unavailableProblem(error) ?? error;
  let code = 'internal';
  let detail: string | undefined;
  let errors: FieldError[] | undefined;
  let extra: Record<string, unknown> = {};
  if (error instanceof HttpProblem) {
    code = error.code;
    errors = error.errors?.map(localizeField(lang));
    extra = error.extra;
    const facts = { ...error.params, ...error.extra };
    detail = httpDetails[code]?.[lang](facts) ?? details[code]?.[lang](facts) ?? error.localized?.[lang] ?? summary(errors, lang);
  } else if (error instanceof DomainError) {
    code = error.code;
    const { errors: fieldErrors, status: recordStatus, ...rest } = error.details as { errors?: FieldError[]; status?: unknown };
    errors = fieldErrors?.map((e) =>
      localizeField(lang)({ ...e, message: e.message ?? '', pointer: requestPart.test(e.pointer) ? e.pointer : `/body${e.pointer}` }),
    );
    // A document's status (an invoice's `issued` …) must not take the place of the HTTP status member.
    extra = { ...rest, ...(recordStatus !== undefined ? { recordStatus } : {}) };
    detail = details[code]?.[lang](error.details) ?? summary(errors, lang);
  }
  const entry = catalogue[code] ?? catalogue.internal!;
  return {
    type: `urn:cobranza:problem:${code}`,
    title: entry[lang],
    status: error instanceof HttpProblem ? error.status : entry.status,
    detail: detail ?? entry[lang],
    instance: requestId,
    code,
    ...(errors?.length ? { errors } : {}),
    ...extra,
  };
}

/** The detail of an error in a language, for reports that list failures one by one (mass updates). */
export const describeError = (error: unknown, lang: Language) => toProblem(error, lang, '').detail;

/** Status for a code, so HTTP-layer throwers do not repeat the table. */
export const statusOf = (code: keyof typeof catalogue | string) => catalogue[code]?.status ?? 500;

/** A problem; a plain-string message is for the logs, the caller reads the catalogue's wording. */
export const problem = (code: string, message: string | Localized, errors?: FieldError[], extra?: Record<string, unknown>) =>
  new HttpProblem(code, statusOf(code), message, errors, extra);

/** A problem worded from the catalogue with these facts, which are not sent as members. */
export const problemOf = (code: string, params: Record<string, unknown>, errors?: FieldError[]) =>
  Object.assign(new HttpProblem(code, statusOf(code), code, errors), { params });

/** Every code with a title, for the test that checks both languages. */
export const problemCodes = () => Object.keys(catalogue);
/** The wording tables, for the test that checks both languages. */
export const wordings = { details, httpDetails, conflictReasons, forbiddenReasons, invalidStateReasons, unauthenticatedReasons, restore };
