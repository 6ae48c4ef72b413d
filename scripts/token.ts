/**
 * `npm run token -- --tenant demo --user admin`: a token for that user of the running local stack,
 * with the claims its user record implies (as Cognito would issue them in AWS).
 */
import { localToken } from './local/dev-token.ts';
import { flag } from './local/running-stack.ts';

const args = process.argv.slice(2);
console.log(await localToken(flag(args, 'tenant') ?? 'demo', flag(args, 'user') ?? 'admin', flag(args, 'expires') ?? '12h'));
