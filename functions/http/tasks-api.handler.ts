import { Logger } from '@aws-lambda-powertools/logger';
import {
  completeTask,
  copyTask,
  createTask,
  editTask,
  getTask,
  listClientTasks,
  markTaskNotAttended,
  tasksOfDay,
  tasksOfMonth,
} from '../../domain/tasks/task.use-cases.ts';
import { dynamoClientRepository } from '../adapters/dynamodb/client.repository.ts';
import { cursorKeySecret } from '../adapters/secrets/cursor-key.ts';
import { readConfig } from '../config.ts';
import { onFirstUse } from '../wiring/on-first-use.ts';
import { tableDependencies } from '../wiring/table.ts';
import { taskRepositories } from '../wiring/tasks.ts';
import { httpApi } from './http-api.ts';
import { tenantIdempotency } from './idempotency.ts';
import { taskRoutes } from './routes/tasks.routes.ts';
import { sealedCursors } from './sealed-cursor.ts';

const table = tableDependencies(readConfig(process.env, 'tasks-api'));
// Only `get` of the client records: a task copies the client's name and address, the tab checks the client is in reach.
const deps = { ...table, ...taskRepositories(table), clients: onFirstUse(() => dynamoClientRepository(table.data, table.document)) };
const logger = new Logger({ serviceName: 'cobranza' });

const versioned = <T extends { version: number }>(body: T) => ({ body, etag: body.version });

export const handler = httpApi({
  name: 'tasks-api',
  routes: taskRoutes,
  logger,
  idempotency: tenantIdempotency({ client: deps.dynamoClient, tableName: deps.config.tableName, logger }),
  cursors: sealedCursors({ secret: cursorKeySecret(deps.config), clock: deps.clock }),
  access: deps,
  impls: {
    createTask: async ({ actor, body }) => versioned(await createTask(deps)(actor, body)),
    getTask: async ({ actor, params }) => versioned(await getTask(deps)(actor, params.taskId)),
    updateTask: async ({ actor, params, body, ifMatch }) => versioned(await editTask(deps)(actor, params.taskId, body, ifMatch)),
    completeTask: async ({ actor, params, ifMatch }) => versioned(await completeTask(deps)(actor, params.taskId, ifMatch)),
    markTaskNotAttended: async ({ actor, params, ifMatch }) => versioned(await markTaskNotAttended(deps)(actor, params.taskId, ifMatch)),
    copyTask: async ({ actor, params, body }) => versioned(await copyTask(deps)(actor, params.taskId, body)),
    listDayTasks: async ({ actor, query: { date, scope, limit, cursor } }) => ({
      body: { date, scope, ...(await tasksOfDay(deps)(actor, { date, scope }, { limit, cursor })) },
    }),
    listMonthTasks: async ({ actor, query: { month, scope, limit, cursor } }) => ({
      body: { month, scope, ...(await tasksOfMonth(deps)(actor, { month, scope }, { limit, cursor })) },
    }),
    listClientTasks: async ({ actor, params, query: { limit, cursor } }) => ({ body: await listClientTasks(deps)(actor, params.clientId, { limit, cursor }) }),
  },
});
