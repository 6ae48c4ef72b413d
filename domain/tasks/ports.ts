import type { Task, TaskStatus } from './task.schema.ts';

/**
 * Which index partition a task stream reads (docs/data-model.md, "Tasks"): one assignee's tasks by date,
 * the tenant's tasks of one month by date, or one client's tasks. The first two sort by
 * `<date>#<status rank>#<time or ->#<id>` (a day's tasks in seed 004's order), the client's by
 * `<date>#<time or ->#<id>`.
 */
export type TaskStream = { kind: 'assignee'; assigneeId: string } | { kind: 'month'; month: string } | { kind: 'client'; clientId: string };

/** A key range of a stream, both ends inclusive. */
export interface TaskRange {
  lo: string;
  hi: string;
}

export interface TaskReadPage {
  limit: number;
  /** The position the previous page ended on (exclusive). */
  after?: string | undefined;
  descending?: boolean | undefined;
  /** Which tasks the caller may see; the others are read and dropped (counted in `read`). */
  keep?: ((task: Task) => boolean) | undefined;
  /** Items read at most before a short page is answered with a cursor. */
  maxRead?: number | undefined;
}

/** One counter cell of the month counts: tasks of an assignee on a date in a status. */
export interface TaskCountCell {
  assigneeId: string;
  date: string;
  status: TaskStatus;
  count: number;
}

export interface TaskRepository {
  /** Fails with `conflict` (existingId = the id) when the task exists. Keeps the month counts in the same transaction. */
  create(task: Task): Promise<void>;
  /** Consistent read. */
  get(tenantId: string, id: string): Promise<Task | undefined>;
  /** Puts `next` if the stored version is still `previous.version`, keeps `previous` in the history and moves the counts; false otherwise. */
  update(next: Task, previous: Task): Promise<boolean>;
  /** Earlier versions, newest first. */
  history(tenantId: string, id: string): Promise<Task[]>;
  /** Tasks of a stream within `range`, in key order; `after` when more may follow, `read` = items read. */
  read(tenantId: string, stream: TaskStream, range: TaskRange, page: TaskReadPage): Promise<{ items: Task[]; after?: string | undefined; read: number }>;
  /** The month's counters of every assignee of the tenant (one partition: one cell per assignee, date and status). */
  monthCounts(tenantId: string, month: string): Promise<TaskCountCell[]>;
  /** Open tasks of any tenant whose `dueAt` ≤ `now`, oldest first, at most `limit` (the sharded due index). */
  due(now: string, limit: number): Promise<Array<{ tenantId: string; id: string; dueAt: string }>>;
}
