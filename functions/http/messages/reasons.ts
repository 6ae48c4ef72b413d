import type { Language } from './accept-language.ts';
import type { UnavailableReason } from '../../adapters/unavailability.ts';
import { list, quote } from './glossary.ts';
import { collectionsStateReasons } from './collections-fields.ts';
import { receivablesStateReasons } from './receivables-reasons.ts';
import { notesForbiddenReasons, notesStateReasons } from './notes-reasons.ts';
import { collectionsPlanningReasons } from './collections-planning-reasons.ts';
import { portalTokenOnTenantRoute } from './portal-reasons.ts';

/** What a reason's wording gets: the error's parameters. */
export type ReasonWording = Record<Language, (d: Record<string, unknown>) => string>;

/** `1 cliente`, `3 clientes`: the count with its noun in the right number (both languages add an s). */
export const count = (n: unknown, noun: string) => `${n} ${noun}${Number(n) === 1 ? '' : 's'}`;

/** "muévelos" / "muévelo", "them" / "it": the pronoun for a count of things. */
const them = (n: unknown, lang: Language) => (Number(n) === 1 ? (lang === 'es' ? 'o' : 'it') : lang === 'es' ? 'os' : 'them');
const total = (held: unknown) => Object.values((held ?? {}) as Record<string, number>).reduce((a, b) => a + b, 0);

/** "vendedor de 3 clientes, recaudador de 1 cliente y agente preferido de 2 clientes", roles with none left out. */
function roles(held: unknown, lang: Language): string {
  const h = (held ?? {}) as Record<string, number>;
  const names =
    lang === 'es'
      ? { seller: 'vendedor de', collector: 'recaudador de', agent: 'agente preferido de', noun: 'cliente' }
      : { seller: 'the seller of', collector: 'the collector of', agent: 'the preferred agent of', noun: 'client' };
  return list(
    (['seller', 'collector', 'agent'] as const).filter((r) => h[r]).map((r) => `${names[r]} ${count(h[r], names.noun)}`),
    lang,
    'and',
  );
}

/** Active and inactive clients holding a category or zone (a plain number, as older problems had it, is all active). */
function holders(clients: unknown): { active: number; inactive: number } {
  if (typeof clients === 'number') return { active: clients, inactive: 0 };
  const c = (clients ?? {}) as Record<string, unknown>;
  return { active: Number(c.active ?? 0), inactive: Number(c.inactive ?? 0) };
}

/**
 * "La categoría «Mayorista» la usan 3 clientes activos y 1 inactivo; muévelos …" / "The category "Mayorista" is
 * used by 3 active clients and 1 inactive one; move them …": who holds the entry, and how to free it.
 */
function inUse(d: Record<string, unknown>, lang: Language, w: { noun: string; it?: string; other: string; field: string; del?: string }): string {
  const { active, inactive } = holders(d.clients);
  const total = active + inactive;
  const named = d.name ? ` ${quote(d.name, lang)}` : '';
  const how = `POST /v1/clients/mass-update`;
  if (lang === 'es') {
    const parts = [
      ...(active ? [`${active} ${active === 1 ? 'cliente activo' : 'clientes activos'}`] : []),
      ...(inactive
        ? [active ? `${inactive} ${inactive === 1 ? 'inactivo' : 'inactivos'}` : `${inactive} ${inactive === 1 ? 'cliente inactivo' : 'clientes inactivos'}`]
        : []),
    ];
    const who = parts.length ? parts.join(' y ') : '0 clientes';
    const filter = `${how} con el filtro ${w.field}${inactive ? ` y status ${quote('all', 'es')}` : ''}`;
    return `${w.noun}${named} ${w.it} ${total === 1 ? 'usa' : 'usan'} ${who}; muéve${them(total, 'es') === 'o' ? 'lo' : 'los'} a ${w.other} con una actualización masiva (${filter}) antes de ${w.del}`;
  }
  const parts = [
    ...(active ? [`${active} active ${active === 1 ? 'client' : 'clients'}`] : []),
    ...(inactive ? [active ? `${inactive} inactive ${inactive === 1 ? 'one' : 'ones'}` : `${inactive} inactive ${inactive === 1 ? 'client' : 'clients'}`] : []),
  ];
  const who = parts.length ? parts.join(' and ') : '0 clients';
  const filter = `${how} with the filter ${w.field}${inactive ? ` and status ${quote('all', 'en')}` : ''}`;
  return `${w.noun}${named} is used by ${who}; move ${them(total, 'en')} to ${w.other} with a mass update (${filter}) before deleting it`;
}

/** Bytes as whole megabytes, at least 1. */
const megabytes = (bytes: unknown) => Math.max(1, Math.round(Number(bytes) / 1024 / 1024));

/** Why an operation is not possible now, said so the user knows what to do first. */
export const invalidStateReasons: Record<string, ReasonWording> = {
  email_not_unknown: {
    es: () => 'Ese e-mail no espera una decisión: su envío ya no está en estado desconocido; revísalo con npm run outbox',
    en: () => 'That e-mail is not awaiting a decision: its delivery is no longer unknown; check it with npm run outbox',
  },
  self_lockout: {
    es: () => 'Un administrador no puede desactivarse ni bajar su propio nivel; pídeselo a otro administrador',
    en: () => 'An administrator cannot demote or deactivate themselves; ask another administrator',
  },
  branch_in_use: {
    es: (d) => `La sucursal aún tiene ${count(d.users, 'usuario')}; cámbial${them(d.users, 'es')} a otra sucursal antes de eliminarla`,
    en: (d) => `The branch still has ${count(d.users, 'user')}; move ${them(d.users, 'en')} to another branch before deleting it`,
  },
  department_in_use: {
    es: (d) => `El departamento aún tiene ${count(d.users, 'usuario')}; cámbial${them(d.users, 'es')} a otro departamento antes de eliminarlo`,
    en: (d) => `The department still has ${count(d.users, 'user')}; move ${them(d.users, 'en')} to another department before deleting it`,
  },
  category_in_use: {
    es: (d) => inUse(d, 'es', { noun: 'La categoría', it: 'la', other: 'otra categoría', field: 'categoryId', del: 'eliminarla' }),
    en: (d) => inUse(d, 'en', { noun: 'The category', other: 'another category', field: 'categoryId' }),
  },
  zone_in_use: {
    es: (d) => inUse(d, 'es', { noun: 'La zona', it: 'la', other: 'otra zona', field: 'zoneId', del: 'eliminarla' }),
    en: (d) => inUse(d, 'en', { noun: 'The zone', other: 'another zone', field: 'zoneId' }),
  },
  user_holds_clients: {
    es: (d) =>
      `El usuario aún es ${roles(d.clients, 'es')}; reasígnal${them(total(d.clients), 'es')} (POST /v1/agents/reassign o una actualización masiva) o confirma la desactivación con ?proceed=true`,
    en: (d) =>
      `The user is still ${roles(d.clients, 'en')}; reassign ${them(total(d.clients), 'en')} (POST /v1/agents/reassign or a mass update) or confirm the deactivation with ?proceed=true`,
  },
  too_many_matches: {
    es: (d) => `El filtro coincide con más de ${d.limit} clientes; acótalo`,
    en: (d) => `The filter matches more than ${d.limit} clients; narrow it`,
  },
  template_too_large: {
    es: (d) =>
      `Tienes más de ${d.limit} clientes a la vista, demasiados para una plantilla precargada; usa la exportación de la lista de clientes (llega por e-mail) y edítala`,
    en: (d) =>
      `You can see more than ${d.limit} clients, too many for a pre-filled template; use the client list export (sent by e-mail) and edit that instead`,
  },
  template_too_big: {
    es: (d) => `La plantilla precargada pesaría más de ${megabytes(d.limit)} MB; usa la exportación de la lista de clientes (llega por e-mail) y edítala`,
    en: (d) => `The pre-filled template would be over ${megabytes(d.limit)} MB; use the client list export (sent by e-mail) and edit that instead`,
  },
  ...receivablesStateReasons,
  ...notesStateReasons,
  ...collectionsPlanningReasons,
  ...collectionsStateReasons,
};

const levelNames: Record<Language, Record<number, string>> = {
  es: { 1: 'empresa', 2: 'sucursal', 3: 'departamento', 4: 'trabajo propio' },
  en: { 1: 'company', 2: 'branch', 3: 'department', 4: 'own work' },
};
/** "sucursal" / "branch": what an access level covers. */
export const levelName = (level: unknown, lang: Language) => levelNames[lang][Number(level)] ?? String(level);

/** Why an action is not allowed, said so the user knows whom to ask or what to change. */
export const forbiddenReasons: Record<string, ReasonWording> = {
  requires_level: {
    es: (d) => `Esta acción requiere nivel de acceso ${d.level} (${levelName(d.level, 'es')}); tu nivel es ${d.actual} (${levelName(d.actual, 'es')})`,
    en: (d) => `This action needs access level ${d.level} (${levelName(d.level, 'en')}); yours is ${d.actual} (${levelName(d.actual, 'en')})`,
  },
  requires_permission: {
    es: (d) => `Esta acción requiere el permiso ${quote(d.permission, 'es')}; pídeselo a un administrador`,
    en: (d) => `This action needs the ${quote(d.permission, 'en')} permission; ask an administrator for it`,
  },
  outside_scope: {
    es: () => 'Con este cambio el cliente quedaría fuera de los que puedes ver; pide el cambio a un usuario con un nivel de acceso más amplio',
    en: () => 'After this change the client would be outside the ones you can see; ask a user with a broader access level',
  },
  branch_change: {
    es: () => 'Solo el nivel 1 puede asignar un cliente a otra sucursal; el nivel 2, solo a la suya',
    en: () => 'Only level 1 can assign a client to another branch; level 2 only to its own',
  },
  ...notesForbiddenReasons,
};

/** ": «Marta Soto» (id 01M…)", or just the id when the holder has no name. */
const holderOf = (d: Record<string, unknown>, lang: Language) =>
  d.existingName ? `: ${quote(d.existingName, lang)} (id ${d.existingId})` : d.existingId ? ` (id ${d.existingId})` : '';

/** Conflicts that need more than "already exists" to be understood (sign-in identities, operator commands on tenants). */
export const conflictReasons: Record<string, ReasonWording> = {
  email_signs_in_elsewhere: {
    es: () => 'Ese e-mail ya se usa para iniciar sesión en el sistema (quizás en otra empresa); usa otro e-mail',
    en: () => 'That e-mail already signs in to the system (perhaps at another company); use another e-mail',
  },
  contact_email_taken: {
    es: (d) => `Este cliente ya tiene un contacto con ese e-mail${holderOf(d, 'es')}; usa otro e-mail o cambia el de ese contacto`,
    en: (d) => `This client already has a contact with this e-mail${holderOf(d, 'en')}; use another e-mail or change that contact's`,
  },
  tenant_id_taken: {
    es: (d) => `El id ${quote(d.existingId, 'es')} ya es de otra empresa (otro nombre o país); elige otro id`,
    en: (d) => `The id ${quote(d.existingId, 'en')} already belongs to another business (another name or country); choose another id`,
  },
  tenant_already_provisioned: {
    es: (d) => `La empresa ${quote(d.existingId, 'es')} ya tiene usuarios y su administrador es otro; agrega usuarios con la API`,
    en: (d) => `The business ${quote(d.existingId, 'en')} already has users and another administrator; add users through the API`,
  },
};

/** Why a request carries no usable identity. */
export const unauthenticatedReasons: Record<string, ReasonWording> = {
  missing_token: {
    es: () => 'Falta el token: envía el encabezado Authorization: Bearer <token>',
    en: () => 'The token is missing: send the header Authorization: Bearer <token>',
  },
  invalid_token: {
    es: () => 'El token no es válido o expiró; inicia sesión de nuevo para obtener otro',
    en: () => 'The token is not valid or has expired; sign in again to get a new one',
  },
  incomplete_claims: {
    es: () => 'El token no indica la empresa, el usuario o el nivel de acceso; inicia sesión de nuevo',
    en: () => 'The token does not name the company, the user or the access level; sign in again',
  },
  ...portalTokenOnTenantRoute,
};

/** What failed, said without naming our internals. */
const unavailableReasons: Record<UnavailableReason, Record<Language, string>> = {
  throttled: {
    es: 'Un servicio del que dependemos está recibiendo más solicitudes de las que atiende',
    en: 'A service we depend on is receiving more requests than it can serve',
  },
  unreachable: { es: 'No pudimos conectar con un servicio del que dependemos', en: 'We could not connect to a service we depend on' },
  no_answer: { es: 'Un servicio del que dependemos no respondió a tiempo', en: 'A service we depend on did not answer in time' },
  failing: { es: 'Un servicio del que dependemos respondió con un error', en: 'A service we depend on answered with an error' },
};

/** What became of the request, and so what to do next. */
const unavailableOutcomes: Record<string, Record<Language, (d: Record<string, unknown>) => string>> = {
  not_applied: {
    es: (d) => `no se guardó ningún cambio. Reintenta en ${d.retryAfter ?? 5} s`,
    en: (d) => `nothing was changed. Retry in ${d.retryAfter ?? 5} s`,
  },
  kept: {
    es: (d) =>
      `aún no sabemos si el cambio se guardó. Reintenta en ${d.retryAfter ?? 5} s con la misma Idempotency-Key: recibirás su resultado y no se aplicará dos veces`,
    en: (d) =>
      `we cannot tell yet whether the change was saved. Retry in ${d.retryAfter ?? 5} s with the same Idempotency-Key: you will get its result, and it will not be applied twice`,
  },
  unknown: {
    es: () =>
      'puede que el cambio se haya guardado. Consulta el registro antes de repetirlo, o envía una Idempotency-Key para poder reintentar sin riesgo de aplicarlo dos veces',
    en: () => 'the change may have been saved. Check the record before repeating it, or send an Idempotency-Key so that a retry cannot apply it twice',
  },
};

/** A 503's detail: what failed, then what became of the request and what to do. */
export function unavailableWording(d: Record<string, unknown>, lang: Language): string {
  const what = unavailableReasons[d.reason as UnavailableReason] ?? unavailableReasons.no_answer;
  const outcome = unavailableOutcomes[String(d.outcome)] ?? unavailableOutcomes.not_applied!;
  return `${what[lang]}; ${outcome[lang](d)}.`;
}
