import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { IdentityDirectory } from '../../domain/workspace/ports.ts';
import { cognitoDirectory } from '../adapters/cognito/cognito-directory.ts';
import { localDirectory } from '../adapters/cognito/local-directory.ts';
import type { RuntimeConfig } from '../config.ts';
import { onFirstUse } from './on-first-use.ts';

/**
 * Cognito in AWS; locally (no user pool) the dev issuer stands in and the directory does nothing. The
 * Cognito client is built by the first request that changes a user, not at cold start (on-first-use.ts).
 */
export const userDirectory = (config: Pick<RuntimeConfig, 'userPoolId' | 'region'>): IdentityDirectory => {
  const { userPoolId } = config;
  return userPoolId ? onFirstUse(() => cognitoDirectory(new CognitoIdentityProviderClient({ region: config.region }), userPoolId)) : localDirectory;
};
