import type { Actor } from '../shared/actor.ts';

/**
 * The seams of an Excel import, shared by the pieces that meet at them: the column specification (which
 * templates, header mapping and the instructions sheet all read), the rows the streaming reader yields,
 * and the processor of one import type that the runner hands batches of rows to.
 */

/** A text a person reads, in both languages the product speaks. */
export interface Localized {
  es: string;
  en: string;
}

export type ImportType = 'clients' | 'client_terms' | 'contacts' | 'invoices' | 'payments';
export type ImportMode = 'create' | 'update' | 'upsert';

/** The tenant's lists a column's values come from: the template's hidden sheet feeds dropdowns from them. */
export type AllowedValues = 'categories' | 'zones' | 'personTypes' | 'taxIdSchemes' | 'users' | 'yesNo' | 'currencies' | 'paymentMethods';

export interface ColumnSpec {
  /** Stable key, the field it fills (`name`, `taxId.value`, …); never shown. */
  key: string;
  header: Localized;
  /** Other headers accepted on upload (older templates, common spellings); matched folded (case, accents, spaces). */
  aliases?: readonly string[];
  /** `always`: a row without it fails; `create`: needed only when the row creates a record. */
  required?: 'always' | 'create';
  /** One or two sentences for the instructions sheet: what goes in it, its format, an example. */
  description: Localized;
  allowed?: AllowedValues;
  /** Column width in characters in the templates. */
  width?: number;
}

export interface ImportTypeSpec {
  type: ImportType;
  sheet: Localized;
  columns: readonly ColumnSpec[];
}

/**
 * A cell as the reader yields it: formulas are never evaluated, their cached result is used; a formula
 * without one is reported as such. Rich text is joined into a string; hyperlinks give their text.
 */
export type CellValue = string | number | boolean | Date | null | { formulaWithoutValue: string };

/** One worksheet row: its 1-based number in the sheet and its cells by 0-based column index. */
export interface SourceRow {
  row: number;
  cells: readonly CellValue[];
}

/** Why a row (or one of its cells) was not imported, for the error workbook and the job's sample. */
export interface RowError {
  row: number;
  /** The column's header as the file has it; absent for a whole-row error. */
  column?: string;
  /** The cell's value as text (bounded), absent when empty. */
  value?: string;
  /** Stable code (`invalid_format`, `required`, `taken`, `not_found`, …). */
  code: string;
  message: Localized;
}

export type RowResult = 'created' | 'updated' | 'unchanged' | 'failed';

export interface RowOutcome {
  row: number;
  result: RowResult;
  /** The record written or matched, when there is one. */
  recordId?: string;
  errors?: readonly RowError[];
}

/** The header row mapped onto a type's columns: column index → column key. */
export interface HeaderMapping {
  columns: ReadonlyMap<number, string>;
  /** Headers of the file no column takes (reported, then ignored). */
  ignored: readonly string[];
}

export interface ImportContext {
  actor: Actor;
  jobId: string;
  mode: ImportMode;
  dryRun: boolean;
  /** Create categories and zones a row names that do not exist yet (else the row fails). */
  createMissingReferences: boolean;
}

/**
 * One import type's logic: maps the header row, then validates, matches and writes rows in batches. The
 * runner owns streaming, checkpoints, progress and the error workbook; a processor owns what a row means.
 * A batch is written so that doing it again (a retried delivery, a resume after a crash) changes nothing
 * more and reports the same outcomes.
 */
export interface ImportProcessor {
  readonly spec: ImportTypeSpec;
  /** The header row mapped, or the errors that refuse the file before any write (missing required headers). */
  mapHeaders(cells: readonly CellValue[]): { mapping: HeaderMapping } | { errors: readonly RowError[] };
  processBatch(context: ImportContext, mapping: HeaderMapping, rows: readonly SourceRow[]): Promise<RowOutcome[]>;
}

/**
 * The id of the record a row creates: derived from the job and the row, so writing the row again (a
 * retried delivery, a resume after a crash, two deliveries at once) meets its own earlier write instead of
 * creating a second record. ULID-shaped: the job id's 10 time characters, then 16 characters of a hash
 * of job id and row (Crockford base 32), so ids of one job sort together like the rest.
 */
export function importRecordId(jobId: string, row: number): string {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  // Two FNV-1a 32-bit hashes with different seeds give 64 bits; 16 base-32 characters take 80, so a third fills the rest.
  const fnv = (seed: number) => {
    let h = seed >>> 0;
    for (const ch of `${jobId}#${row}`) {
      h ^= ch.codePointAt(0)!;
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h;
  };
  const words = [fnv(0x811c9dc5), fnv(0x01000193 ^ 0x5bd1e995), fnv(0x9e3779b9)];
  let out = jobId.slice(0, 10).toUpperCase();
  for (let i = 0; i < 16; i++) {
    const word = words[Math.floor(i / 6)]!;
    out += alphabet[(word >>> ((i % 6) * 5)) & 31];
  }
  return out;
}

/**
 * Writes the clients a batch of rows creates or changes, with provenance `import` + job id in their
 * history. Creates use `importRecordId(jobId, row)`; meeting that id already written by this job counts as
 * the row's own earlier write (its outcome again, nothing written twice). A clash with another client's
 * e-mail, tax id or custom id fails that row only, naming the existing client.
 */
export interface ClientImportWriter {
  write(context: ImportContext, changes: readonly PlannedClientChange[]): Promise<RowOutcome[]>;
}

export type PlannedClientChange =
  | { row: number; kind: 'create'; input: import('../clients/client.schema.ts').NewClient }
  | { row: number; kind: 'update'; clientId: string; patch: import('../clients/client.schema.ts').ClientPatch; expectedVersion: number };

/** Checks an uploaded file before anything parses it; a refusal fails the job with its reason, nothing written. */
export interface WorkbookPackageCheck {
  check(objectKey: string, sizeBytes: number): Promise<{ ok: true } | { ok: false; code: string; message: Localized }>;
}
