import type { NoteLocationKind, NoteView } from '../notes/note.schema.ts';
import type { ExportLanguage } from './export-job.schema.ts';
import type { CellValue } from './ports.ts';

/**
 * The notes report as rows (pure): one row per note, in the report's order (newest first, or grouped by
 * department: the department column then runs in blocks). Names instead of ids where a person reads them;
 * the ids stay in their own columns so the file can be matched back to the API.
 */

type Words = Record<ExportLanguage, string>;
const w = (es: string, en: string): Words => ({ es, en });

export const noteHeaders = {
  clientId: w('ID cliente', 'Client ID'),
  client: w('Cliente', 'Client'),
  date: w('Fecha', 'Date'),
  author: w('Autor', 'Author'),
  branch: w('Sucursal', 'Branch'),
  department: w('Departamento', 'Department'),
  location: w('Lugar', 'Location'),
  note: w('Nota', 'Note'),
  treatment: w('Tratamiento', 'Treatment'),
  id: w('ID nota', 'Note ID'),
} as const;

export const noteSheetName = w('Notas', 'Notes');

const locationWords: Record<NoteLocationKind, Words> = {
  office: w('Oficina', 'Office'),
  client_home: w('Casa del cliente', 'Client’s home'),
  client_business: w('Local del cliente', 'Client’s premises'),
  phone: w('Teléfono', 'Phone'),
  online: w('En línea', 'Online'),
  field: w('Terreno', 'Field'),
  other: w('Otro', 'Other'),
};

export const noteColumns = (language: ExportLanguage) => Object.values(noteHeaders).map((h) => h[language]);

// One formatter per zone: building an Intl.DateTimeFormat costs far more than using one.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US-u-ca-gregory-nu-latn', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** An instant as the tenant's wall clock reads it: `YYYY-MM-DD HH:mm` (sorts as text, reads in both languages). */
export function localDateTime(instant: string, timeZone: string): string {
  const parts = Object.fromEntries(
    formatterFor(timeZone)
      .formatToParts(new Date(instant))
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

/** What a note row needs besides the note: names of what it points at, and the tenant's zone. */
export interface NoteRowContext {
  /** The client's name, only when the reader may see the client (otherwise the id alone, as the JSON report gives). */
  clientName?: string | undefined;
  branchName?: string | undefined;
  departmentName?: string | undefined;
  timeZone: string;
}

export function noteRow(note: NoteView, context: NoteRowContext, language: ExportLanguage): CellValue[] {
  const place = note.location ? [locationWords[note.location.kind][language], note.location.detail].filter(Boolean).join(': ') : undefined;
  const cells: Record<keyof typeof noteHeaders, CellValue | undefined> = {
    clientId: note.clientId,
    client: context.clientName,
    date: localDateTime(note.createdAt, context.timeZone),
    author: note.author.name ?? note.authorId,
    branch: context.branchName ?? note.author.branchId,
    department: context.departmentName ?? note.author.departmentId,
    location: place,
    note: note.text,
    treatment: note.treatment,
    id: note.id,
  };
  return (Object.keys(noteHeaders) as Array<keyof typeof noteHeaders>).map((key) => cells[key] ?? null);
}
