import type { ReasonWording } from './reasons.ts';

/** Why a client's portal password cannot be made (409 `invalid_state`). */
export const portalStateReasons: Record<string, ReasonWording> = {
  portal_client_without_email: {
    es: () =>
      'El cliente no tiene e-mail principal: la contraseña del portal se envía a ese correo y con él se ingresa. Agrégale un e-mail (PATCH /v1/clients/{clientId}) y vuelve a intentarlo',
    en: () =>
      'The client has no main e-mail: the portal password is sent to it and the client signs in with it. Add an e-mail to the client (PATCH /v1/clients/{clientId}) and try again',
  },
  portal_client_inactive: {
    es: () => 'El cliente está desactivado: restáuralo (POST /v1/clients/{clientId}/restore) antes de darle acceso al portal',
    en: () => 'The client is deactivated: restore it (POST /v1/clients/{clientId}/restore) before giving it portal access',
  },
};

/** Why a tenant route refused a token (401 `unauthenticated`): every function's auth says it, so reasons.ts holds it. */
export const portalTokenOnTenantRoute: Record<string, ReasonWording> = {
  portal_token: {
    es: () => 'Ese es un token del portal de clientes: solo sirve en las rutas /v1/portal/…. Inicia sesión como usuario de la empresa',
    en: () => 'That is a client portal token: it only works on the /v1/portal/… routes. Sign in as a user of the company',
  },
};

/** Why a portal route refused a token (401 `unauthenticated`). */
export const portalUnauthenticatedReasons: Record<string, ReasonWording> = {
  invalid_portal_token: {
    es: () => 'Falta un token válido del portal o expiró (dura 15 minutos); ingresa de nuevo con tu e-mail y contraseña en POST /v1/portal/{tenantId}/sign-in',
    en: () =>
      'A valid portal token is missing or it expired (it lasts 15 minutes); sign in again with your e-mail and password at POST /v1/portal/{tenantId}/sign-in',
  },
  portal_password_changed: {
    es: () => 'Tu contraseña del portal se cambió después de que ingresaste; ingresa de nuevo con la contraseña del último correo',
    en: () => 'Your portal password was changed after you signed in; sign in again with the password of the latest e-mail',
  },
  portal_unavailable: {
    es: () => 'Tu acceso al portal ya no está disponible; contacta a la empresa',
    en: () => 'Your portal access is no longer available; contact the company',
  },
};

/** The wait a lock-out names: its seconds (`Retry-After`), or a few minutes when the error does not say. */
const waitOf = (d: Record<string, unknown>, lang: 'es' | 'en') =>
  typeof d.retryAfter === 'number' ? `${d.retryAfter} s` : lang === 'es' ? 'unos minutos' : 'a few minutes';

/** Sign-in refusals: the same words for an unknown e-mail and a wrong password. */
export const portalSignInDetails: Record<string, ReasonWording> = {
  invalid_credentials: {
    es: () => 'El e-mail o la contraseña no son correctos; revisa el último correo con tu contraseña o pide una nueva a la empresa',
    en: () => 'The e-mail or the password is not right; check the latest e-mail with your password or ask the company for a new one',
  },
  too_many_attempts: {
    es: (d) =>
      d.reason === 'source_locked'
        ? `Demasiados intentos de ingreso desde tu conexión; espera ${waitOf(d, 'es')} antes de volver a intentarlo`
        : `Demasiados intentos fallidos con ese e-mail; el ingreso queda bloqueado por ${waitOf(d, 'es')}`,
    en: (d) =>
      d.reason === 'source_locked'
        ? `Too many sign-in attempts from your connection; wait ${waitOf(d, 'en')} before trying again`
        : `Too many failed attempts with that e-mail; signing in is locked for ${waitOf(d, 'en')}`,
  },
};
