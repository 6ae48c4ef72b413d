/**
 * `npm run invoke -- <function> [<event file>] [--at <ISO time>] [--event <file>] [--message <id> [--tenant <id>]]`: runs one
 * catalogued handler against the running local stack. Scheduled functions get a Scheduled Event for `--at` (default
 * now) and run with the clock set to that instant; other functions get their sample event from
 * events/samples/ (or `--event`). For `ses-events`, `--message` aims the sample at a message the stack sent
 * (tenant `demo` unless `--tenant`): its tags and recipients become that message's.
 * What the function invokes in turn (the planner's workers) runs in this
 * process through its own local Invoke API, on the same clock, and the command waits for it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { envNames, findFunction } from '../functions/catalogue.ts';
import { invokeFunction, projectRoot } from './local/handlers.ts';
import { startLambdaService } from './local/lambda-service.ts';
import { flag, runningStack } from './local/running-stack.ts';
import { scheduledEvent } from './local/scheduler.ts';
import { defaultSample } from '../events/samples.ts';
import { readConfig } from '../functions/config.ts';
import { createDependencies } from '../functions/dependencies.ts';
import { retargetSesSample } from './local/ses-sample.ts';

const args = process.argv.slice(2);
const name = args[0];
if (!name || name.startsWith('--')) {
  console.error('usage: npm run invoke -- <function> [<event file>] [--at <ISO time>] [--event <file>]');
  process.exit(2);
}
const spec = findFunction(name);
runningStack();
const lambda = await startLambdaService({ log: (line) => console.error(line) });
process.env[envNames.lambdaEndpoint] = lambda.endpoint;
const at = flag(args, 'at');
if (at) {
  if (Number.isNaN(Date.parse(at))) throw new Error(`--at ${at} is not an ISO time`);
  process.env.LOCAL_CLOCK_AT = new Date(at).toISOString();
}
// The event file may also come right after the name: `npm run invoke -- ses-events events/samples/ses/bounce.json`.
const eventFile = flag(args, 'event') ?? (args[1] && !args[1].startsWith('--') ? args[1] : undefined);
const event = eventFile
  ? JSON.parse(readFileSync(eventFile, 'utf8'))
  : spec.trigger.type === 'schedule'
    ? scheduledEvent(spec, at ? new Date(at) : new Date())
    : JSON.parse(readFileSync(join(projectRoot, defaultSample(spec)), 'utf8'));
const messageId = flag(args, 'message');
if (messageId) {
  if (spec.trigger.type !== 'sesEvents') throw new Error('--message is for the ses-events function');
  const tenantId = flag(args, 'tenant') ?? 'demo';
  const message = await createDependencies(readConfig()).outbox.get(tenantId, messageId);
  if (!message) {
    console.error(`No message ${messageId} in tenant ${tenantId}: take an id from GET /v1/collections/messages.`);
    process.exit(2);
  }
  Object.assign(event, retargetSesSample(event, message));
}
const result = await invokeFunction(spec, event);
console.log(JSON.stringify(result, null, 2));
await lambda.idle();
const invoked = lambda.invocations.filter((i) => i.type === 'Event');
if (invoked.length) {
  for (const i of invoked) console.log(JSON.stringify(i.outcome === 'failed' ? { payload: i.payload, error: i.error } : i.result, null, 2));
  const failed = invoked.filter((i) => i.outcome === 'failed').length;
  console.log(
    `${invoked.length} asynchronous invocation(s) of ${[...new Set(invoked.map((i) => i.functionName))].join(', ')} finished${failed ? `, ${failed} failed` : ''}`,
  );
}
process.exit(0);
