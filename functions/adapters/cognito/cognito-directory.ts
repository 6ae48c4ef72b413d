import {
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminUpdateUserAttributesCommand,
  AdminUserGlobalSignOutCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { DomainError } from '../../../domain/shared/errors.ts';
import type { IdentityDirectory } from '../../../domain/workspace/ports.ts';
import type { User } from '../../../domain/workspace/user.schema.ts';
import { claimNames, claimsForUser } from '../../auth/claims.ts';

/** The user's custom claims as Cognito attributes (`custom:*`); absent ones are sent empty to clear them. */
function attributes(user: User) {
  const claims = claimsForUser(user);
  return Object.values(claimNames).map((name) => ({ Name: name, Value: claims[name] ?? '' }));
}

/**
 * Users sign in to the Cognito user pool with their e-mail (an alias, unique in the pool); the
 * username is our user id. Cognito e-mails the invitation with a temporary password.
 */
export function cognitoDirectory(client: CognitoIdentityProviderClient, userPoolId: string): IdentityDirectory {
  return {
    async register(user) {
      try {
        await client.send(
          new AdminCreateUserCommand({
            UserPoolId: userPoolId,
            Username: user.id,
            DesiredDeliveryMediums: ['EMAIL'],
            UserAttributes: [{ Name: 'email', Value: user.email }, { Name: 'email_verified', Value: 'true' }, ...attributes(user)],
          }),
        );
      } catch (error) {
        const name = (error as Error).name;
        // The username is the new user's id: only an earlier attempt of this same creation (a
        // retried call, a redone request) can have made it. It is this user's: bring it up to date.
        if (name === 'UsernameExistsException') return this.sync(user);
        // The pool spans every business: the holder may be another company's, so it is not named.
        if (name === 'AliasExistsException') {
          throw new DomainError('conflict', 'the e-mail already signs in', { entity: 'user', field: 'email', reason: 'email_signs_in_elsewhere' });
        }
        throw error;
      }
    },
    async sync(user) {
      const mirror = () =>
        client.send(
          new AdminUpdateUserAttributesCommand({
            UserPoolId: userPoolId,
            Username: user.id,
            UserAttributes: [{ Name: 'email', Value: user.email }, { Name: 'email_verified', Value: 'true' }, ...attributes(user)],
          }),
        );
      const signOut = () => client.send(new AdminUserGlobalSignOutCommand({ UserPoolId: userPoolId, Username: user.id }));
      const disable = () => client.send(new AdminDisableUserCommand({ UserPoolId: userPoolId, Username: user.id }));
      const enable = () => client.send(new AdminEnableUserCommand({ UserPoolId: userPoolId, Username: user.id }));
      // Revocation first, and every step tried even if one fails: a refused attribute (say, an e-mail
      // taken in the pool) must not leave a deactivated user signed in. Sign-out kills refresh tokens;
      // ID tokens already issued are refused per request by functions/http/access-check.ts.
      const steps = user.status === 'inactive' ? [signOut, disable, mirror] : [mirror, enable];
      const failures: unknown[] = [];
      for (const step of steps) {
        try {
          await step();
        } catch (error) {
          failures.push(error);
        }
      }
      if (failures.length) throw failures[0];
    },
    async unregister(user) {
      await client.send(new AdminDeleteUserCommand({ UserPoolId: userPoolId, Username: user.id }));
    },
  };
}
