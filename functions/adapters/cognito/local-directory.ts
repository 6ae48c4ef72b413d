import type { IdentityDirectory } from '../../../domain/workspace/ports.ts';

/**
 * On the local stack there is no user pool: the dev issuer mints tokens straight from the user
 * record (`npm run token`), which is what a synced Cognito identity would carry.
 */
export const localDirectory: IdentityDirectory = {
  register: async () => undefined,
  sync: async () => undefined,
  unregister: async () => undefined,
};
