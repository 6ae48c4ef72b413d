import type { OperationDoc } from './operations.ts';

/** What the document says about the notes report's Excel export (spread into operations.ts). */

const queued = {
  id: '01JNEY7Q9S1U3W5Y7A9C1E3G5J',
  type: 'notes',
  language: 'es',
  status: 'pending',
  rowsWritten: 0,
  createdAt: '2026-03-02T13:45:10.000Z',
};

export const notesExportDocs = {
  createNotesExport: {
    description:
      'Queues the notes report (Reportes › CRM › Notas específicas por cliente) as an Excel file (the `exports.run` permission): the notes `GET /v1/notes` with the same filters would show you — `clientId`, `branchId` and `departmentId` (of the author **now**), `userId`, `from`/`to` (your company’s calendar, both included), `lastThree` (each client’s newest three) and `groupBy: department` — as your level and units are **at this request** (level 1 every note, 2 your branch’s authors, 3 your department’s, 4 your own; the authors’ units are read when the file is written). One row per note, in the report’s order: client id, client name (only for clients you may see; otherwise the id alone, as the JSON report), date and time in your company’s time zone (`YYYY-MM-DD HH:mm`), author, the author’s current branch and department by name, location, note, treatment, note id. Grouped by department, rows run department by department on one sheet (filter the Department column). Headers, sheet name (`Notas` / `Notes`) and e-mail follow `Accept-Language`. A scheduled runner (every minute) writes the file and e-mails you a link valid 12 hours; `GET /v1/exports/{exportId}` shows progress and mints a fresh link.\n\nSend an `Idempotency-Key` to retry safely: the same request again within 24 h gets the first response with `Idempotency-Replayed: true`.',
    request: { departmentId: '01JN8Q4P6S8U0W2Y4A6C8E0G2J', from: '2026-03-01', to: '2026-03-31', groupBy: 'department' },
    response: queued,
  },
} satisfies Record<string, OperationDoc>;
