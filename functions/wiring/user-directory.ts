import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { IdentityDirectory } from '../../domain/workspace/ports.ts';
import { cognitoDirectory } from '../adapters/cognito/cognito-directory.ts';
import { localDirectory } from '../adapters/cognito/local-directory.ts';
import type { RuntimeConfig } from '../config.ts';

/** Cognito in AWS; locally (no user pool) the dev issuer stands in and the directory does nothing. */
export const userDirectory = (config: Pick<RuntimeConfig, 'userPoolId' | 'region'>): IdentityDirectory =>
  config.userPoolId ? cognitoDirectory(new CognitoIdentityProviderClient({ region: config.region }), config.userPoolId) : localDirectory;
