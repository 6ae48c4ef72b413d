import * as z from 'zod';
import { NewNote, Note, NotePatch, NoteView } from '../../../domain/notes/note.schema.ts';
import { PlainDate } from '../../../domain/receivables/local-date.ts';
import { anyLevel, companyLevel, Id, pageOf, paginationQuery, type RouteSpec } from '../route-spec.ts';

const tag = 'Notes';
const booleanQuery = z.enum(['true', 'false']).transform((v) => v === 'true');

export const NoteItem = NoteView.meta({
  id: 'Note',
  description: 'A follow-up note (nota específica) on a client, with its author and the units its visibility follows',
});
export const NoteWithHistory = NoteView.extend({
  history: z.array(Note).describe('Earlier versions, newest first: each edit and the deletion keep the version they replaced'),
});

const dates = {
  from: PlainDate.optional().describe('First day written (`YYYY-MM-DD`, your company’s calendar, included)'),
  to: PlainDate.optional().describe('Last day written (included)'),
};

export const noteReportQuery = z.strictObject({
  clientId: Id.optional().describe('One client’s notes'),
  branchId: Id.optional().describe('Notes whose author works **now** in this branch'),
  departmentId: Id.optional().describe('Notes whose author works **now** in this department'),
  userId: Id.optional().describe('Notes of one author'),
  ...dates,
  lastThree: booleanQuery.optional().describe('`true`: only the newest three notes of each client (clients in id order; `limit` then counts clients)'),
  groupBy: z
    .enum(['department'])
    .optional()
    .describe('`department`: notes grouped by their author’s current department (departments in id order, authors without one last)'),
  ...paginationQuery,
});

export const noteRoutes = [
  {
    operationId: 'addClientNote',
    requires: anyLevel,
    method: 'POST',
    path: '/v1/clients/{clientId}/notes',
    summary: 'Write a follow-up note on a client (you need a department)',
    tag,
    params: z.strictObject({ clientId: Id }),
    body: NewNote,
    idempotent: true,
    success: { status: 201, description: 'The note', schema: NoteItem },
  },
  {
    operationId: 'listClientNotes',
    requires: anyLevel,
    method: 'GET',
    path: '/v1/clients/{clientId}/notes',
    summary: 'The notes of a client you may see, newest first',
    tag,
    params: z.strictObject({ clientId: Id }),
    query: z.strictObject({ ...dates, ...paginationQuery }),
    success: { status: 200, description: 'A page of notes', schema: pageOf(NoteItem) },
  },
  {
    operationId: 'getNote',
    requires: anyLevel,
    method: 'GET',
    path: '/v1/notes/{noteId}',
    summary: 'A note with its history',
    tag,
    params: z.strictObject({ noteId: Id }),
    success: { status: 200, description: 'The note and its earlier versions', schema: NoteWithHistory },
  },
  {
    operationId: 'updateNote',
    requires: anyLevel,
    method: 'PATCH',
    path: '/v1/notes/{noteId}',
    summary: 'Correct your own note (within 24 hours of writing it)',
    tag,
    params: z.strictObject({ noteId: Id }),
    body: NotePatch,
    conditional: true,
    success: { status: 200, description: 'The note', schema: NoteItem },
  },
  {
    operationId: 'deleteNote',
    requires: companyLevel,
    method: 'DELETE',
    path: '/v1/notes/{noteId}',
    summary: 'Delete a note (level 1; kept in its history)',
    tag,
    params: z.strictObject({ noteId: Id }),
    conditional: true,
    success: { status: 204, description: 'Deleted' },
  },
  {
    operationId: 'listNotes',
    requires: anyLevel,
    method: 'GET',
    path: '/v1/notes',
    summary: 'The notes report: filters by client, branch, department, user and dates; last three per client; grouped by department',
    tag,
    query: noteReportQuery,
    success: { status: 200, description: 'A page of notes', schema: pageOf(NoteItem) },
  },
] as const satisfies readonly RouteSpec[];
