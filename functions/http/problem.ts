import { DomainError } from '../../domain/shared/errors.ts';
import type { WriteTally } from '../adapters/request-scope.ts';
import { unavailabilityOf, type UnavailableReason } from '../adapters/unavailability.ts';

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
  message: string;
}

export type Language = 'es' | 'en';
/** A message in every language we answer in. */
export type Localized = Record<Language, string>;

/** HTTP-layer failures raised before or around a use case. */
export class HttpProblem extends Error {
  readonly code: string;
  readonly status: number;
  readonly errors: FieldError[] | undefined;
  readonly extra: Record<string, unknown>;
  /** The detail in each language; without it the (English) message is the detail. */
  readonly localized: Localized | undefined;
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
    status: 409, es: 'La solicitud con esa Idempotency-Key ya se completó, pero su respuesta no se guardó', en: 'The request with this Idempotency-Key completed, but its response was not kept',
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
};

/** `1 cliente`, `3 clientes`: the count with its noun in the right number (both languages add an s). */
const count = (n: unknown, noun: string) => `${n} ${noun}${Number(n) === 1 ? '' : 's'}`;

/** "vendedor de 3 clientes, cobrador de 1 cliente y agente preferido de 2 clientes", roles with none left out. */
function roles(held: unknown, lang: Language): string {
  const h = (held ?? {}) as Record<string, number>;
  const names = lang === 'es'
    ? { seller: 'vendedor de', collector: 'cobrador de', agent: 'agente preferido de', noun: 'cliente', and: 'y' }
    : { seller: 'the seller of', collector: 'the collector of', agent: 'the preferred agent of', noun: 'client', and: 'and' };
  const parts = (['seller', 'collector', 'agent'] as const).filter((r) => h[r]).map((r) => `${names[r]} ${count(h[r], names.noun)}`);
  return parts.length > 1 ? `${parts.slice(0, -1).join(', ')} ${names.and} ${parts.at(-1)}` : (parts[0] ?? '');
}

/** Why an operation is not possible now, said so the user knows what to do first. */
const invalidStateReasons: Record<string, Record<Language, (d: Record<string, unknown>) => string>> = {
  self_lockout: { es: () => 'Un administrador no puede desactivarse ni bajar su propio nivel', en: () => 'an administrator cannot demote or deactivate themselves' },
  branch_in_use: { es: (d) => `La sucursal aún tiene ${count(d.users, 'usuario')}`, en: (d) => `the branch still has ${count(d.users, 'user')}` },
  department_in_use: { es: (d) => `El departamento aún tiene ${count(d.users, 'usuario')}`, en: (d) => `the department still has ${count(d.users, 'user')}` },
  category_in_use: {
    es: (d) => `La categoría aún tiene ${count(d.clients, 'cliente')}; muévelos con una actualización masiva antes de eliminarla`,
    en: (d) => `the category still has ${count(d.clients, 'client')}; move them with a mass update before deleting it`,
  },
  zone_in_use: {
    es: (d) => `La zona aún tiene ${count(d.clients, 'cliente')}; muévelos con una actualización masiva antes de eliminarla`,
    en: (d) => `the zone still has ${count(d.clients, 'client')}; move them with a mass update before deleting it`,
  },
  user_holds_clients: {
    es: (d) => `El usuario aún es ${roles(d.clients, 'es')}; reasígnalos (POST /v1/agents/reassign o una actualización masiva) o confirma la desactivación con ?proceed=true`,
    en: (d) => `The user is still ${roles(d.clients, 'en')}; reassign them (POST /v1/agents/reassign or a mass update) or confirm the deactivation with ?proceed=true`,
  },
  too_many_matches: {
    es: (d) => `El filtro coincide con más de ${d.limit} clientes; acótalo`,
    en: (d) => `the filter matches more than ${d.limit} clients; narrow it`,
  },
};

const levelNames: Record<Language, Record<number, string>> = {
  es: { 1: 'empresa', 2: 'sucursal', 3: 'departamento', 4: 'trabajo propio' },
  en: { 1: 'company', 2: 'branch', 3: 'department', 4: 'own work' },
};

/** Why an action is not allowed, said so the user knows whom to ask or what to change. */
const forbiddenReasons: Record<string, Record<Language, (d: Record<string, unknown>) => string>> = {
  requires_level: {
    es: (d) => `Esta acción requiere nivel de acceso ${d.level} (${levelNames.es[Number(d.level)]}); tu nivel es ${d.actual} (${levelNames.es[Number(d.actual)]})`,
    en: (d) => `This action needs access level ${d.level} (${levelNames.en[Number(d.level)]}); yours is ${d.actual} (${levelNames.en[Number(d.actual)]})`,
  },
  requires_permission: {
    es: (d) => `Esta acción requiere el permiso «${d.permission}»; pídeselo a un administrador`,
    en: (d) => `This action needs the "${d.permission}" permission; ask an administrator for it`,
  },
  outside_scope: {
    es: () => 'Con este cambio el cliente quedaría fuera de los que puedes ver; pide el cambio a un usuario con un nivel de acceso más amplio',
    en: () => 'After this change the client would be outside the ones you can see; ask a user with a broader access level',
  },
  branch_change: {
    es: () => 'Solo el nivel 1 puede asignar un cliente a otra sucursal; el nivel 2, solo a la suya',
    en: () => 'Only level 1 can assign a client to another branch; level 2 only to its own',
  },
};

/** Conflicts that need more than "already exists" to be understood (operator commands on tenants). */
const conflictReasons: Record<string, Record<Language, (d: Record<string, unknown>) => string>> = {
  tenant_id_taken: {
    es: (d) => `El id ${d.existingId} ya es de otra empresa (otro nombre o país); elige otro id`,
    en: (d) => `The id ${d.existingId} already belongs to another business (another name or country); choose another id`,
  },
  tenant_already_provisioned: {
    es: (d) => `La empresa ${d.existingId} ya tiene usuarios y su administrador es otro; agrega usuarios con la API`,
    en: (d) => `The business ${d.existingId} already has users and another administrator; add users through the API`,
  },
};

const details: Record<string, Record<Language, (e: Record<string, unknown>) => string>> = {
  not_found: { es: (d) => `No existe ${d.entity ?? 'el registro'} ${d.id ?? ''}`.trim(), en: (d) => `${d.entity ?? 'record'} ${d.id ?? ''} does not exist`.trim() },
  conflict: {
    es: (d) => conflictReasons[String(d.reason)]?.es(d) ?? `Ya existe ${d.entity ?? 'un registro'} con ese ${d.field ?? 'valor'}${d.existingId ? ` (${d.existingId})` : ''}`,
    en: (d) => conflictReasons[String(d.reason)]?.en(d) ?? `A ${d.entity ?? 'record'} with this ${d.field ?? 'value'} already exists${d.existingId ? ` (${d.existingId})` : ''}`,
  },
  forbidden: {
    es: (d) => forbiddenReasons[String(d.reason)]?.es(d) ?? 'Tu nivel de acceso o tus permisos no alcanzan para esta acción',
    en: (d) => forbiddenReasons[String(d.reason)]?.en(d) ?? 'Your access level or permissions do not allow this action',
  },
  invalid_state: {
    es: (d) => invalidStateReasons[String(d.reason)]?.es(d) ?? 'La operación no es posible en el estado actual',
    en: (d) => invalidStateReasons[String(d.reason)]?.en(d) ?? String(d.reason ?? 'invalid state'),
  },
  version_mismatch: { es: () => 'Vuelve a leer el registro y usa su ETag en If-Match', en: () => 'Read the record again and send its ETag in If-Match' },
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
};

/** What failed, said without naming our internals. */
const unavailableReasons: Record<UnavailableReason, Record<Language, string>> = {
  throttled: { es: 'Un servicio del que dependemos está recibiendo más solicitudes de las que atiende', en: 'A service we depend on is receiving more requests than it can serve' },
  unreachable: { es: 'No pudimos conectar con un servicio del que dependemos', en: 'We could not connect to a service we depend on' },
  no_answer: { es: 'Un servicio del que dependemos no respondió a tiempo', en: 'A service we depend on did not answer in time' },
  failing: { es: 'Un servicio del que dependemos respondió con un error', en: 'A service we depend on answered with an error' },
};

/** What became of the request, and so what to do next. */
const unavailableOutcomes: Record<string, Record<Language, (d: Record<string, unknown>) => string>> = {
  not_applied: {
    es: (d) => `no se guardó ningún cambio. Reintenta en ${d.retryAfter} s`,
    en: (d) => `nothing was changed. Retry in ${d.retryAfter} s`,
  },
  kept: {
    es: (d) => `aún no sabemos si el cambio se guardó. Reintenta en ${d.retryAfter} s con la misma Idempotency-Key: recibirás su resultado y no se aplicará dos veces`,
    en: (d) => `we cannot tell yet whether the change was saved. Retry in ${d.retryAfter} s with the same Idempotency-Key: you will get its result, and it will not be applied twice`,
  },
  unknown: {
    es: () => 'puede que el cambio se haya guardado. Consulta el registro antes de repetirlo, o envía una Idempotency-Key para poder reintentar sin riesgo de aplicarlo dos veces',
    en: () => 'the change may have been saved. Check the record before repeating it, or send an Idempotency-Key so that a retry cannot apply it twice',
  },
};

/** Details of HTTP-layer problems that tell the caller what to do (the others keep their message). */
const httpDetails: Record<string, Record<Language, (e: Record<string, unknown>) => string>> = {
  idempotency_in_progress: {
    es: (d) => `Reintenta en ${d.retryAfter ?? 1} s con la misma clave para recibir su respuesta; no se ejecutará dos veces`,
    en: (d) => `Retry in ${d.retryAfter ?? 1} s with the same key to get its response; it will not run twice`,
  },
  idempotency_key_reused: {
    es: () => 'Esa clave ya se usó con otra solicitud en esta ruta; usa una clave nueva para cada operación distinta',
    en: () => 'This key was already used with another request on this path; use a new key for each distinct operation',
  },
  service_unavailable: {
    es: (d) => `${unavailableReasons[d.reason as UnavailableReason]?.es ?? unavailableReasons.no_answer.es}; ${(unavailableOutcomes[String(d.outcome)] ?? unavailableOutcomes.not_applied!).es(d)}.`,
    en: (d) => `${unavailableReasons[d.reason as UnavailableReason]?.en ?? unavailableReasons.no_answer.en}; ${(unavailableOutcomes[String(d.outcome)] ?? unavailableOutcomes.not_applied!).en(d)}.`,
  },
  idempotency_result_unavailable: {
    es: (d) => `Terminó con estado ${d.originalStatus}, pero su respuesta era demasiado grande para guardarla; consulta los registros afectados en vez de repetirla`,
    en: (d) => `It finished with status ${d.originalStatus}, but its response was too large to keep; read the affected records instead of repeating it`,
  },
};

/**
 * Field-level codes we word ourselves, in both languages; a field error with one of these codes gets this
 * message whoever raised it. (zod's own issues keep zod's locale messages for now.)
 */
const fieldMessages: Record<string, Localized> = {
  invalid_cursor: { es: 'El cursor no es válido o expiró; vuelve a pedir la primera página', en: 'The cursor is invalid or expired; request the first page again' },
  control_character: {
    es: 'Contiene un carácter de control (invisible, como el carácter nulo) que aquí no se admite',
    en: 'Contains a control character (an invisible one, such as the null character) that is not allowed here',
  },
  bidi_control: {
    es: 'Contiene un carácter que altera la dirección del texto (override o isolate bidireccional); quítalo',
    en: 'Contains a character that alters text direction (a bidirectional override or isolate); remove it',
  },
  lone_surrogate: {
    es: 'Contiene un carácter dañado (un sustituto UTF-16 suelto); revisa cómo se copió el texto',
    en: 'Contains a broken character (a lone UTF-16 surrogate); check how the text was copied',
  },
  unexpected_body: { es: 'Esta operación no lleva cuerpo', en: 'This operation takes no body' },
  json_required: { es: 'Debe ser application/json', en: 'Must be application/json' },
  if_match_required: { es: 'Envía el ETag de tu última lectura, por ejemplo "3"', en: 'Send the ETag of your last read, e.g. "3"' },
  invalid_path_escape: { es: 'Tiene una secuencia % que no es un carácter válido', en: 'Has a % escape that is not a valid character' },
};

/** A domain pointer names a body field unless it already names the part of the request. */
const requestPart = /^\/(?:body|query|path|header)(?:\/|$)/;

const localizeField = (lang: Language) => (e: FieldError): FieldError => {
  const message = fieldMessages[e.code]?.[lang];
  return message ? { ...e, message } : e;
};

/** When every field error is one we word ourselves, they make the detail too, in the request's language. */
const worded = (errors: FieldError[] | undefined) =>
  errors?.length && errors.every((e) => fieldMessages[e.code]) ? errors.map((e) => e.message).join('; ') : undefined;

/** First language of Accept-Language that we speak; Spanish by default. */
export function pickLanguage(acceptLanguage: string | undefined): Language {
  const first = acceptLanguage?.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'es';
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
  return new HttpProblem('service_unavailable', 503, `dependency unavailable (${reason})`, undefined, { reason, outcome, retryAfter: RETRY_AFTER_SECONDS[reason] }, error);
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
    detail = httpDetails[code]?.[lang](error.extra) ?? details[code]?.[lang](error.extra) ?? error.localized?.[lang] ?? worded(errors) ?? error.message;
  } else if (error instanceof DomainError) {
    code = error.code;
    const { errors: fieldErrors, ...rest } = error.details as { errors?: FieldError[] };
    errors = fieldErrors?.map((e) => localizeField(lang)({ ...e, pointer: requestPart.test(e.pointer) ? e.pointer : `/body${e.pointer}` }));
    extra = rest;
    detail = details[code]?.[lang](error.details) ?? worded(errors) ?? error.message;
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

/** Status for a code, so HTTP-layer throwers do not repeat the table. */
export const statusOf = (code: keyof typeof catalogue | string) => catalogue[code]?.status ?? 500;

export const problem = (code: string, message: string | Localized, errors?: FieldError[], extra?: Record<string, unknown>) =>
  new HttpProblem(code, statusOf(code), message, errors, extra);
