/**
 * The tasks month view for a team of 50 (issue 12's closing figure), on the embedded stack (in-memory
 * DynamoDB Local, local HTTP API): 50 users (2 branches × 2 departments: 25 per branch, 12–13 per
 * department) with --per-day (20) tasks each on every day of March 2026 (31,000 tasks), seeded by
 * BatchWrite of the very items the task write stores, with the month counters those writes keep.
 * Through `GET /v1/tasks/month` and `/day` (gateway, access check, sealed cursors) it times the first page
 * (p50 / p95 of --samples) and the whole month paged at 500; in process, with a counting document client,
 * it counts the queries and items each read makes. Then the cost of a move: a user with --mover-tasks (5,000)
 * tasks moved to another branch and department, re-keyed by the worker (time, transactions, items written).
 * Figures only; nothing asserted.
 *   node bench/tasks/tasks-month.bench.ts [--per-day 20] [--samples 20] [--mover-tasks 5000]
 */
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Actor } from '../../domain/shared/actor.ts';
import { dueInstant } from '../../domain/tasks/task-dates.ts';
import type { Task } from '../../domain/tasks/task.schema.ts';
import { tasksOfDay, tasksOfMonth } from '../../domain/tasks/task.use-cases.ts';
import { claimsForUser } from '../../functions/auth/claims.ts';
import { rekeyUserTasks } from '../../domain/tasks/task-rekey.use-case.ts';
import { counterUnitClauses, countersKey, taskItem } from '../../functions/adapters/dynamodb/task-items.ts';
import { dynamoTaskRepository } from '../../functions/adapters/dynamodb/task.repository.ts';
import { startLocalRuntime } from '../../scripts/local/runtime.ts';
import { apiCaller, BENCH_ZONE, createBenchTenant, stats } from '../support/local-api.ts';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : fallback;
};
const PER_DAY = Number(arg('per-day', '20'));
const SAMPLES = Number(arg('samples', '20'));
const MOVER_TASKS = Number(arg('mover-tasks', '5000'));
const USERS = 50;
const MONTH = '2026-03';
const DAYS = 31;

const runtime = await startLocalRuntime({ port: 0, schedules: false, log: () => undefined });
const { deps } = runtime;
const table = runtime.env.TABLE_NAME!;
const tenantId = `bench-tasks-${Date.now()}`;
await createBenchTenant(deps, tenantId);
const at = new Date().toISOString();

// User i: branch b(i % 2), department d(i % 4) (b0 holds d0 and d2, b1 holds d1 and d3).
const users = Array.from({ length: USERS }, (_, i) => ({ id: `u${String(i).padStart(2, '0')}`, branchId: `b${i % 2}`, departmentId: `d${i % 4}` }));
const levelOf = (i: number) => (i === 0 ? 1 : i === 1 ? 2 : i === 2 ? 3 : 4) as 1 | 2 | 3 | 4;
const records = users.map((u, i) => ({
  tenantId,
  ...u,
  email: `${u.id}@${tenantId}.test`,
  name: `Usuario ${u.id}`,
  accessLevel: levelOf(i),
  permissions: [],
  status: 'active' as const,
  version: 1,
  createdAt: at,
  updatedAt: at,
  createdBy: 'b',
  updatedBy: 'b',
}));
for (const r of records) await deps.users.create(r);
const readers = { level1: records[0]!, level2: records[1]!, level3: records[2]!, level4: records[3]! };

const statuses = ['open', 'open', 'completed', 'completed', 'in_progress', 'not_attended'] as const;
const taskOf = (n: number): Task => {
  const user = users[n % USERS]!;
  const day = Math.floor(n / (USERS * PER_DAY)) + 1;
  const slot = Math.floor(n / USERS) % PER_DAY;
  const date = `${MONTH}-${String(day).padStart(2, '0')}`;
  const time = slot % 5 === 0 ? undefined : `${String(8 + (slot % 10)).padStart(2, '0')}:${slot % 2 ? '30' : '00'}`;
  return {
    id: `K${String(n).padStart(8, '0')}`,
    tenantId,
    type: (['task', 'call', 'meeting', 'visit'] as const)[n % 4]!,
    title: `Llamar al cliente ${n % 997} por la factura pendiente`,
    clientId: `C${String(n % 2000).padStart(5, '0')}`,
    client: { name: `Cliente ${n % 2000}`, address: 'Av. Alemania 0671', city: 'Temuco' },
    assigneeId: user.id,
    date,
    ...(time ? { time } : {}),
    dueAt: dueInstant(date, time, BENCH_ZONE),
    colour: 'blue',
    status: statuses[n % statuses.length]!,
    version: 1,
    createdAt: at,
    createdBy: user.id,
    updatedAt: at,
    updatedBy: user.id,
  };
};
const TASKS = USERS * PER_DAY * DAYS;
const unitsOf = (n: number) => ({ branchId: users[n % USERS]!.branchId, departmentId: users[n % USERS]!.departmentId });
/** The unit attributes and index keys a counters item gets from the task writes (counterUnitClauses' SET). */
function placed(assigneeId: string, month: string, units: { branchId: string; departmentId: string }) {
  const { set, names, values } = counterUnitClauses(tenantId, month, assigneeId, units);
  return Object.fromEntries(set.map((clause) => clause.split(' = ')).map(([name, value]) => [names[name!]!, values[value!]]));
}
// The counters the task writes keep, computed the same way (cDDs) and written once per user.
const counters = new Map<string, Record<string, unknown>>();
for (let n = 0; n < TASKS; n++) {
  const t = taskOf(n);
  const key = countersKey(tenantId, MONTH, t.assigneeId);
  const item = counters.get(key.sk) ?? { ...key, tenantId, assigneeId: t.assigneeId, month: MONTH, ...placed(t.assigneeId, MONTH, unitsOf(n)) };
  const cell = `c${t.date.slice(8, 10)}${{ in_progress: 'p', open: 'o', not_attended: 'n', completed: 'c' }[t.status]}`;
  item[cell] = ((item[cell] as number | undefined) ?? 0) + 1;
  counters.set(key.sk, item);
}

const seedStarted = performance.now();
const items = [...counters.values()];
let next = 0;
const batches = Math.ceil(TASKS / 25);
await Promise.all(
  Array.from({ length: 8 }, async () => {
    while (next < batches) {
      const b = next++;
      let pending = [];
      for (let n = b * 25; n < Math.min(TASKS, b * 25 + 25); n++) pending.push({ PutRequest: { Item: taskItem(taskOf(n), unitsOf(n)) } });
      while (pending.length) {
        const out = (await deps.dynamoClient.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }) as never)) as {
          UnprocessedItems?: Record<string, typeof pending>;
        };
        pending = out.UnprocessedItems?.[table] ?? [];
      }
    }
  }),
);
for (let i = 0; i < items.length; i += 25) {
  await deps.dynamoClient.send(new BatchWriteCommand({ RequestItems: { [table]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) } }) as never);
}
const seedMs = performance.now() - seedStarted;
console.log(`seeded ${TASKS.toLocaleString('en')} tasks (${USERS} users × ${PER_DAY}/day × ${DAYS} days) in ${(seedMs / 1000).toFixed(1)} s`);

// In process: the same use cases over a document client that counts what each read sends and gets.
const counted = { queries: 0, items: 0 };
const counting = {
  send: async (command: { constructor: { name: string } }) => {
    const out = (await deps.document.send(command as never)) as { Items?: unknown[] };
    if (command.constructor.name === 'QueryCommand') {
      counted.queries++;
      counted.items += out.Items?.length ?? 0;
    }
    return out;
  },
} as unknown as DynamoDBDocumentClient;
const usersList = {
  list: async (...args: Parameters<typeof deps.users.list>) => {
    counted.queries++;
    const page = await deps.users.list(...args);
    counted.items += page.items.length;
    return page;
  },
  get: deps.users.get,
};
const taskDeps = { tasks: dynamoTaskRepository(counting, table), users: usersList };
const actorOf = (r: (typeof records)[number]): Actor => ({
  tenantId,
  userId: r.id,
  accessLevel: r.accessLevel,
  branchId: r.branchId,
  departmentId: r.departmentId,
  permissions: [],
});

const callers = Object.fromEntries(
  await Promise.all(
    Object.entries(readers).map(async ([name, r]) => [
      name,
      apiCaller(runtime, { authorization: `Bearer ${await runtime.issuer.sign(claimsForUser(r))}`, 'content-type': 'application/json' }),
    ]),
  ),
) as Record<keyof typeof readers, ReturnType<typeof apiCaller>>;

async function firstPage(who: keyof typeof readers, path: string) {
  const samples: number[] = [];
  let count = 0;
  for (let i = 0; i < SAMPLES; i++) {
    const { ms, json } = await callers[who]('GET', path);
    samples.push(ms);
    count = (json.items as unknown[]).length;
  }
  return { stats: stats(samples), count };
}
async function walk(who: keyof typeof readers, path: string) {
  const started = performance.now();
  let cursor: string | undefined;
  let tasks = 0;
  let pages = 0;
  do {
    const { json } = await callers[who]('GET', `${path}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    tasks += (json.items as unknown[]).length;
    pages++;
    cursor = json.cursor as string | undefined;
  } while (cursor);
  return { tasks, pages, ms: performance.now() - started };
}
async function cost(read: () => Promise<unknown>) {
  counted.queries = 0;
  counted.items = 0;
  await read();
  return `${counted.queries} queries, ${counted.items.toLocaleString('en')} items`;
}

const cases: Array<[keyof typeof readers, 'mine' | 'team', string]> = [
  ['level1', 'team', 'level 1, team = the 50 users (month partition as is)'],
  ['level2', 'team', 'level 2, team = branch b1, 25 users (the branch’s month stream)'],
  ['level3', 'team', 'level 3, team = department d2, 12 users (the department’s month stream)'],
  ['level4', 'mine', 'level 4 / mine, one user (own stream)'],
];
console.log('\nmonth view (limit 500) | first page p50 / p95 | tasks in page | first page cost (in process) | whole month: tasks, pages, s');
for (const [who, scope, label] of cases) {
  const path = `/v1/tasks/month?month=${MONTH}&scope=${scope}&limit=500`;
  const first = await firstPage(who, path);
  const spent = await cost(() => tasksOfMonth(taskDeps)(actorOf(readers[who]), { month: MONTH, scope }, { limit: 500 }));
  const whole = await walk(who, path);
  console.log(`${label} | ${first.stats} | ${first.count} | ${spent} | ${whole.tasks.toLocaleString('en')}, ${whole.pages}, ${(whole.ms / 1000).toFixed(1)} s`);
}
console.log('\nday view (limit 500) | first page p50 / p95 | tasks in page | cost (in process)');
for (const [who, scope, label] of cases) {
  const path = `/v1/tasks/day?date=${MONTH}-16&scope=${scope}&limit=500`;
  const first = await firstPage(who, path);
  const spent = await cost(() => tasksOfDay(taskDeps)(actorOf(readers[who]), { date: `${MONTH}-16`, scope }, { limit: 500 }));
  console.log(`${label} | ${first.stats} | ${first.count} | ${spent}`);
}

// A move: one user with MOVER_TASKS tasks (20 a day from 2025-01-01, each day's in its month's stream), moved
// from b0 / d0 to b1 / d1, re-keyed by the worker through a client that counts what it writes.
const mover = { ...records[4]!, id: 'mover', email: `mover@${tenantId}.test`, branchId: 'b0', departmentId: 'd0', accessLevel: 4 as const };
await deps.users.create(mover);
const moverTask = (n: number): Task => {
  const date = new Date(Date.UTC(2025, 0, 1) + Math.floor(n / 20) * 86_400_000).toISOString().slice(0, 10);
  return { ...taskOf(n), id: `M${String(n).padStart(8, '0')}`, assigneeId: mover.id, date, dueAt: dueInstant(date, undefined, BENCH_ZONE) };
};
const moverCounters = new Map<string, Record<string, unknown>>();
for (let n = 0; n < MOVER_TASKS; n++) {
  const t = moverTask(n);
  const month = t.date.slice(0, 7);
  const item = moverCounters.get(month) ?? {
    ...countersKey(tenantId, month, mover.id),
    tenantId,
    assigneeId: mover.id,
    month,
    ...placed(mover.id, month, mover),
  };
  const cell = `c${t.date.slice(8, 10)}${{ in_progress: 'p', open: 'o', not_attended: 'n', completed: 'c' }[t.status]}`;
  item[cell] = ((item[cell] as number | undefined) ?? 0) + 1;
  moverCounters.set(month, item);
}
const moverItems = [
  ...Array.from({ length: MOVER_TASKS }, (_, n) => taskItem(moverTask(n), { branchId: mover.branchId, departmentId: mover.departmentId })),
  ...moverCounters.values(),
];
for (let i = 0; i < moverItems.length; i += 25) {
  let pending = moverItems.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
  while (pending.length) {
    const out = (await deps.dynamoClient.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }) as never)) as {
      UnprocessedItems?: Record<string, typeof pending>;
    };
    pending = out.UnprocessedItems?.[table] ?? [];
  }
}
const stored = (await deps.users.get(tenantId, mover.id))!;
await deps.users.update({ ...stored, branchId: 'b1', departmentId: 'd1', version: stored.version + 1 }, stored);
const written = { transactions: 0, items: 0, queries: 0, read: 0, gets: 0, other: 0 };
const writeCounting = {
  send: async (command: { constructor: { name: string }; input: { TransactItems?: unknown[] } }) => {
    const out = (await deps.document.send(command as never)) as { Items?: unknown[] };
    const name = command.constructor.name;
    if (name === 'TransactWriteCommand') {
      written.transactions++;
      written.items += command.input.TransactItems?.length ?? 0;
    } else if (name === 'QueryCommand') {
      written.queries++;
      written.read += out.Items?.length ?? 0;
    } else if (name === 'GetCommand') written.gets++;
    else written.other++;
    return out;
  },
} as unknown as DynamoDBDocumentClient;
const moveStarted = performance.now();
const report = await rekeyUserTasks({ tasks: dynamoTaskRepository(writeCounting, table), clock: deps.clock })(tenantId, mover.id);
const moveMs = performance.now() - moveStarted;
console.log(
  `\nmove of a user with ${MOVER_TASKS.toLocaleString('en')} tasks over ${moverCounters.size} months (b0/d0 → b1/d1), re-keyed in one run: ` +
    `${(moveMs / 1000).toFixed(1)} s (${Math.round(report.rekeyed / (moveMs / 1000))} tasks/s); ${report.rekeyed.toLocaleString('en')} tasks and ` +
    `${report.counters} counters-item updates re-keyed; ${written.transactions.toLocaleString('en')} transactions of ${written.items.toLocaleString('en')} items ` +
    `(each: the task's keys or a counters item + the user's units check); ${written.queries} queries reading ${written.read.toLocaleString('en')} items ` +
    `(two passes), ${written.gets} item reads (the user per page, counters items), ${written.other} job writes`,
);
await runtime.stop();
