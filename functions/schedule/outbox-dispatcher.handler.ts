import { readConfig } from '../config.ts';
import { createDependencies } from '../dependencies.ts';
import { createOutboxDispatcher } from './outbox-dispatcher.ts';

const deps = createDependencies(readConfig(process.env, 'outbox-dispatcher'));

/** EventBridge schedule → send what is due. Level-triggered: a missed run is caught up by the next. */
export const handler = createOutboxDispatcher({ outbox: deps.outbox, mailer: deps.mailer, clock: deps.clock });
