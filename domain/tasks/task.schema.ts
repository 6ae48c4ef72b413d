import * as z from 'zod';
import { PlainDate } from '../receivables/local-date.ts';
import { BoundedText, FreeText, Id } from '../shared/fields.ts';

/** Limits of a task's fields (characters). */
export const TASK_TITLE_MAX = 200;
export const TASK_NOTES_MAX = 2000;

/** Seed 004 names task, call and meeting; issue 12 adds the field visit. */
export const TaskType = z.enum(['task', 'call', 'meeting', 'visit']);
export type TaskType = z.infer<typeof TaskType>;

/** The four statuses in the order seed 004 lists them (day views sort by it). */
export const TASK_STATUSES = ['in_progress', 'open', 'not_attended', 'completed'] as const;
export const TaskStatus = z.enum(TASK_STATUSES);
export type TaskStatus = z.infer<typeof TaskStatus>;

/** A status's place in seed 004's order, 1–4: the digit after the date in every task sort key. */
export const statusRank = (status: TaskStatus) => TASK_STATUSES.indexOf(status) + 1;

/** The calendar's palette; any `#rrggbb` is accepted too. */
export const TASK_PALETTE = ['blue', 'green', 'red', 'orange', 'yellow', 'purple', 'grey'] as const;
export const TaskColour = z.union([
  z.enum(TASK_PALETTE),
  z
    .string()
    .length(7)
    .regex(/^#[0-9a-fA-F]{6}$/)
    .transform((c) => c.toUpperCase()),
]);

/** A local wall-clock time `HH:MM` (00:00–23:59) of the tenant's time zone. */
export const LocalTime = z
  .string()
  .length(5)
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/);

/** A task date: a plain date of years 1900–9999 (the sort keys are built from it). */
const TaskDate = PlainDate.refine((d) => d <= '9999-12-30', { params: { reason: 'date_out_of_range' } });

export const NewTask = z.strictObject({
  type: TaskType.default('task').describe('`task`, `call`, `meeting` or `visit`; the calendar shows its icon'),
  title: BoundedText(TASK_TITLE_MAX).describe('What to do (required)'),
  clientId: Id.optional().describe('The client it is about (optional): its name and address are copied from the profile now'),
  assigneeId: Id.optional().describe('Who does it: a user of your company within your reach; you when absent'),
  date: TaskDate.describe('The day, in your company’s calendar (`YYYY-MM-DD`)'),
  time: LocalTime.optional().describe('Local time `HH:MM`; absent = all day'),
  colour: TaskColour.default('blue').describe('A palette name or `#rrggbb`'),
  notes: FreeText(TASK_NOTES_MAX).optional().describe('Details'),
});
export type NewTask = z.infer<typeof NewTask>;

export const TaskPatch = z.strictObject({
  type: TaskType.optional(),
  title: BoundedText(TASK_TITLE_MAX).optional(),
  assigneeId: Id.optional(),
  date: TaskDate.optional(),
  time: LocalTime.nullable().optional().describe('`null` makes it an all-day task'),
  colour: TaskColour.optional(),
  notes: FreeText(TASK_NOTES_MAX).nullable().optional().describe('`null` removes them'),
  status: z.enum(['open', 'in_progress']).optional().describe('Start (`in_progress`) or put back to `open` (also a task not attended)'),
});
export type TaskPatch = z.infer<typeof TaskPatch>;

export const TaskCopy = z.strictObject({
  date: TaskDate.optional().describe('The copy’s day; the original’s when absent'),
  time: LocalTime.nullable().optional().describe('The copy’s time; `null` = all day; the original’s when absent'),
});
export type TaskCopy = z.infer<typeof TaskCopy>;

/** What the note form may ask for (POST /v1/clients/{id}/notes `task`): a task on the same client. */
export const NoteTask = z.strictObject({
  title: BoundedText(TASK_TITLE_MAX),
  date: TaskDate,
  time: LocalTime.optional(),
  type: TaskType.default('task'),
  assigneeId: Id.optional().describe('Who does it; the note’s author when absent'),
});
export type NoteTask = z.infer<typeof NoteTask>;

export const Task = z.object({
  id: z.string(),
  tenantId: z.string(),
  type: TaskType,
  title: z.string(),
  clientId: z.string().optional(),
  client: z
    .object({ name: z.string().optional(), address: z.string().optional(), city: z.string().optional() })
    .optional()
    .describe('The client’s name and address as the profile said when the task was created'),
  assigneeId: z.string(),
  date: z.string().describe('The day, in the company’s calendar'),
  time: z.string().optional().describe('Local time; absent = all day'),
  dueAt: z.string().describe('When the task’s time passes (UTC): its local date and time, or the end of its local day when all day'),
  colour: z.string(),
  notes: z.string().optional(),
  status: TaskStatus,
  noteId: z.string().optional().describe('The follow-up note it was created from'),
  copiedFrom: z.string().optional(),
  completedAt: z.string().optional(),
  completedBy: z.string().optional(),
  version: z.number().int(),
  createdAt: z.string(),
  createdBy: z.string(),
  updatedAt: z.string(),
  updatedBy: z.string(),
});
export type Task = z.infer<typeof Task>;

/** Tasks per status on a day: the calendar's counts. */
export const TaskCounts = z.object({
  in_progress: z.number().int(),
  open: z.number().int(),
  not_attended: z.number().int(),
  completed: z.number().int(),
  total: z.number().int(),
});
export type TaskCounts = z.infer<typeof TaskCounts>;
