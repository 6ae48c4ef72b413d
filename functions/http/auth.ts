import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { Actor } from '../../domain/shared/actor.ts';
import { claimNames } from '../auth/claims.ts';
import { problemOf } from './problem.ts';

/**
 * Builds the actor from the claims the JWT authorizer verified. Nothing else in the request is
 * trusted for tenant, user, level, branch, department or permissions.
 */
export function actorFromEvent(event: Partial<APIGatewayProxyEventV2WithJWTAuthorizer>): Actor {
  const claims = event.requestContext?.authorizer?.jwt?.claims;
  if (!claims) throw problemOf('unauthenticated', { reason: 'missing_token' });
  // A client portal token never acts as a tenant user, whatever verified it (the gateway's authorizer refuses it first).
  if (claims.token_use === 'portal' || claims.portal_client !== undefined) throw problemOf('unauthenticated', { reason: 'portal_token' });
  const str = (name: string) => {
    const v = claims[name];
    return v === undefined || v === null || v === '' ? undefined : String(v);
  };
  const parsed = Actor.safeParse({
    tenantId: str(claimNames.tenantId),
    userId: str(claimNames.userId) ?? str('sub'),
    accessLevel: Number(str(claimNames.accessLevel)),
    branchId: str(claimNames.branchId),
    departmentId: str(claimNames.departmentId),
    permissions: (str(claimNames.permissions) ?? '').split(/\s+/).filter(Boolean),
  });
  if (!parsed.success) throw problemOf('unauthenticated', { reason: 'incomplete_claims' });
  return parsed.data;
}
