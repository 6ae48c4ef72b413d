/**
 * `npm run token -- --tenant demo --user admin`: a token for that user of the running local stack,
 * with the claims its user record implies (as Cognito would issue them in AWS).
 */
import { join } from 'node:path';
import { claimsForUser } from '../functions/auth/claims.ts';
import { readConfig } from '../functions/config.ts';
import { createDependencies } from '../functions/dependencies.ts';
import { createDevIssuer } from './local/dev-issuer.ts';
import { localDataDir } from './local/paths.ts';
import { flag, runningStack } from './local/running-stack.ts';

const args = process.argv.slice(2);
const tenant = flag(args, 'tenant') ?? 'demo';
const userId = flag(args, 'user') ?? 'admin';
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
console.log(await issuer.sign(claimsForUser(user), flag(args, 'expires') ?? '12h'));
