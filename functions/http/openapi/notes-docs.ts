import type { OperationDoc } from './operations.ts';
import { sample } from './samples.ts';

/** What the document says about the follow-up note operations (spread into operations.ts). */

const { client, user, otherUser, branch, department, tenant, at, later } = sample;
const cursor = 'AVx2kP9qTnW3c1u8yZbLr5sHf0eJ4gQmOa7dIvXt6KpCwE2NnRy';
const noteInput = {
  text: 'Llamé a la Sra. Pérez: pagará la factura 1024 el viernes con transferencia.',
  location: { kind: 'phone' as const },
  treatment: 'Confirmar el pago el lunes; si no llegó, visitar la oficina de Temuco.',
};
const taskInput = { title: 'Confirmar el pago de la factura 1024', date: '2026-03-09', time: '10:00', type: 'call' as const };
const note = {
  id: '01JNF2A4C6E8G0J2L4N6Q8S0U2',
  tenantId: tenant.id,
  clientId: client.id,
  authorId: user.id,
  ...noteInput,
  writtenIn: { branchId: branch.id, departmentId: department.id },
  version: 1,
  createdAt: at,
  updatedAt: at,
  updatedBy: user.id,
};
const view = { ...note, author: { id: user.id, name: user.name, branchId: branch.id, departmentId: department.id } };
const visit = {
  ...view,
  id: '01JNF3B5D7F9H1K3M5P7R9T1V3',
  authorId: otherUser.id,
  text: 'Visita en terreno: el cliente pide nueva cotización de 40 sacos de cemento.',
  location: { kind: 'client_business' as const, detail: 'Bodega de Av. Alemania 0671' },
  treatment: 'Enviar cotización y llamar en 2 meses',
  createdAt: later,
  updatedAt: later,
  updatedBy: otherUser.id,
  author: { id: otherUser.id, name: otherUser.name, branchId: branch.id, departmentId: department.id },
};

const levels =
  '\n\nWho sees a note follows its author’s **current** units (seed 003): **level 1** every note of the company, **2** the notes of authors now in your branch, **3** of authors now in your department, **4** your own. Moving a user to another branch or department moves every note they wrote at once (nothing is rewritten: the notes are read by author).';
const paged =
  '\n\nPaged: `limit` (1–100) and the `cursor` of the previous page, which is sealed, valid for 1 hour and only for you, this route and these filters.';

export const noteDocs = {
  addClientNote: {
    description: `Writes a follow-up note (nota específica) on a client you can see: the note (required, up to 2,000 characters), where it took place (\`location.kind\` from a short list, \`detail\` free text) and the treatment or next action (informative); \`task\` (title, date, optional time, type and assignee) turns the next action into a task on this client, for you unless \`assigneeId\` names someone in your reach, written with the note in one transaction (the note answers with its \`taskId\`). The author is you, the time is now, and your branch and department are recorded as \`writtenIn\` (provenance). You need a department: without one the answer is 409 \`note_needs_department\` (ask an administrator to assign you one). A client outside your reach is a 404.${levels}\n\nSend an \`Idempotency-Key\` to retry safely.`,
    request: { ...noteInput, task: taskInput },
    response: { ...view, taskId: '01JNF4C6E8G0J2L4N6Q8S0U2W4' },
  },
  listClientNotes: {
    description: `The notes of one client you may see, newest first, optionally between two dates of your company’s calendar. A client outside your reach is a 404.${levels}${paged}`,
    response: { items: [visit, view], cursor },
  },
  getNote: {
    description: `A note you may see, with its earlier versions (each edit and the deletion keep the version they replaced). A deleted note is shown to level 1 only; to anyone else, and for a note you may not see, the answer is 404.${levels}`,
    response: { ...view, version: 2, text: `${note.text} (corregido)`, updatedAt: later, history: [note] },
  },
  updateNote: {
    description:
      'Corrects your own note within 24 hours of writing it (a later correction is a new note: a follow-up records what happened). Someone else’s note is a 403 `not_note_author`; after the window, 409 `note_edit_window_closed`. The previous version goes to the note’s history. `null` removes `location` or `treatment`.\n\nSend the `ETag` of your last read in `If-Match`.',
    request: { treatment: 'Llamar el martes 10 a las 11:00' },
    response: { ...view, version: 2, treatment: 'Llamar el martes 10 a las 11:00', updatedAt: later },
  },
  deleteNote: {
    description:
      '**Level 1** only (seed 003): the note leaves every list and report; it stays readable by id for level 1, with its history (`deletedAt`, `deletedBy`). Deleting a deleted note changes nothing.\n\nSend the `ETag` of your last read in `If-Match`.',
  },
  listNotes: {
    description: `The notes report (Reportes › CRM › Notas específicas por cliente), newest first: filters \`clientId\`, \`branchId\` and \`departmentId\` (of the author **now**), \`userId\` (the author) and \`from\`/\`to\` (dates of your company’s calendar, both included), all within what your level lets you see. \`lastThree=true\` keeps the newest three notes of each client (clients in id order; \`limit\` then counts clients, so a page holds up to 3 × \`limit\` notes). \`groupBy=department\` orders the notes by their author’s current department (department id order, authors without one last), newest first within each. Each note carries its author’s name and current branch and department. The same report as an Excel file: \`POST /v1/notes/report/exports\`.\n\nServed by indexes: at level 1 without an author filter one key-range query of the company’s notes per page; otherwise one query per author in reach (a branch or department has tens of users), merged. A page may hold fewer than \`limit\` notes with a \`cursor\` to go on.${levels}${paged}`,
    response: { items: [visit, view], cursor },
  },
} satisfies Record<string, OperationDoc>;
