import { invalidCredentials } from '../../../domain/portal/portal-access.use-cases.ts';
import { DomainError, invalidState } from '../../../domain/shared/errors.ts';
import { problemOf, unavailableProblem } from '../problem.ts';
import type { DeclaredError } from './errors.ts';
import type { OperationId } from './operation-ids.ts';
import { sample } from './samples.ts';

const shown = { shownBy: 'test/integration/portal.test.ts' };

/** What every portal-token route answers about its token (instead of the tenant routes' user and tenant checks). */
export const portalTokenErrors: DeclaredError[] = [
  {
    when: 'No portal token, or an invalid or expired one (a company user’s token included)',
    error: problemOf('unauthenticated', { reason: 'invalid_portal_token' }),
  },
  {
    when: 'The client’s portal password was regenerated after this token was issued: sign in again',
    error: problemOf('unauthenticated', { reason: 'portal_password_changed' }),
    specific: shown,
  },
  { when: 'The client was deactivated or its company suspended', error: problemOf('unauthenticated', { reason: 'portal_unavailable' }) },
];

export const portalErrors: Partial<Record<OperationId, DeclaredError[]>> = {
  regeneratePortalPassword: [
    {
      when: 'The client has no main e-mail to send the password to and sign in with',
      error: invalidState('portal_client_without_email', { clientId: sample.client.id }),
      specific: shown,
    },
    { when: 'The client is deactivated: restore it first', error: invalidState('portal_client_inactive', { clientId: sample.client.id }), specific: shown },
  ],
  signInToPortal: [
    {
      when: 'Unknown e-mail or wrong password (the same answer for both), or the client is no longer active with that e-mail',
      error: invalidCredentials(),
      specific: shown,
    },
    {
      when: 'Too many failed attempts for this e-mail (`email_locked`) or from your address (`source_locked`): wait `Retry-After` seconds',
      error: new DomainError('too_many_attempts', 'locked', { reason: 'email_locked', retryAfter: 900 }),
      specific: shown,
    },
    {
      when: 'A service the API depends on is unavailable: `reason` says how, `outcome` whether anything changed; retry after `Retry-After` seconds',
      error: unavailableProblem(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $metadata: {} })),
    },
  ],
};
