import * as z from 'zod';
import { BoundedText, FreeText } from '../shared/fields.ts';
import { NoteTask } from '../tasks/task.schema.ts';

/** Limits of a note's fields (characters): a follow-up, not a document. */
export const NOTE_TEXT_MAX = 2000;
export const NOTE_TREATMENT_MAX = 1000;
export const NOTE_LOCATION_DETAIL_MAX = 120;

/**
 * Where the call or action took place (seed 003: "en la oficina, en casa del cliente, etc."): a short
 * list the report can group and filter by, plus free text for what the list does not name.
 */
export const NoteLocationKind = z.enum(['office', 'client_home', 'client_business', 'phone', 'online', 'field', 'other']);
export type NoteLocationKind = z.infer<typeof NoteLocationKind>;

export const NoteLocation = z.strictObject({
  kind: NoteLocationKind.describe(
    '`office`: our office; `client_home`: at the client’s home; `client_business`: at the client’s premises; `phone`: a call; `online`: video call, chat or e-mail; `field`: elsewhere on the road; `other`: say where in `detail`',
  ),
  detail: BoundedText(NOTE_LOCATION_DETAIL_MAX).optional().describe('Free text: the branch, the address, the meeting room…'),
});
export type NoteLocation = z.infer<typeof NoteLocation>;

/** A required text: after trimming, at least one character. */
const NoteText = FreeText(NOTE_TEXT_MAX).check(z.minLength(1));

export const NewNote = z.strictObject({
  text: NoteText.describe('The note: the call made or received, or the action taken with the client (required)'),
  location: NoteLocation.optional().describe('Where it took place (optional)'),
  treatment: FreeText(NOTE_TREATMENT_MAX)
    .optional()
    .describe('The treatment or next action ("send the quote again and call in 2 months"); informative, to organise the follow-up'),
  task: NoteTask.optional().describe('The next action as a task on this client, for you (or `assigneeId`), written with the note in one transaction'),
});
export type NewNote = z.infer<typeof NewNote>;

export const NotePatch = z.strictObject({
  text: NoteText.optional(),
  location: NoteLocation.nullable().optional().describe('`null` removes it'),
  treatment: FreeText(NOTE_TREATMENT_MAX).nullable().optional().describe('`null` removes it'),
});
export type NotePatch = z.infer<typeof NotePatch>;

/** The author's units when the note was written: provenance only (visibility follows the author's current units). */
export const WrittenIn = z.object({ branchId: z.string().optional(), departmentId: z.string() });

export const Note = z.object({
  id: z.string(),
  tenantId: z.string(),
  clientId: z.string(),
  authorId: z.string(),
  text: z.string(),
  location: NoteLocation.optional(),
  treatment: z.string().optional(),
  taskId: z.string().optional().describe('The task created with the note (its next action)'),
  writtenIn: WrittenIn.describe('The author’s branch and department when the note was written (provenance; who sees it follows the author’s current ones)'),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  updatedBy: z.string(),
  deletedAt: z.string().optional(),
  deletedBy: z.string().optional(),
});
export type Note = z.infer<typeof Note>;

/** A note as readers get it: with its author's name and current units (what its visibility follows). */
export const NoteView = Note.extend({
  author: z.object({
    id: z.string(),
    name: z.string().optional(),
    branchId: z.string().optional().describe('The author’s current branch'),
    departmentId: z.string().optional().describe('The author’s current department'),
  }),
});
export type NoteView = z.infer<typeof NoteView>;
