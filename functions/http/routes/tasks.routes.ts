import * as z from 'zod';
import { PlainDate } from '../../../domain/receivables/local-date.ts';
import { NewTask, Task, TaskCopy, TaskCounts, TaskPatch } from '../../../domain/tasks/task.schema.ts';
import { anyLevel, Id, paginationQuery, type RouteSpec } from '../route-spec.ts';
import { addFeatureWordings } from '../messages/feature-wordings.ts';
import { tasksStateReasons } from '../messages/tasks-reasons.ts';

const tag = 'Tasks';

export const TaskItem = Task.extend({
  assignee: z
    .object({
      id: z.string(),
      name: z.string().optional(),
      branchId: z.string().optional().describe('The assignee’s current branch'),
      departmentId: z.string().optional().describe('The assignee’s current department'),
    })
    .describe('Who does it, with the units the task’s visibility follows'),
}).meta({ id: 'Task', description: 'A task of the calendar (seed 004): type, title, client, assignee, date and time, colour, status' });

const TaskWithHistory = TaskItem.extend({ history: z.array(Task).describe('Earlier versions, newest first') });

const scope = z
  .enum(['mine', 'team'])
  .default('mine')
  .describe(
    '`mine`: tasks assigned to you; `team`: the tasks your level lets you see (1 the company, 2 your branch, 3 your department, 4 your own), by the assignee’s current units (a moved user’s tasks join the new unit’s calendar as they are re-keyed, usually within the move’s request)',
  );

/** A calendar page is larger than a list page: a busy day holds tens of tasks per person. */
const calendarLimit = z.coerce.number().int().min(1).max(500).default(100).describe('Tasks per page (1–500)');

export const Month = z
  .string()
  .length(7)
  .regex(/^(19|[2-9]\d)\d\d-(0[1-9]|1[0-2])$/)
  .describe('A month of your company’s calendar, `YYYY-MM`');

const calendarPage = z.object({
  items: z.array(TaskItem),
  cursor: z.string().optional().describe('Pass as `cursor` for the next page (same query; valid for 1 hour)'),
});
const DayCounts = TaskCounts.extend({ date: z.string() });

addFeatureWordings({ invalidState: tasksStateReasons });

export const taskRoutes = [
  {
    operationId: 'createTask',
    requires: anyLevel,
    method: 'POST',
    path: '/v1/tasks',
    summary: 'Create a task (for you or a user in your reach)',
    tag,
    body: NewTask,
    idempotent: true,
    success: { status: 201, description: 'The task', schema: TaskItem },
  },
  {
    operationId: 'listDayTasks',
    requires: anyLevel,
    method: 'GET',
    path: '/v1/tasks/day',
    summary: 'Day view: the tasks of a date, by status then time',
    tag,
    query: z.strictObject({ date: PlainDate.describe('The day, `YYYY-MM-DD`'), scope, limit: calendarLimit, cursor: paginationQuery.cursor }),
    success: { status: 200, description: 'A page of the day’s tasks', schema: calendarPage.extend({ date: z.string(), scope: z.string() }) },
  },
  {
    operationId: 'listMonthTasks',
    requires: anyLevel,
    method: 'GET',
    path: '/v1/tasks/month',
    summary: 'Month view: per-day counts and the month’s tasks',
    tag,
    query: z.strictObject({ month: Month, scope, limit: calendarLimit, cursor: paginationQuery.cursor }),
    success: {
      status: 200,
      description: 'The month’s counts (first page) and a page of its tasks',
      schema: calendarPage.extend({
        month: z.string(),
        scope: z.string(),
        days: z.array(DayCounts).describe('Every day of the month with its tasks per status (first page only; empty on later pages)'),
      }),
    },
  },
  {
    operationId: 'getTask',
    requires: anyLevel,
    method: 'GET',
    path: '/v1/tasks/{taskId}',
    summary: 'A task with its history',
    tag,
    params: z.strictObject({ taskId: Id }),
    success: { status: 200, description: 'The task and its earlier versions', schema: TaskWithHistory },
  },
  {
    operationId: 'updateTask',
    requires: anyLevel,
    method: 'PATCH',
    path: '/v1/tasks/{taskId}',
    summary: 'Edit a task',
    tag,
    params: z.strictObject({ taskId: Id }),
    body: TaskPatch,
    conditional: true,
    success: { status: 200, description: 'The task', schema: TaskItem },
  },
  {
    operationId: 'completeTask',
    requires: anyLevel,
    method: 'POST',
    path: '/v1/tasks/{taskId}/complete',
    summary: 'Complete a task',
    tag,
    params: z.strictObject({ taskId: Id }),
    conditional: true,
    success: { status: 200, description: 'The task, completed', schema: TaskItem },
  },
  {
    operationId: 'markTaskNotAttended',
    requires: anyLevel,
    method: 'POST',
    path: '/v1/tasks/{taskId}/not-attended',
    summary: 'Mark a task as not attended',
    tag,
    params: z.strictObject({ taskId: Id }),
    conditional: true,
    success: { status: 200, description: 'The task, not attended', schema: TaskItem },
  },
  {
    operationId: 'copyTask',
    requires: anyLevel,
    method: 'POST',
    path: '/v1/tasks/{taskId}/copy',
    summary: 'Copy a task (optionally to another date)',
    tag,
    params: z.strictObject({ taskId: Id }),
    body: TaskCopy,
    idempotent: true,
    success: { status: 201, description: 'The new task', schema: TaskItem },
  },
  {
    operationId: 'listClientTasks',
    requires: anyLevel,
    method: 'GET',
    path: '/v1/clients/{clientId}/tasks',
    summary: 'The tasks of a client you may see, newest date first',
    tag,
    params: z.strictObject({ clientId: Id }),
    query: z.strictObject({ ...paginationQuery }),
    success: { status: 200, description: 'A page of the client’s tasks', schema: calendarPage },
  },
] as const satisfies readonly RouteSpec[];
