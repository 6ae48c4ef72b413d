import { DomainError } from '../../domain/shared/errors.ts';

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
  /** JSON pointer into the request: `/body/email`, `/query/limit`, `/params/userId`, `/headers/if-match`. */
  pointer: string;
  code: string;
  message: string;
}

export type Language = 'es' | 'en';

/** HTTP-layer failures raised before or around a use case. */
export class HttpProblem extends Error {
  readonly code: string;
  readonly status: number;
  readonly errors: FieldError[] | undefined;
  readonly extra: Record<string, unknown>;
  constructor(code: string, status: number, message: string, errors?: FieldError[], extra: Record<string, unknown> = {}) {
    super(message);
    this.name = 'HttpProblem';
    this.code = code;
    this.status = status;
    this.errors = errors;
    this.extra = extra;
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
  validation_failed: { status: 400, es: 'La solicitud tiene datos inválidos', en: 'The request has invalid data' },
  malformed_json: { status: 400, es: 'El cuerpo no es JSON válido', en: 'The body is not valid JSON' },
  unsupported_media_type: { status: 415, es: 'El cuerpo debe ser application/json', en: 'The body must be application/json' },
  version_mismatch: { status: 412, es: 'El registro cambió desde que lo leíste', en: 'The record changed since you read it' },
  precondition_required: { status: 428, es: 'Falta el encabezado If-Match', en: 'The If-Match header is required' },
  idempotency_key_reused: { status: 422, es: 'La Idempotency-Key ya se usó con otro cuerpo', en: 'The Idempotency-Key was used with a different body' },
  internal: { status: 500, es: 'Error interno; intenta de nuevo', en: 'Internal error; please retry' },
};

/** `1 cliente`, `3 clientes`: the count with its noun in the right number (both languages add an s). */
const count = (n: unknown, noun: string) => `${n} ${noun}${Number(n) === 1 ? '' : 's'}`;

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
  too_many_matches: {
    es: (d) => `El filtro coincide con más de ${d.limit} clientes; acótalo`,
    en: (d) => `the filter matches more than ${d.limit} clients; narrow it`,
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
  forbidden: { es: () => 'Tu nivel de acceso o permisos no alcanzan para esta acción', en: (d) => String(d.reason ?? 'not allowed') },
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

/** First language of Accept-Language that we speak; Spanish by default. */
export function pickLanguage(acceptLanguage: string | undefined): Language {
  const first = acceptLanguage?.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'es';
}

/** Builds the problem for any thrown value; unknown errors become `internal` and reveal nothing. */
export function toProblem(error: unknown, lang: Language, requestId: string): Problem {
  let code = 'internal';
  let detail: string | undefined;
  let errors: FieldError[] | undefined;
  let extra: Record<string, unknown> = {};
  if (error instanceof HttpProblem) {
    code = error.code;
    detail = details[code]?.[lang](error.extra) ?? error.message;
    errors = error.errors;
    extra = error.extra;
  } else if (error instanceof DomainError) {
    code = error.code;
    const { errors: fieldErrors, ...rest } = error.details as { errors?: FieldError[] };
    errors = fieldErrors?.map((e) => ({ ...e, pointer: e.pointer.startsWith('/body') ? e.pointer : `/body${e.pointer}` }));
    extra = rest;
    detail = details[code]?.[lang](error.details) ?? error.message;
  } else if (isNamed(error, 'IdempotencyValidationError')) {
    code = 'idempotency_key_reused';
  } else if (isNamed(error, 'IdempotencyAlreadyInProgressError')) {
    code = 'idempotency_in_progress';
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

const isNamed = (error: unknown, name: string) => error instanceof Error && error.name === name;

/** Status for a code, so HTTP-layer throwers do not repeat the table. */
export const statusOf = (code: keyof typeof catalogue | string) => catalogue[code]?.status ?? 500;

export const problem = (code: string, message: string, errors?: FieldError[], extra?: Record<string, unknown>) =>
  new HttpProblem(code, statusOf(code), message, errors, extra);
