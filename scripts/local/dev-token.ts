import { join } from 'node:path';
import { claimsForUser } from '../../functions/auth/claims.ts';
import { readConfig } from '../../functions/config.ts';
import { createDependencies } from '../../functions/dependencies.ts';
import { createDevIssuer } from './dev-issuer.ts';
import { localDataDir } from './paths.ts';
import { runningStack } from './running-stack.ts';

/**
 * A token for a user of the running local stack, with the claims its user record implies (as Cognito
 * would issue them in AWS). Exits with a clear message when there is no such active user.
 */
export async function localToken(tenant: string, userId: string, expiresIn = '12h'): Promise<string> {
  runningStack();
  const deps = createDependencies(readConfig());
  const user = await deps.users.get(tenant, userId);
  if (!user) {
    console.error(`No user "${userId}" in tenant "${tenant}".`);
    process.exit(1);
  }
  if (user.status !== 'active') {
    console.error(`User "${userId}" is deactivated: no token.`);
    process.exit(1);
  }
  const issuer = await createDevIssuer(join(localDataDir, 'dev-issuer-key.json'));
  return issuer.sign(claimsForUser(user), expiresIn);
}
