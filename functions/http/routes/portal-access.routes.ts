import * as z from 'zod';
import { managePortal } from '../../../domain/portal/portal-access.use-cases.ts';
import { Id, type RouteSpec } from '../route-spec.ts';
import { addFeatureWordings } from '../messages/feature-wordings.ts';
import { portalStateReasons } from '../messages/portal-reasons.ts';

export const PortalPasswordIssued = z
  .object({
    clientId: z.string(),
    email: z.string().describe('Where the password was sent: the client’s main e-mail, also its portal sign-in'),
    version: z.number().int().describe('How many passwords the client has had; tokens of older ones no longer work'),
    issuedAt: z.string(),
  })
  .meta({ id: 'PortalPasswordIssued', description: 'A new portal password was made and queued to the client (never shown here)' });

/** What tenant users do about a client's portal access (served by `portal-access-api`, Cognito tokens). */
addFeatureWordings({ invalidState: portalStateReasons });

export const portalAccessRoutes = [
  {
    operationId: 'regeneratePortalPassword',
    requires: managePortal,
    method: 'POST',
    path: '/v1/clients/{clientId}/portal/password',
    summary: "Generate a client's portal password and e-mail it to the client (portal.manage)",
    tag: 'Client portal',
    params: z.strictObject({ clientId: Id }),
    // A retry of one request (same Idempotency-Key) must not mail a second password that voids the first.
    idempotent: true,
    success: { status: 202, description: 'The password was stored (as a hash) and its e-mail queued', schema: PortalPasswordIssued },
  },
] as const satisfies readonly RouteSpec[];
