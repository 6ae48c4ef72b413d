import type { Actor } from '../shared/actor.ts';
import { type Author, visibleAuthors } from '../notes/note-visibility.ts';
import type { CountSource, TaskRange, TaskStream } from './ports.ts';
import type { Task } from './task.schema.ts';

/**
 * Tasks are seen by their **assignee's current** units, as notes by their author's (seed 003's levels,
 * domain/notes/note-visibility.ts): level 1 every task, 2 the tasks of assignees now in the caller's
 * branch, 3 in the caller's department, 4 one's own. A task is also keyed under its assignee's units
 * (a branch and a department month stream) so a team calendar is one query; moving a user re-keys their
 * tasks through a worker (task-rekey.use-case.ts), and until it has passed a task the old unit's stream
 * drops it (its assignee is no longer there) and the new unit's does not have it yet.
 */
export type TaskScope = 'mine' | 'team';

/** The stream a calendar read uses, and which of its tasks the caller keeps. */
export interface CalendarSource {
  stream: (month: string) => TaskStream;
  keep?: ((task: Task) => boolean) | undefined;
  /** The assignees whose counts the month view adds up (`undefined` = every assignee). */
  assignees?: ReadonlySet<string> | undefined;
  /** Whose counters items the month view reads. */
  counts: CountSource;
}

/**
 * `mine`: the caller's own stream (one key range). `team`: level 1 the tenant's month stream as it is;
 * level 2 the branch's month stream, level 3 the department's (one query each), kept to the assignees now
 * in the unit (a moved user's tasks not yet re-keyed are read and dropped); a caller who sees only
 * themself (level 4, or level 2/3 without a unit) reads their own stream.
 */
export function calendarSource(actor: Actor, scope: TaskScope, authors: ReadonlyMap<string, Author>): CalendarSource {
  const own: CalendarSource = {
    stream: () => ({ kind: 'assignee', assigneeId: actor.userId }),
    assignees: new Set([actor.userId]),
    counts: { kind: 'assignee', assigneeId: actor.userId },
  };
  if (scope === 'mine') return own;
  const visible = visibleAuthors(actor, authors);
  if (visible.kind === 'all') return { stream: (month) => ({ kind: 'month', month }), counts: { kind: 'tenant' } };
  const ids = new Set(visible.ids);
  ids.add(actor.userId);
  const keep = (t: Task) => ids.has(t.assigneeId);
  if (actor.accessLevel === 2 && actor.branchId) {
    const branchId = actor.branchId;
    return { stream: (month) => ({ kind: 'branch', branchId, month }), keep, assignees: ids, counts: { kind: 'branch', branchId } };
  }
  if (actor.accessLevel === 3 && actor.departmentId) {
    const departmentId = actor.departmentId;
    return { stream: (month) => ({ kind: 'department', departmentId, month }), keep, assignees: ids, counts: { kind: 'department', departmentId } };
  }
  return own;
}

/** The positions of one day, and of one month, in the assignee and month streams. */
export const dayRange = (date: string): TaskRange => ({ lo: `${date}#`, hi: `${date}#~` });
export const monthRange = (month: string): TaskRange => ({ lo: `${month}-`, hi: `${month}-~` });
