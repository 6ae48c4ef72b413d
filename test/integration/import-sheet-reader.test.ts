import { PutObjectCommand } from '@aws-sdk/client-s3';
import { neutralizeFormula, restoreNeutralized } from '../../functions/workbooks/neutralize-formula.ts';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { cellText } from '../../domain/imports/cell-text.ts';
import { UnreadableWorkbook, type SheetEvent } from '../../domain/imports/ports.ts';
import { s3Client } from '../../functions/adapters/aws-clients.ts';
import { basicPackageCheck } from '../../functions/adapters/s3/basic-package-check.ts';
import { cellValue, exceljsRowReader } from '../../functions/adapters/s3/exceljs-row-reader.ts';
import { table } from '../support/import-runner.ts';

const s3 = s3Client(table.config);
const bucket = table.config.uploadsBucket;
const reader = exceljsRowReader(s3, bucket);

async function store(body: Buffer): Promise<string> {
  const key = `imports/reader-test/${ulid()}.xlsx`;
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
  return key;
}

async function readAll(key: string, maxColumns = 100): Promise<SheetEvent[]> {
  const events: SheetEvent[] = [];
  for await (const event of reader.read(key, { maxColumns })) events.push(event);
  return events;
}

describe('the streaming sheet reader (exceljs WorkbookReader over S3)', () => {
  it('reads the first sheet only: shared strings as text, cached formula results, joined rich text, link texts, dates', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Clientes');
    sheet.addRow(['Nombre', '__proto__', 'Total', 'Alta']);
    sheet.addRow([
      { richText: [{ text: 'Ana ' }, { font: { bold: true }, text: 'Pérez' }] },
      { text: 'sitio', hyperlink: 'https://x.cl' },
      { formula: '1+1', result: 2 },
      new Date('2026-03-02T00:00:00Z'),
    ]);
    sheet.addRow([]);
    sheet.addRow(['Berta', { formula: 'A1&"x"' }, { error: '#N/A' }, true]);
    workbook.addWorksheet('Otra').addRow(['never read']);
    const key = await store(Buffer.from(await workbook.xlsx.writeBuffer()));

    const events = await readAll(key);
    expect(events[0]).toEqual({ kind: 'dimension', rows: 4, columns: 4 });
    const rows = events.flatMap((e) => (e.kind === 'row' ? [e.row] : []));
    expect(rows).toEqual([
      { row: 1, cells: ['Nombre', '__proto__', 'Total', 'Alta'] },
      { row: 2, cells: ['Ana Pérez', 'sitio', 2, new Date('2026-03-02T00:00:00Z')] },
      { row: 4, cells: ['Berta', { formulaWithoutValue: 'A1&"x"' }, '#N/A', true] },
    ]);
  });

  it('reads text cells of files whose shared strings come after the sheet, as Excel writes them', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('A').addRow(['uno', 'dos']);
    const file = Buffer.from(await workbook.xlsx.writeBuffer());
    // The zip's central order: the sheet's part before sharedStrings.xml (so `ignore` would read indexes).
    expect(file.indexOf('xl/worksheets/sheet1.xml')).toBeLessThan(file.indexOf('xl/sharedStrings.xml'));
    const events = await readAll(await store(file));
    expect(events).toEqual([
      { kind: 'dimension', rows: 1, columns: 2 },
      { kind: 'row', row: { row: 1, cells: ['uno', 'dos'] } },
    ]);
  });

  it('cuts a row one past the column limit, so the runner sees it is over', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('A').addRow(Array.from({ length: 12 }, (_, i) => `c${i}`));
    const events = await readAll(await store(Buffer.from(await workbook.xlsx.writeBuffer())), 5);
    const row = events.find((e) => e.kind === 'row');
    expect(row?.kind === 'row' ? row.row.cells.length : 0).toBe(6);
  });

  it('says a zip that is not a workbook is unreadable, and the package check refuses what is not a zip', async () => {
    const notWorkbook = Buffer.from('PK\x03\x04 this is not really a zip archive at all');
    await expect(readAll(await store(notWorkbook))).rejects.toBeInstanceOf(UnreadableWorkbook);
    const check = basicPackageCheck(s3, bucket, 1000);
    const csv = await store(Buffer.from('a,b\n1,2\n'));
    expect(await check.check(csv, 8)).toMatchObject({ ok: false, code: 'not_xlsx' });
    expect(await check.check(csv, 5000)).toMatchObject({ ok: false, code: 'file_too_large' });
    // The stored size counts even when the event says less.
    const big = await store(Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(2000)]));
    expect(await check.check(big, 10)).toMatchObject({ ok: false, code: 'file_too_large' });
  });
});

describe('cell values', () => {
  const plain = fc.oneof(fc.string(), fc.double({ noNaN: true }), fc.boolean(), fc.constant(null));
  // Text our templates and exports neutralized (an apostrophe before a formula trigger) is read back as it was written.
  const read = <T>(value: T) => (typeof value === 'string' ? restoreNeutralized(value) : value);
  it('keeps plain values, takes cached formula results and joins rich text, whatever they hold', () => {
    fc.assert(
      fc.property(plain, fc.array(fc.string(), { maxLength: 5 }), fc.string(), (value, parts, formula) => {
        expect(cellValue(value)).toEqual(read(value));
        expect(cellValue({ formula, result: value })).toEqual(value === null ? { formulaWithoutValue: formula } : read(value));
        expect(cellValue({ richText: parts.map((text) => ({ text })) })).toBe(read(parts.join('')));
        expect(cellValue({ text: { richText: parts.map((text) => ({ text })) }, hyperlink: 'https://x' })).toBe(read(parts.join('')));
      }),
    );
  });

  it('reads a neutralized text back as the text itself, and leaves any other text alone', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        expect(cellValue(neutralizeFormula(text))).toBe(text);
      }),
    );
    expect(cellValue("'=SUM(A1:A2)")).toBe('=SUM(A1:A2)');
    expect(cellValue("'+56 9 1234 5678")).toBe('+56 9 1234 5678');
    expect(cellValue("O'Higgins")).toBe("O'Higgins");
  });

  it('gives every cell a bounded text for the error workbook', () => {
    fc.assert(
      fc.property(fc.oneof(plain, fc.date(), fc.record({ formulaWithoutValue: fc.string() })), (value) => {
        const text = cellText(value);
        expect(typeof text).toBe('string');
        expect(text.length).toBeLessThanOrEqual(1000);
      }),
    );
  });
});
