import type ExcelJS from 'exceljs';
import WorkbookWriter from 'exceljs/lib/stream/xlsx/workbook-writer.js';
import { PassThrough } from 'node:stream';
import type { CellValue } from '../../domain/imports/rows.ts';
import type { TemplatePlan } from '../../domain/imports/templates.ts';
import { neutralizeFormula } from './neutralize-formula.ts';

/**
 * Writes a template plan (domain/imports/templates.ts) as an .xlsx with exceljs's streaming writer: each
 * row is committed as it comes, so a pre-filled template holds one page of clients in memory, plus the
 * zipped output (the response body).
 */

/** `A`, `B`, … `AA` for a 1-based column number. */
export const columnLetter = (n: number): string =>
  n <= 26 ? String.fromCharCode(64 + n) : columnLetter(Math.floor((n - 1) / 26)) + columnLetter(((n - 1) % 26) + 1);

/** A sheet name inside a formula: quoted, its apostrophes doubled. */
const sheetRef = (name: string) => `'${name.replaceAll("'", "''")}'`;

/** A cell from a row: tenant text neutralized (formula injection), a formula never written as one. */
function cellOf(value: CellValue | undefined): ExcelJS.CellValue {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return neutralizeFormula(value);
  if (typeof value === 'object' && !(value instanceof Date)) return neutralizeFormula(`=${value.formulaWithoutValue}`);
  return value;
}

const bold = { bold: true };

export async function writeTemplateWorkbook(plan: TemplatePlan): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  const workbook = new WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });

  const data = workbook.addWorksheet(plan.sheets.data, { views: [{ state: 'frozen', xSplit: 0, ySplit: 1, activeCell: 'A2' }] });
  data.columns = plan.columns.map((c) => ({ width: c.width }));
  const header = data.addRow(plan.columns.map((c) => c.header));
  header.font = bold;
  header.commit();
  let written = 0;
  if (plan.rows) {
    for await (const row of plan.rows) {
      data.addRow(plan.columns.map((c) => cellOf(Object.hasOwn(row, c.key) ? row[c.key] : undefined))).commit();
      written++;
    }
  }
  // Dropdowns over the written rows and room to add as many again (at least the plan's rows).
  const last = 1 + Math.max(plan.validatedRows, written * 2);
  // The streaming worksheet has them (written at commit), though exceljs's types leave them out.
  const validations = (data as unknown as { dataValidations: { add(range: string, validation: ExcelJS.DataValidation): void } }).dataValidations;
  plan.columns.forEach((column, i) => {
    if (column.list === undefined) return;
    const list = plan.lists[column.list]!;
    const letter = columnLetter(i + 1);
    const source = columnLetter(column.list + 1);
    validations.add(`${letter}2:${letter}${last}`, {
      type: 'list',
      allowBlank: true,
      formulae: [`${sheetRef(plan.sheets.lists)}!$${source}$2:$${source}$${list.values.length + 1}`],
      showErrorMessage: true,
      errorStyle: 'stop',
      errorTitle: plan.listError.title,
      error: plan.listError.message,
    });
  });
  data.commit();

  const instructions = workbook.addWorksheet(plan.sheets.instructions, { views: [{ state: 'frozen', ySplit: 1 }] });
  instructions.columns = [{ width: 30 }, { width: 14 }, { width: 90 }, { width: 40 }];
  plan.instructions.forEach((cells, i) => {
    const row = instructions.addRow(cells.map((text) => neutralizeFormula(text)));
    if (i === 0) row.font = bold;
    row.alignment = { wrapText: true, vertical: 'top' };
    row.commit();
  });
  instructions.commit();

  // The lists, one per column, titled in row 1: hidden from the user, read by the dropdowns.
  const lists = workbook.addWorksheet(plan.sheets.lists, { state: 'veryHidden' });
  lists.columns = plan.lists.map(() => ({ width: 30 }));
  const titles = lists.addRow(plan.lists.map((l) => l.title));
  titles.font = bold;
  titles.commit();
  const height = Math.max(0, ...plan.lists.map((l) => l.values.length));
  for (let r = 0; r < height; r++) lists.addRow(plan.lists.map((l) => (r < l.values.length ? neutralizeFormula(l.values[r]!) : null))).commit();
  lists.commit();

  // Resolves once the zip has ended `out`, every chunk of it collected above.
  await workbook.commit();
  return Buffer.concat(chunks);
}
