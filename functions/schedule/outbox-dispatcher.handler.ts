import { readConfig } from '../config.ts';
import { mailer } from '../wiring/mailer.ts';
import { tableDependencies } from '../wiring/table.ts';
import { workspaceRepositories } from '../wiring/workspace.ts';
import { createOutboxDispatcher } from './outbox-dispatcher.ts';

const table = tableDependencies(readConfig(process.env, 'outbox-dispatcher'));
const deps = { ...table, outbox: workspaceRepositories(table).outbox, mailer: mailer(table.config) };

/** EventBridge schedule → send what is due. Level-triggered: a missed run is caught up by the next. */
export const handler = createOutboxDispatcher({ outbox: deps.outbox, mailer: deps.mailer, clock: deps.clock });
