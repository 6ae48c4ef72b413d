import type { Task, TaskStatus } from './task.schema.ts';

/**
 * Which index partition a task stream reads (docs/data-model.md, "Tasks"): one assignee's tasks by date,
 * the tenant's tasks of one month, one branch's or department's tasks of one month (by the units the
 * assignee's tasks are keyed under), or one client's tasks. All but the client's sort by
 * `<date>#<status rank>#<time or ->#<id>` (a day's tasks in seed 004's order), the client's by
 * `<date>#<time or ->#<id>`.
 */
export type TaskStream =
  | { kind: 'assignee'; assigneeId: string }
  | { kind: 'month'; month: string }
  | { kind: 'branch'; branchId: string; month: string }
  | { kind: 'department'; departmentId: string; month: string }
  | { kind: 'client'; clientId: string };

/** The units a task is keyed under: its assignee's branch and department (either may be absent). */
export interface AssigneeUnits {
  branchId?: string | undefined;
  departmentId?: string | undefined;
}

/** Whose month counters a month view adds up: the tenant's, one assignee's, or one unit's assignees'. */
export type CountSource =
  | { kind: 'tenant' }
  | { kind: 'assignee'; assigneeId: string }
  | { kind: 'branch'; branchId: string }
  | { kind: 'department'; departmentId: string };

/** A pending re-key of one user's tasks into their current units (queued by a move, drained by the worker). */
export interface RekeyJob {
  tenantId: string;
  userId: string;
  /** When the move queued it: a later move re-queues (the worker's progress then starts over). */
  queuedAt: string;
  /** The assignee-stream position the worker got to (exclusive). */
  after?: string | undefined;
}

/** What one page of a re-key did. */
export interface RekeyPage {
  /** Tasks read from the assignee's stream. */
  read: number;
  /** Tasks whose unit keys were rewritten. */
  rekeyed: number;
  /** Months whose counters were re-keyed. */
  counters: number;
  /** The position to go on from, or undefined at the end of the stream. */
  after?: string | undefined;
  /** The user moved again (or is gone) while the page ran: start over with the units now current. */
  moved: boolean;
}

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
  create(task: Task, units?: AssigneeUnits): Promise<void>;
  /** Consistent read. */
  get(tenantId: string, id: string): Promise<Task | undefined>;
  /**
   * Puts `next` if the stored version is still `previous.version`, keeps `previous` in the history and moves the counts; false otherwise.
   * `units` are the units of `next`'s assignee as the caller read them (read here when absent); every task write checks them against
   * the user's record in its transaction and, when the user moved in between, reads them again and retries.
   */
  update(next: Task, previous: Task, units?: AssigneeUnits): Promise<boolean>;
  /** Earlier versions, newest first. */
  history(tenantId: string, id: string): Promise<Task[]>;
  /** Tasks of a stream within `range`, in key order; `after` when more may follow, `read` = items read. */
  read(tenantId: string, stream: TaskStream, range: TaskRange, page: TaskReadPage): Promise<{ items: Task[]; after?: string | undefined; read: number }>;
  /** The month's counters of the assignees of `source` (one read: a partition, an item, or a unit's index partition). */
  monthCounts(tenantId: string, month: string, source?: CountSource): Promise<TaskCountCell[]>;
  /** Open tasks of any tenant whose `dueAt` ≤ `now`, oldest first, at most `limit` (the sharded due index). */
  due(now: string, limit: number): Promise<Array<{ tenantId: string; id: string; dueAt: string }>>;
  /** Queues (or re-queues, resetting its progress) the re-key of a user's tasks. */
  queueRekey(tenantId: string, userId: string, at: string): Promise<void>;
  /** Pending re-keys of any tenant, oldest first. */
  pendingRekeys(limit: number): Promise<RekeyJob[]>;
  /** Re-keys up to `limit` tasks of the user's stream after `after` into the user's current units, and the counters of their months. */
  rekeyPage(tenantId: string, userId: string, after: string | undefined, limit: number): Promise<RekeyPage>;
  /** Records progress (`after`) or, with `after` undefined and `done`, removes the job; both only if it was not re-queued since. */
  settleRekey(job: RekeyJob, progress: { after?: string | undefined; done: boolean }): Promise<void>;
}
