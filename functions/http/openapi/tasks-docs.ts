import type { OperationDoc } from './operations.ts';
import { sample } from './samples.ts';

/** What the document says about the task operations (spread into operations.ts). */

const { client, user, otherUser, branch, department, tenant, at, later } = sample;
const cursor = 'AVx2kP9qTnW3c1u8yZbLr5sHf0eJ4gQmOa7dIvXt6KpCwE2NnRy';
const taskInput = {
  type: 'call' as const,
  title: 'Llamar por la factura 1024',
  clientId: client.id,
  assigneeId: otherUser.id,
  date: '2026-03-10',
  time: '10:30',
  colour: 'orange',
  notes: 'Confirmar la transferencia prometida para el viernes.',
};
const task = {
  id: '01JNF4C6E8G0J2L4N6Q8S0U2W4',
  tenantId: tenant.id,
  ...taskInput,
  client: { name: client.name, ...(client.address ? { address: client.address } : {}), ...(client.city ? { city: client.city } : {}) },
  dueAt: '2026-03-10T13:30:00.000Z',
  status: 'open' as const,
  version: 1,
  createdAt: at,
  createdBy: user.id,
  updatedAt: at,
  updatedBy: user.id,
  assignee: { id: otherUser.id, name: otherUser.name, branchId: branch.id, departmentId: department.id },
};
const visit = {
  ...task,
  id: '01JNF5D7F9H1K3M5P7R9T1V3X5',
  type: 'visit' as const,
  title: 'Visita: retirar cheque',
  time: undefined,
  dueAt: '2026-03-11T03:00:00.000Z',
  colour: '#1F7A4D',
  status: 'in_progress' as const,
  version: 2,
  updatedAt: later,
};
const { time: _omit, ...allDay } = visit;

const levels =
  '\n\nWho sees a task follows its **assignee’s current** units, as notes follow their author’s (seed 003’s levels): **level 1** every task of the company, **2** the tasks of users now in your branch, **3** now in your department, **4** your own. Moving a user moves every task assigned to them at once (nothing is rewritten). A task you may not see answers 404, as another company’s.';
const paged = '\n\nPaged: `limit` and the `cursor` of the previous page (sealed, valid for 1 hour, only for you, this route and this query).';
const ifMatch = '\n\nSend the `ETag` of your last read in `If-Match`.';

export const taskDocs = {
  createTask: {
    description: `Creates an open task (seed 004 "Crear tarea"): \`type\` (\`task\`, \`call\`, \`meeting\`, \`visit\`), \`title\`, optionally a \`clientId\` (a client you can see: its name and address are copied from the profile now, as the form fills them), the assignee (you when absent; otherwise an active user within your level’s reach), the \`date\` of your company’s calendar and a local \`time\` (\`HH:MM\`; absent = all day), \`colour\` (a palette name — blue, green, red, orange, yellow, purple, grey — or \`#rrggbb\`) and \`notes\`. \`dueAt\` is when its time passes in your company’s time zone (end of the day when all day): an open task still open then is marked **not attended** by a job that runs every 15 minutes.${levels}\n\nSend an \`Idempotency-Key\` to retry safely.`,
    request: taskInput,
    response: task,
  },
  listDayTasks: {
    description: `Day view (seed 004 "diaria"): the tasks of one date, in the seed’s status order — in progress, open, not attended, completed — then by time (all-day tasks first). \`scope=mine\` (default) your tasks; \`scope=team\` what your level lets you see.${levels}\n\nServed by one key-range query: your own calendar, or at \`team\` the company’s month partition (level 1 reads only what it returns; levels 2–3 also read, and drop, the tasks of users out of reach; a page may then come short with a \`cursor\`).${paged}`,
    response: { date: '2026-03-10', scope: 'team', items: [allDay, task], cursor },
  },
  listMonthTasks: {
    description: `Month view (seed 004 "mensual"): \`days\` gives every day of the month with its tasks per status and in total, and \`items\` the month’s tasks in day view order (page by page; \`days\` comes with the first page only). A task counts on its own date of your company’s calendar (a task at 23:30 on the 31st is in that month). \`scope\` as in the day view.${levels}\n\nCost: the counts are one query of the month’s counters (one item per user with tasks that month, kept in the same transaction as every task write), the tasks one key-range query per page: for a team of 50 users, two queries for the first page.${paged}`,
    response: {
      month: '2026-03',
      scope: 'team',
      days: [
        { date: '2026-03-10', in_progress: 0, open: 1, not_attended: 0, completed: 0, total: 1 },
        { date: '2026-03-11', in_progress: 1, open: 0, not_attended: 0, completed: 0, total: 1 },
      ],
      items: [task, allDay],
      cursor,
    },
  },
  getTask: {
    description: `A task you may see, with its earlier versions (every edit and status change keeps the version it replaced).${levels}`,
    response: { ...allDay, history: [{ ...allDay, status: 'open', version: 1, updatedAt: at, assignee: undefined }] },
  },
  updateTask: {
    description: `Edits a task (seed 004 "Editar"): any field but the client; \`time: null\` makes it all day, \`notes: null\` removes them; \`status\` \`in_progress\` starts it and \`open\` puts it back (also a task not attended). A new date or time moves \`dueAt\`: an open task moved to a later time waits again. A completed task is closed: 409 \`task_completed\`. A new assignee must be an active user within your reach.${ifMatch}`,
    request: { time: '16:00', status: 'in_progress' },
    response: { ...task, time: '16:00', dueAt: '2026-03-10T19:00:00.000Z', status: 'in_progress', version: 2, updatedAt: later },
  },
  completeTask: {
    description: `Completes a task (seed 004 "Completar") from any other status, recording who and when. Completing a completed task changes nothing.${ifMatch}`,
    response: { ...task, status: 'completed', completedAt: later, completedBy: otherUser.id, version: 2, updatedAt: later, updatedBy: otherUser.id },
  },
  markTaskNotAttended: {
    description: `Marks an open or started task as not attended (seed 004 "Marcar como no atendida"); the scheduled job does the same for open tasks whose time has passed. A completed task is closed: 409 \`task_completed\`. A task already not attended is returned as it is.${ifMatch}`,
    response: { ...task, status: 'not_attended', version: 2, updatedAt: later },
  },
  copyTask: {
    description:
      'Copies a task (seed 004 "Copiar"): a new open task with the same type, title, client (as copied then), assignee, time, colour and notes, on `date` (and `time`; `null` = all day) when given. The assignee must still be an active user within your reach.\n\nSend an `Idempotency-Key` to retry safely.',
    request: { date: '2026-03-17' },
    response: { ...task, id: '01JNF6E8G0J2L4N6Q8S0U2W4Y6', date: '2026-03-17', dueAt: '2026-03-17T13:30:00.000Z', copiedFrom: task.id },
  },
  listClientTasks: {
    description: `The client’s tasks tab (seed 004 "Tareas"): the tasks on a client you can see, newest date first (one key-range query of the client’s tasks; those of users out of your reach are left out). A client outside your reach is a 404.${levels}${paged}`,
    response: { items: [allDay, task], cursor },
  },
} satisfies Record<string, OperationDoc>;
