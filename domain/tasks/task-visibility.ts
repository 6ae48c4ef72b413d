import type { Actor } from '../shared/actor.ts';
import { type Author, visibleAuthors } from '../notes/note-visibility.ts';
import type { TaskRange, TaskStream } from './ports.ts';
import type { Task } from './task.schema.ts';

/**
 * Tasks are seen by their **assignee's current** units, as notes by their author's (seed 003's levels,
 * domain/notes/note-visibility.ts): level 1 every task, 2 the tasks of assignees now in the caller's
 * branch, 3 in the caller's department, 4 one's own. Moving a user moves the visibility of every task
 * assigned to them; no task is rewritten.
 */
export type TaskScope = 'mine' | 'team';

/** The stream a calendar read uses, and which of its tasks the caller keeps. */
export interface CalendarSource {
  stream: (month: string) => TaskStream;
  keep?: ((task: Task) => boolean) | undefined;
  /** The assignees whose counts the month view adds up (`undefined` = every assignee). */
  assignees?: ReadonlySet<string> | undefined;
}

/**
 * `mine`: the caller's own stream (one key range). `team`: level 1 the tenant's month stream as it is;
 * levels 2–3 the same stream kept to the assignees now in the caller's unit (one query reads the
 * tenant's month in order; the cost is the tenant's tasks of the range, decision "Tasks calendar");
 * a caller who sees only themself reads their own stream.
 */
export function calendarSource(actor: Actor, scope: TaskScope, authors: ReadonlyMap<string, Author>): CalendarSource {
  const own: CalendarSource = { stream: () => ({ kind: 'assignee', assigneeId: actor.userId }), assignees: new Set([actor.userId]) };
  if (scope === 'mine') return own;
  const visible = visibleAuthors(actor, authors);
  if (visible.kind === 'all') return { stream: (month) => ({ kind: 'month', month }) };
  const ids = new Set(visible.ids);
  ids.add(actor.userId);
  if (ids.size === 1) return own;
  return { stream: (month) => ({ kind: 'month', month }), keep: (t) => ids.has(t.assigneeId), assignees: ids };
}

/** The positions of one day, and of one month, in the assignee and month streams. */
export const dayRange = (date: string): TaskRange => ({ lo: `${date}#`, hi: `${date}#~` });
export const monthRange = (month: string): TaskRange => ({ lo: `${month}-`, hi: `${month}-~` });
