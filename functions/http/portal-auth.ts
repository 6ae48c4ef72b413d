import type { ClientRepository } from '../../domain/clients/ports.ts';
import { portalReader, type PortalAccessStore, type PortalTokens } from '../../domain/portal/ports.ts';
import type { Clock } from '../../domain/shared/ports.ts';
import type { TenantRepository } from '../../domain/workspace/ports.ts';
import type { PortalAuthenticator } from './http-api.ts';
import { problemOf } from './problem.ts';

export interface PortalAuthDeps {
  tokens: PortalTokens;
  portalAccess: Pick<PortalAccessStore, 'get'>;
  clients: Pick<ClientRepository, 'get'>;
  tenants: Pick<TenantRepository, 'get'>;
  clock: Clock;
}

/**
 * Verifies a portal request's bearer token, then reads (in parallel) the client's access, the client and
 * the tenant: a token of an older password (its version), of a deactivated client or of a suspended tenant
 * is refused like an expired one. Three GetItems per request, no cache: a regeneration takes effect at once.
 */
export function portalAuthenticator(deps: PortalAuthDeps): PortalAuthenticator {
  return {
    async authenticate(event) {
      const header = event.headers?.authorization ?? event.headers?.Authorization ?? '';
      const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
      if (!token) throw problemOf('unauthenticated', { reason: 'missing_token' });
      const claims = await deps.tokens.verify(token, deps.clock.now());
      if (!claims) throw problemOf('unauthenticated', { reason: 'invalid_portal_token' });
      const [access, client, tenant] = await Promise.all([
        deps.portalAccess.get(claims.tenantId, claims.clientId),
        deps.clients.get(claims.tenantId, claims.clientId),
        deps.tenants.get(claims.tenantId),
      ]);
      if (!access || access.version !== claims.version) throw problemOf('unauthenticated', { reason: 'portal_password_changed' });
      if (client?.status !== 'active' || !tenant || tenant.status === 'suspended') throw problemOf('unauthenticated', { reason: 'portal_unavailable' });
      const principal = { tenantId: claims.tenantId, clientId: claims.clientId };
      return { actor: portalReader(principal), principal };
    },
  };
}
