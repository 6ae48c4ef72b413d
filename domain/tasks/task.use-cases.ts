import type { ClientRepository } from '../clients/ports.ts';
import { assertVisible } from '../clients/client-scope.ts';
import { type Author, seesAuthor, tenantAuthors, visibleAuthors } from '../notes/note-visibility.ts';
import type { Actor } from '../shared/actor.ts';
import { createOnce } from '../shared/create-once.ts';
import { invalidFields, invalidState, notFound, versionMismatch } from '../shared/errors.ts';
import type { Clock, IdGenerator } from '../shared/ports.ts';
import { assertVersion, changesNothing, type ExpectedVersion } from '../shared/versions.ts';
import type { TenantRepository, UserRepository } from '../workspace/ports.ts';
import type { AssigneeUnits, TaskRepository } from './ports.ts';
import { datesOfMonth, dueInstant, monthOf } from './task-dates.ts';
import { calendarSource, dayRange, monthRange, type TaskScope } from './task-visibility.ts';
import type { NewTask, Task, TaskCopy, TaskCounts, TaskPatch } from './task.schema.ts';

export interface TaskDeps {
  tasks: TaskRepository;
  clients: Pick<ClientRepository, 'get'>;
  users: Pick<UserRepository, 'get' | 'list'>;
  tenants: Pick<TenantRepository, 'get'>;
  clock: Clock;
}

/** A task as readers get it: with its assignee's name and current units (what its visibility follows). */
export type TaskView = Task & { assignee: { id: string; name?: string | undefined; branchId?: string | undefined; departmentId?: string | undefined } };

/** Items a filtered calendar read looks at, at most, before it answers a short page with a cursor. */
export const TASK_MAX_READ = 2000;

const view = (task: Task, assignee: Author | undefined): TaskView => ({
  ...task,
  assignee: strip({ id: task.assigneeId, name: assignee?.name, branchId: assignee?.branchId, departmentId: assignee?.departmentId }),
});
const unitsOf = (user: Author): AssigneeUnits => ({ branchId: user.branchId, departmentId: user.departmentId });
const strip = <T extends object>(value: T): T => Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
const timeZoneOf = async (deps: Pick<TaskDeps, 'tenants'>, tenantId: string) => (await deps.tenants.get(tenantId))?.timeZone ?? 'UTC';

/** The assignee must be an active user of the tenant the caller may see (the same reach as reading their tasks). */
async function assigneeFor(deps: Pick<TaskDeps, 'users'>, actor: Actor, assigneeId: string, pointer: string): Promise<Author> {
  const user = await deps.users.get(actor.tenantId, assigneeId);
  if (!user || !seesAuthor(actor, user, assigneeId)) {
    throw invalidFields('unknown assignee', [{ pointer, code: 'unknown_reference', params: { entity: 'user', id: assigneeId } }]);
  }
  if (user.status === 'inactive') {
    throw invalidFields('inactive assignee', [
      { pointer, code: 'unknown_reference', params: { entity: 'user', id: assigneeId, name: user.name, status: 'inactive' } },
    ]);
  }
  return user;
}

/**
 * A new open task as the caller asks for it, not yet written: the assignee checked, the client's name and
 * address copied from its profile (seed 004: "cargado automáticamente"), the due instant from the tenant's
 * time zone. The note → task seam writes it in the note's own transaction.
 */
export const prepareTask =
  (deps: Pick<TaskDeps, 'users' | 'clients' | 'tenants'>) =>
  async (
    actor: Actor,
    input: Pick<NewTask, 'type' | 'title' | 'date' | 'time' | 'colour' | 'notes' | 'clientId' | 'assigneeId'>,
    id: string,
    now: Date,
    extra: { noteId?: string; pointer?: string } = {},
  ): Promise<{ task: Task; assignee: Author }> => {
    const assigneeId = input.assigneeId ?? actor.userId;
    const [assignee, client, timeZone] = await Promise.all([
      assigneeFor(deps, actor, assigneeId, `${extra.pointer ?? ''}/assigneeId`),
      input.clientId ? deps.clients.get(actor.tenantId, input.clientId) : undefined,
      timeZoneOf(deps, actor.tenantId),
    ]);
    if (input.clientId) assertVisible(actor, client, input.clientId);
    const at = now.toISOString();
    const task: Task = strip({
      id,
      tenantId: actor.tenantId,
      type: input.type,
      title: input.title,
      clientId: input.clientId,
      client: client && strip({ name: client.name, address: client.address, city: client.city }),
      assigneeId,
      date: input.date,
      time: input.time,
      dueAt: dueInstant(input.date, input.time, timeZone),
      colour: input.colour,
      notes: input.notes || undefined,
      status: 'open' as const,
      noteId: extra.noteId,
      version: 1,
      createdAt: at,
      createdBy: actor.userId,
      updatedAt: at,
      updatedBy: actor.userId,
    });
    return { task, assignee };
  };

export const createTask =
  (deps: TaskDeps & { ids: IdGenerator }) =>
  async (actor: Actor, input: NewTask): Promise<TaskView> => {
    const { task, assignee } = await prepareTask(deps)(actor, input, deps.ids.next(), deps.clock.now());
    const stored = await createOnce(
      task,
      () => deps.tasks.create(task, unitsOf(assignee)),
      () => deps.tasks.get(actor.tenantId, task.id),
    );
    return view(stored, assignee);
  };

/** A task the caller may see (by its assignee's current units), or 404 as for another tenant's. */
async function visibleTask(deps: Pick<TaskDeps, 'tasks' | 'users'>, actor: Actor, id: string): Promise<{ task: Task; assignee: Author | undefined }> {
  const task = await deps.tasks.get(actor.tenantId, id);
  if (!task || task.tenantId !== actor.tenantId) throw notFound('task', id);
  const assignee = await deps.users.get(actor.tenantId, task.assigneeId);
  if (!seesAuthor(actor, assignee, task.assigneeId)) throw notFound('task', id);
  return { task, assignee };
}

export const getTask =
  (deps: Pick<TaskDeps, 'tasks' | 'users'>) =>
  async (actor: Actor, id: string): Promise<TaskView & { history: Task[] }> => {
    const { task, assignee } = await visibleTask(deps, actor, id);
    return { ...view(task, assignee), history: await deps.tasks.history(actor.tenantId, id) };
  };

/** Writes `next` over `task` unless it changes nothing; a concurrent change is a 412. */
async function save(deps: Pick<TaskDeps, 'tasks'>, task: Task, next: Task, assignee: Author | undefined): Promise<TaskView> {
  if (changesNothing(task, next)) return view(task, assignee);
  // The units of the assignee as read (the write checks them and reads them again if they moved).
  if (!(await deps.tasks.update(next, task, next.assigneeId === assignee?.id ? unitsOf(assignee) : undefined))) throw versionMismatch('task', task.id);
  return view(next, assignee);
}

const bump = (task: Task, actor: Actor, now: Date): Task => ({ ...task, version: task.version + 1, updatedAt: now.toISOString(), updatedBy: actor.userId });

/** Edit (seed 004 "Editar"): any field but the client; a completed task is closed. A new date or time moves its due instant. */
export const editTask =
  (deps: TaskDeps) =>
  async (actor: Actor, id: string, patch: TaskPatch, expected: ExpectedVersion): Promise<TaskView> => {
    const { task, assignee } = await visibleTask(deps, actor, id);
    if (task.status === 'completed') throw invalidState('task_completed');
    assertVersion('task', id, task.version, expected);
    const next = bump(task, actor, deps.clock.now());
    let nextAssignee = assignee;
    if (patch.type !== undefined) next.type = patch.type;
    if (patch.title !== undefined) next.title = patch.title;
    if (patch.colour !== undefined) next.colour = patch.colour;
    if (patch.notes === null || patch.notes === '') delete next.notes;
    else if (patch.notes !== undefined) next.notes = patch.notes;
    if (patch.status !== undefined) next.status = patch.status;
    if (patch.assigneeId !== undefined && patch.assigneeId !== task.assigneeId) nextAssignee = await assigneeFor(deps, actor, patch.assigneeId, '/assigneeId');
    if (patch.assigneeId !== undefined) next.assigneeId = patch.assigneeId;
    if (patch.date !== undefined) next.date = patch.date;
    if (patch.time === null) delete next.time;
    else if (patch.time !== undefined) next.time = patch.time;
    if (next.date !== task.date || next.time !== task.time) next.dueAt = dueInstant(next.date, next.time, await timeZoneOf(deps, actor.tenantId));
    return save(deps, task, next, nextAssignee);
  };

/** Complete (seed 004 "Completar"): from any other status; completing a completed task changes nothing. */
export const completeTask =
  (deps: TaskDeps) =>
  async (actor: Actor, id: string, expected: ExpectedVersion): Promise<TaskView> => {
    const { task, assignee } = await visibleTask(deps, actor, id);
    if (task.status === 'completed') return view(task, assignee);
    assertVersion('task', id, task.version, expected);
    const now = deps.clock.now();
    return save(deps, task, { ...bump(task, actor, now), status: 'completed', completedAt: now.toISOString(), completedBy: actor.userId }, assignee);
  };

/** Mark as not attended (seed 004 "Marcar como no atendida"): an open or started task; a completed one is closed. */
export const markTaskNotAttended =
  (deps: TaskDeps) =>
  async (actor: Actor, id: string, expected: ExpectedVersion): Promise<TaskView> => {
    const { task, assignee } = await visibleTask(deps, actor, id);
    if (task.status === 'completed') throw invalidState('task_completed');
    if (task.status === 'not_attended') return view(task, assignee);
    assertVersion('task', id, task.version, expected);
    return save(deps, task, { ...bump(task, actor, deps.clock.now()), status: 'not_attended' }, assignee);
  };

/** Copy (seed 004 "Copiar"): a new open task with the same fields (client as copied then), on another date if given. */
export const copyTask =
  (deps: TaskDeps & { ids: IdGenerator }) =>
  async (actor: Actor, id: string, body: TaskCopy): Promise<TaskView> => {
    const { task } = await visibleTask(deps, actor, id);
    const assignee = await assigneeFor(deps, actor, task.assigneeId, '/assigneeId');
    const date = body.date ?? task.date;
    const time = body.time === null ? undefined : (body.time ?? task.time);
    const now = deps.clock.now().toISOString();
    const copy: Task = strip({
      ...task,
      id: deps.ids.next(),
      date,
      time,
      dueAt: dueInstant(date, time, await timeZoneOf(deps, actor.tenantId)),
      status: 'open' as const,
      noteId: undefined,
      copiedFrom: task.id,
      completedAt: undefined,
      completedBy: undefined,
      version: 1,
      createdAt: now,
      createdBy: actor.userId,
      updatedAt: now,
      updatedBy: actor.userId,
    });
    const stored = await createOnce(
      copy,
      () => deps.tasks.create(copy, unitsOf(assignee)),
      () => deps.tasks.get(actor.tenantId, copy.id),
    );
    return view(stored, assignee);
  };

export interface CalendarPage {
  items: TaskView[];
  cursor?: string | undefined;
}

/** Day view (seed 004 "diaria"): the tasks of a date, in status order (in progress, open, not attended, completed), then by time (all day first). */
export const tasksOfDay =
  (deps: Pick<TaskDeps, 'tasks' | 'users'>) =>
  async (actor: Actor, query: { date: string; scope: TaskScope }, page: { limit: number; cursor?: string | undefined }): Promise<CalendarPage> => {
    const authors = await tenantAuthors(deps.users, actor.tenantId);
    const source = calendarSource(actor, query.scope, authors);
    const result = await deps.tasks.read(actor.tenantId, source.stream(monthOf(query.date)), dayRange(query.date), {
      limit: page.limit,
      after: page.cursor,
      keep: source.keep,
      maxRead: TASK_MAX_READ,
    });
    return { items: result.items.map((t) => view(t, authors.get(t.assigneeId))), cursor: result.after };
  };

const emptyCounts = (): TaskCounts => ({ in_progress: 0, open: 0, not_attended: 0, completed: 0, total: 0 });

/**
 * Month view (seed 004 "mensual"): every day's counts per status from the month's counters (one read: the
 * tenant's partition, the unit's index partition or one's own item, kept to the assignees in reach), and
 * the month's tasks in day view order, paged.
 */
export const tasksOfMonth =
  (deps: Pick<TaskDeps, 'tasks' | 'users'>) =>
  async (
    actor: Actor,
    query: { month: string; scope: TaskScope },
    page: { limit: number; cursor?: string | undefined },
  ): Promise<CalendarPage & { days: Array<TaskCounts & { date: string }> }> => {
    const authors = await tenantAuthors(deps.users, actor.tenantId);
    const source = calendarSource(actor, query.scope, authors);
    const [cells, result] = await Promise.all([
      page.cursor ? undefined : deps.tasks.monthCounts(actor.tenantId, query.month, source.counts),
      deps.tasks.read(actor.tenantId, source.stream(query.month), monthRange(query.month), {
        limit: page.limit,
        after: page.cursor,
        keep: source.keep,
        maxRead: TASK_MAX_READ,
      }),
    ]);
    const byDate = new Map(datesOfMonth(query.month).map((date) => [date, emptyCounts()]));
    for (const cell of cells ?? []) {
      if (source.assignees && !source.assignees.has(cell.assigneeId)) continue;
      const counts = byDate.get(cell.date);
      if (!counts || cell.count <= 0) continue;
      counts[cell.status] += cell.count;
      counts.total += cell.count;
    }
    return {
      // Counts come with the first page only: later pages carry the tasks that follow.
      days: cells ? [...byDate].map(([date, counts]) => ({ date, ...counts })) : [],
      items: result.items.map((t) => view(t, authors.get(t.assigneeId))),
      cursor: result.after,
    };
  };

/** The client's tasks tab (seed 004 "Tareas"): the tasks on a client the caller may see, newest date first. */
export const listClientTasks =
  (deps: Pick<TaskDeps, 'tasks' | 'users' | 'clients'>) =>
  async (actor: Actor, clientId: string, page: { limit: number; cursor?: string | undefined }): Promise<CalendarPage> => {
    assertVisible(actor, await deps.clients.get(actor.tenantId, clientId), clientId);
    const authors = await tenantAuthors(deps.users, actor.tenantId);
    const visible = visibleAuthors(actor, authors);
    const ids = visible.kind === 'some' ? new Set([...visible.ids, actor.userId]) : undefined;
    const result = await deps.tasks.read(
      actor.tenantId,
      { kind: 'client', clientId },
      { lo: '', hi: '~' },
      { limit: page.limit, after: page.cursor, descending: true, keep: ids && ((t) => ids.has(t.assigneeId)), maxRead: TASK_MAX_READ },
    );
    return { items: result.items.map((t) => view(t, authors.get(t.assigneeId))), cursor: result.after };
  };
