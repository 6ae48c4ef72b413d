/**
 * `npm run outbox`: the e-mails whose delivery is unknown (the dispatcher will not send them again on its
 * own), of every tenant or one (`--tenant <id>`), and what a person decided about one of them:
 * `npm run outbox -- resend|delivered|drop <tenantId> <emailId> [--by <name>]`.
 * Runs against the local stack; with TABLE_NAME (and AWS credentials) in the environment, against that table.
 */
import { userInfo } from 'node:os';
import { decideUnknownEmail, type UnknownEmailDecision } from '../domain/messaging/decide-unknown-email.use-case.ts';
import { readConfig } from '../functions/config.ts';
import { createDependencies } from '../functions/dependencies.ts';
import { envNames } from '../functions/catalogue.ts';
import { flag, runningStack } from './local/running-stack.ts';

const args = process.argv.slice(2);
const decisions = ['resend', 'delivered', 'drop'];
if (!process.env[envNames.tableName]) runningStack();
const deps = createDependencies(readConfig());

if (args[0] && decisions.includes(args[0])) {
  const [decision, tenantId, id] = args as [UnknownEmailDecision, string | undefined, string | undefined];
  if (!tenantId || !id) {
    console.error('usage: npm run outbox -- resend|delivered|drop <tenantId> <emailId> [--by <name>]');
    process.exit(2);
  }
  const email = await decideUnknownEmail(deps)({ tenantId, id, decision, by: flag(args, 'by') ?? userInfo().username }).catch((error: Error) => {
    console.error(`${tenantId}/${id}: ${error.message}`);
    process.exit(1);
  });
  console.log(`${tenantId}/${id} is now ${email.status}${decision === 'resend' ? ' (the next dispatcher run sends it)' : ''}.`);
  process.exit(0);
}

const tenantId = flag(args, 'tenant');
let cursor: string | undefined;
let count = 0;
do {
  const page = await deps.outbox.awaitingDecision({ limit: 100, cursor, tenantId });
  for (const e of page.items) {
    count++;
    console.log(`${e.tenantId}\t${e.id}\t${e.kind}\tto ${e.to.join(', ')}\tunknown since ${e.unknownAt ?? '?'}\t${e.lastError ?? ''}`);
  }
  cursor = page.cursor;
} while (cursor);
console.log(
  count
    ? `\n${count} e-mail(s) of unknown delivery. Decide each: npm run outbox -- resend|delivered|drop <tenantId> <emailId>`
    : 'No e-mail of unknown delivery.',
);
process.exit(0);
