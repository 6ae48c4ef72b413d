import { fixedAllowedValues } from './client-columns.ts';
import { requireAccess, type Actor } from '../shared/actor.ts';
import { invalidState, notFound } from '../shared/errors.ts';
import type { AllowedValues, CellValue, ImportType, ImportTypeSpec, Localized } from './rows.ts';

/**
 * What an import template holds, decided here and written by an Excel writer (functions/workbooks/):
 * the data sheet (the spec's columns, pre-filled for the types that have rows), the hidden sheet of the
 * tenant's allowed values that feeds the dropdowns, and the instructions sheet documenting every column
 * and the matching rule. Generic over `ImportTypeSpec`: a type is one spec, and optionally its rows.
 */

export type Language = keyof Localized;

/** The rows a template is pre-filled with (the clients template: the caller's clients, by scope), page by page. */
export type TemplateRows = (actor: Actor, lang: Language) => AsyncIterable<Record<string, CellValue>>;

/** The tenant's own lists (categories, zones, users' e-mails, billing currencies), as the cells name them. */
export type TenantLists = (actor: Actor, kind: TenantListKind) => Promise<readonly string[]>;
export type TenantListKind = Extract<AllowedValues, 'categories' | 'zones' | 'users' | 'currencies'>;

export interface TemplateDeps {
  specs: Partial<Record<ImportType, ImportTypeSpec>>;
  rows: Partial<Record<ImportType, TemplateRows>>;
  lists: TenantLists;
  /** Pre-filled rows allowed; `MAX_TEMPLATE_ROWS` unless a test says otherwise. */
  maxRows?: number;
}

/** Imports need `imports.run`; so does the template, which may list every client of the caller's scope. */
export const templateRequirement = { level: 4, permission: 'imports.run' } as const;

/**
 * At most this many pre-filled rows: measured 0.85 MB of workbook for 5,000 clients of 20 columns, so ≈ 1.7 MB
 * (2.3 MB as base64) for 10,000, well inside Lambda's 6 MB response even with long observations; beyond
 * it the caller uses the client export (decision "Import templates"). The writer also refuses any body over
 * `MAX_TEMPLATE_BYTES`, whatever the rows hold.
 */
export const MAX_TEMPLATE_ROWS = 10_000;
/** The largest workbook answered: 4.5 MB is 6 MB as base64, Lambda's response limit; the rest is headroom. */
export const MAX_TEMPLATE_BYTES = 4 * 1024 * 1024;
/** Rows of the data sheet that get the dropdowns (a pre-filled template: its rows and as many again, at least this). */
export const VALIDATED_ROWS = 10_000;

/** Lists whose values are the same for every tenant, in the cells' own words. */
const fixedLists: Record<Exclude<AllowedValues, TenantListKind>, Record<Language, readonly string[]>> = {
  // The words the clients' rows are written and read in (client-columns.ts), so a pre-filled cell is a dropdown value.
  yesNo: { es: fixedAllowedValues('es').yesNo, en: fixedAllowedValues('en').yesNo },
  personTypes: { es: fixedAllowedValues('es').personTypes, en: fixedAllowedValues('en').personTypes },
  taxIdSchemes: {
    es: ['CL_RUT', 'AR_CUIT', 'CO_NIT', 'CO_CC', 'CO_CE', 'EC_CI', 'EC_RUC', 'MX_RFC', 'OTHER'],
    en: ['CL_RUT', 'AR_CUIT', 'CO_NIT', 'CO_CC', 'CO_CE', 'EC_CI', 'EC_RUC', 'MX_RFC', 'OTHER'],
  },
  paymentMethods: {
    es: ['transfer', 'cash', 'check', 'card', 'deposit', 'other'],
    en: ['transfer', 'cash', 'check', 'card', 'deposit', 'other'],
  },
};

const listTitles: Record<AllowedValues, Localized> = {
  categories: { es: 'Categorías', en: 'Categories' },
  zones: { es: 'Zonas', en: 'Zones' },
  personTypes: { es: 'Tipos de persona', en: 'Person types' },
  taxIdSchemes: { es: 'Tipos de documento tributario', en: 'Tax id schemes' },
  users: { es: 'Usuarios (e-mail)', en: 'Users (e-mail)' },
  yesNo: { es: 'Sí/No', en: 'Yes/No' },
  currencies: { es: 'Monedas', en: 'Currencies' },
  paymentMethods: { es: 'Medios de pago', en: 'Payment methods' },
};

const isTenantList = (kind: AllowedValues): kind is TenantListKind => !(kind in fixedLists);

export interface TemplateList {
  kind: AllowedValues;
  title: string;
  values: readonly string[];
}

export interface TemplateColumn {
  key: string;
  header: string;
  width: number;
  /** The index in `lists` of the list feeding this column's dropdown (absent: free input, or an empty list). */
  list?: number;
}

export interface TemplatePlan {
  type: ImportType;
  fileName: string;
  sheets: { data: string; lists: string; instructions: string };
  columns: readonly TemplateColumn[];
  lists: readonly TemplateList[];
  /** The instructions sheet, row by row (the first is its header). */
  instructions: readonly (readonly string[])[];
  /** What a dropdown says to a value not on its list. */
  listError: { title: string; message: string };
  /** Rows to validate with the dropdowns, from row 2. */
  validatedRows: number;
  rows?: AsyncIterable<Record<string, CellValue>>;
}

const words = {
  lists: { es: 'Listas', en: 'Lists' },
  instructions: { es: 'Instrucciones', en: 'Instructions' },
  head: {
    es: ['Columna', 'Obligatoria', 'Descripción', 'Valores permitidos'],
    en: ['Column', 'Required', 'Description', 'Allowed values'],
  },
  required: {
    always: { es: 'Sí', en: 'Yes' },
    create: { es: 'Al crear', en: 'When creating' },
    no: { es: 'No', en: 'No' },
  },
  fromList: (title: string, lang: Language) =>
    lang === 'es' ? `Una de la lista «${title}» (desplegable en la celda)` : `One of the list "${title}" (dropdown in the cell)`,
  matching: {
    es: [
      'Cómo se reconoce cada fila al subir el archivo: por el id (la primera columna; no la cambies), si no hay id por el id propio, si no por el documento tributario, si no por el e-mail. Una fila que no coincide con ningún registro se crea (según el modo de la importación).',
      'No cambies los encabezados; puedes quitar columnas opcionales. Los valores de las columnas con lista deben ser de esa lista.',
    ],
    en: [
      'How each row is recognised on upload: by its id (the first column; do not change it), without an id by the custom id, then by the tax id, then by the e-mail. A row that matches no record is created (depending on the import mode).',
      'Do not change the headers; optional columns may be removed. Values of the columns with a list must come from that list.',
    ],
  },
  listError: {
    es: { title: 'Valor no válido', message: 'Elige un valor de la lista; los valores vienen de la hoja oculta de listas de tu empresa.' },
    en: { title: 'Invalid value', message: "Pick a value from the list; the values come from your company's hidden lists sheet." },
  },
  fileName: (type: ImportType, lang: Language) => `${lang === 'es' ? 'plantilla' : 'template'}-${type.replaceAll('_', '-')}.xlsx`,
};

/** The template of one import type for the caller, in the language of the request. */
export const planTemplate =
  (deps: TemplateDeps) =>
  async (actor: Actor, type: ImportType, lang: Language): Promise<TemplatePlan> => {
    requireAccess(actor, templateRequirement);
    const spec = deps.specs[type];
    if (!spec) throw notFound('importTemplate', type);

    // One list per kind the columns use, in column order; a Map keyed by kind, never an object keyed by tenant text.
    const kinds = [...new Set(spec.columns.flatMap((c) => (c.allowed ? [c.allowed] : [])))];
    const lists: TemplateList[] = [];
    for (const kind of kinds) {
      const values = isTenantList(kind) ? await deps.lists(actor, kind) : fixedLists[kind][lang];
      lists.push({ kind, title: listTitles[kind][lang], values });
    }
    const listIndex = new Map(lists.map((l, i) => [l.kind, i] as const));

    const columns = spec.columns.map((c): TemplateColumn => {
      const index = c.allowed ? listIndex.get(c.allowed) : undefined;
      const usable = index !== undefined && lists[index]!.values.length > 0;
      return { key: c.key, header: c.header[lang], width: c.width ?? Math.max(12, c.header[lang].length + 4), ...(usable ? { list: index } : {}) };
    });

    const instructions: string[][] = [
      [...words.head[lang]],
      ...spec.columns.map((c) => [
        c.header[lang],
        words.required[c.required ?? 'no'][lang],
        c.description[lang],
        c.allowed ? words.fromList(listTitles[c.allowed][lang], lang) : '',
      ]),
      [],
      ...words.matching[lang].map((line) => [line]),
    ];

    const rows = deps.rows[type];
    return {
      type,
      fileName: words.fileName(type, lang),
      sheets: { data: spec.sheet[lang], lists: words.lists[lang], instructions: words.instructions[lang] },
      columns,
      lists,
      instructions,
      listError: words.listError[lang],
      validatedRows: VALIDATED_ROWS,
      ...(rows ? { rows: bounded(rows(actor, lang), deps.maxRows ?? MAX_TEMPLATE_ROWS) } : {}),
    };
  };

/** The rows, refusing (before the writer finishes) a template past the bound. */
async function* bounded(rows: AsyncIterable<Record<string, CellValue>>, limit: number): AsyncIterable<Record<string, CellValue>> {
  let count = 0;
  for await (const row of rows) {
    if (++count > limit) throw invalidState('template_too_large', { limit });
    yield row;
  }
}
