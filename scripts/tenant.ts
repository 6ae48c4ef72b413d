/**
 * `npm run tenant -- create --name "Ferretería Sur" --country CL --admin-email ana@sur.cl [--admin-name "Ana Soto"]`
 * `npm run tenant -- suspend --tenant <id>` · `npm run tenant -- reactivate --tenant <id>`
 *
 * Runs the `tenant-operator` function (the one `aws lambda invoke` runs in AWS) against the running
 * local stack; after a create it prints the tenant id, the administrator's id and a token for them.
 */
import { hostname, userInfo } from 'node:os';
import { join } from 'node:path';
import { findFunction } from '../functions/catalogue.ts';
import { claimsForUser } from '../functions/auth/claims.ts';
import { readConfig } from '../functions/config.ts';
import { ACCESS_CACHE_TTL_MS } from '../functions/http/access-check.ts';
import { createDependencies } from '../functions/dependencies.ts';
import type { TenantOperatorResult } from '../functions/operator/tenant-operator.handler.ts';
import { createDevIssuer } from './local/dev-issuer.ts';
import { invokeFunction } from './local/handlers.ts';
import { localDataDir } from './local/paths.ts';
import { runningStack } from './local/running-stack.ts';

const usage = `usage:
  npm run tenant -- create --name <name> --country <CL|AR|MX|CO|EC|other> --admin-email <e-mail>
                           [--admin-name <name>] [--id <tenant id>] [--currency <code> [--allow-foreign-currency]] [--time-zone <IANA zone>]
                           [--locale es|en] [--sender-email <e-mail>] [--operator <who>] [--lang es|en] [--json]
  npm run tenant -- suspend --tenant <id> [--operator <who>] [--lang es|en] [--json]
  npm run tenant -- reactivate --tenant <id> [--operator <who>] [--lang es|en] [--json]`;

/** Command-line flag → payload field, per action; anything else is refused (a typo must not be ignored). */
const flagsOf: Record<string, Record<string, string>> = {
  create: {
    name: 'name',
    country: 'country',
    'admin-email': 'adminEmail',
    'admin-name': 'adminName',
    id: 'tenantId',
    currency: 'currency',
    'time-zone': 'timeZone',
    locale: 'locale',
    'sender-email': 'senderEmail',
    operator: 'operator',
    lang: 'lang',
  },
  suspend: { tenant: 'tenantId', operator: 'operator', lang: 'lang' },
  reactivate: { tenant: 'tenantId', operator: 'operator', lang: 'lang' },
};

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

const [action, ...rest] = process.argv.slice(2);
const known = action ? flagsOf[action] : undefined;
if (!known) fail(usage);
const payload: Record<string, string | boolean> = { action: action! };
let asJson = false;
for (let i = 0; i < rest.length; i++) {
  const arg = rest[i]!;
  if (arg === '--json') {
    asJson = true;
    continue;
  }
  // A currency the country does not use must be asked for on purpose (recorded on the tenant).
  if (arg === '--allow-foreign-currency' && action === 'create') {
    payload.allowForeignCurrency = true;
    continue;
  }
  const field = arg.startsWith('--') ? known[arg.slice(2)] : undefined;
  const value = rest[i + 1];
  if (!field) fail(`unknown option ${arg}\n${usage}`);
  if (value === undefined || value.startsWith('--')) fail(`${arg} needs a value\n${usage}`);
  payload[field] = value;
  i++;
}
// Recorded on the tenant (createdBy / suspendedBy): who ran the command, where.
payload.operator ??= `${userInfo().username}@${hostname()}`;

runningStack();
const result = (await invokeFunction(findFunction('tenant-operator'), payload)) as TenantOperatorResult;

if (!result.ok) {
  if (asJson) console.log(JSON.stringify(result, null, 2));
  else {
    // Field errors say more than the generic detail of a validation failure.
    console.error(result.errors?.length ? `${result.title}:` : `${result.title}: ${result.detail}`);
    for (const e of result.errors ?? []) console.error(`  ${e.pointer}: ${e.message}`);
  }
  process.exit(1);
}

let token: string | undefined;
if (result.action === 'create') {
  // The dev issuer stands in for Cognito: a token with the claims of the administrator's record.
  const user = await createDependencies(readConfig()).users.get(result.tenant.id, result.admin.id);
  if (user?.status === 'active' && result.tenant.status !== 'suspended') {
    const issuer = await createDevIssuer(join(localDataDir, 'dev-issuer-key.json'));
    token = await issuer.sign(claimsForUser(user), '12h');
  }
}

if (asJson) {
  console.log(JSON.stringify({ ...result, ...(token ? { token } : {}) }, null, 2));
} else if (result.action === 'create') {
  const { tenant, admin } = result;
  console.log(`${result.created ? 'Created' : 'Already there (nothing created)'}: tenant "${tenant.id}" — ${tenant.name}
  country ${tenant.country}, currency ${tenant.currency}, time zone ${tenant.timeZone}, language ${tenant.locale}, tax id ${tenant.taxIdScheme ?? 'OTHER'}${tenant.status === 'suspended' ? ', SUSPENDED' : ''}

Administrator: ${admin.email} (user id ${admin.id}), level 1, permissions: ${admin.permissions.join(' ')}
${
  token
    ? `
Token for the administrator (12 h):
  ${token}
`
    : ''
}`);
} else {
  const { tenant } = result;
  console.log(`Tenant "${tenant.id}" is ${tenant.status === 'suspended' ? `suspended (since ${tenant.suspendedAt}, by ${tenant.suspendedBy})` : 'active'}.
The running API applies it within ${ACCESS_CACHE_TTL_MS / 1000} s (each process caches user and tenant status that long).`);
}
process.exit(0);
