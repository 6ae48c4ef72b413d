import { jwtVerify, SignJWT } from 'jose';
import type { PortalTokens } from '../../../domain/portal/ports.ts';

/**
 * Portal tokens: HS256 JWTs signed with the portal key, which only the portal functions read. They carry
 * no `custom:*` claim of a tenant user, their own issuer and audience and `token_use: portal`, so neither
 * the HTTP API's Cognito authorizer nor the tenant functions' claim check accepts them, and the portal
 * accepts nothing but them.
 */
export const PORTAL_ISSUER = 'urn:cobranza:portal';
export const PORTAL_AUDIENCE = 'cobranza-portal';
export const PORTAL_TOKEN_USE = 'portal';
/** 15 minutes: a session of reading, not a standing credential. */
export const PORTAL_TOKEN_SECONDS = 15 * 60;

export const portalClaimNames = { tenantId: 'portal_tenant', clientId: 'portal_client', version: 'portal_ver', tokenUse: 'token_use' } as const;

export function portalTokens(key: () => Promise<Uint8Array>): PortalTokens {
  return {
    async issue(principal, now) {
      const iat = Math.floor(now.getTime() / 1000);
      const exp = iat + PORTAL_TOKEN_SECONDS;
      const token = await new SignJWT({
        [portalClaimNames.tokenUse]: PORTAL_TOKEN_USE,
        [portalClaimNames.tenantId]: principal.tenantId,
        [portalClaimNames.clientId]: principal.clientId,
        [portalClaimNames.version]: principal.version,
      })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setIssuer(PORTAL_ISSUER)
        .setAudience(PORTAL_AUDIENCE)
        .setSubject(principal.clientId)
        .setIssuedAt(iat)
        .setExpirationTime(exp)
        .sign(await key());
      return { token, expiresAt: new Date(exp * 1000).toISOString(), expiresIn: PORTAL_TOKEN_SECONDS };
    },
    async verify(token, now) {
      try {
        const { payload } = await jwtVerify(token, await key(), {
          issuer: PORTAL_ISSUER,
          audience: PORTAL_AUDIENCE,
          algorithms: ['HS256'],
          currentDate: now,
          requiredClaims: ['exp', 'iat', 'sub'],
        });
        const tenantId = payload[portalClaimNames.tenantId];
        const clientId = payload[portalClaimNames.clientId];
        const version = payload[portalClaimNames.version];
        const fits = payload[portalClaimNames.tokenUse] === PORTAL_TOKEN_USE && typeof tenantId === 'string' && typeof clientId === 'string';
        if (!fits || !tenantId || clientId !== payload.sub || !Number.isSafeInteger(version)) return undefined;
        return { tenantId, clientId, version: version as number };
      } catch {
        return undefined;
      }
    },
  };
}
