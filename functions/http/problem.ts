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
  version_mismatch: { status: 412, es: 'El registro cambió desde que lo leíste', en: 'The record changed since you read it' },
  precondition_required: { status: 428, es: 'Falta el encabezado If-Match', en: 'The If-Match header is required' },
  gateway_timeout: { status: 504, es: 'La operación no terminó a tiempo', en: 'The operation did not finish in time' },
  idempotency_key_reused: { status: 422, es: 'La Idempotency-Key ya se usó con otro cuerpo', en: 'The Idempotency-Key was used with a different body' },
  internal: { status: 500, es: 'Error interno; intenta de nuevo', en: 'Internal error; please retry' },
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

const details: Record<string, Record<Language, (e: Record<string, unknown>) => string>> = {
  not_found: { es: (d) => `No existe ${d.entity ?? 'el registro'} ${d.id ?? ''}`.trim(), en: (d) => `${d.entity ?? 'record'} ${d.id ?? ''} does not exist`.trim() },
  conflict: {
    es: (d) => `Ya existe ${d.entity ?? 'un registro'} con ese ${d.field ?? 'valor'}${d.existingId ? ` (${d.existingId})` : ''}`,
    en: (d) => `A ${d.entity ?? 'record'} with this ${d.field ?? 'value'} already exists${d.existingId ? ` (${d.existingId})` : ''}`,
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
  idempotency_result_unavailable: {
    es: (d) => `Terminó con estado ${d.originalStatus}, pero su respuesta era demasiado grande para guardarla; consulta los registros afectados en vez de repetirla`,
    en: (d) => `It finished with status ${d.originalStatus}, but its response was too large to keep; read the affected records instead of repeating it`,
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
    detail = httpDetails[code]?.[lang](error.extra) ?? error.message;
    errors = error.errors;
    extra = error.extra;
  } else if (error instanceof DomainError) {
    code = error.code;
    const { errors: fieldErrors, ...rest } = error.details as { errors?: FieldError[] };
    errors = fieldErrors?.map((e) => ({ ...e, pointer: e.pointer.startsWith('/body') ? e.pointer : `/body${e.pointer}` }));
    extra = rest;
    detail = details[code]?.[lang](error.details) ?? error.message;
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

export const problem = (code: string, message: string, errors?: FieldError[], extra?: Record<string, unknown>) =>
  new HttpProblem(code, statusOf(code), message, errors, extra);
