import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { restoreNeutralized } from '../../workbooks/neutralize-formula.ts';
import ExcelJS from 'exceljs';
import type { Readable } from 'node:stream';
import { UnreadableWorkbook, type SheetEvent, type WorkbookRows } from '../../../domain/imports/ports.ts';
import type { CellValue } from '../../../domain/imports/rows.ts';

/**
 * Streams the first worksheet from S3 with exceljs's WorkbookReader: the file is never loaded whole.
 * Shared strings are cached (`cache`): Excel writes them after the sheets, and with `ignore` every text
 * cell would read as an index. Formulas are never evaluated: their cached result, or the formula reported.
 */
export function exceljsRowReader(client: S3Client, bucket: string): WorkbookRows {
  return {
    async *read(objectKey, limits): AsyncIterable<SheetEvent> {
      const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: objectKey }));
      const body = object.Body as Readable;
      const reader = new ExcelJS.stream.xlsx.WorkbookReader(body, { sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'cache', worksheets: 'emit' });
      let sheets = 0;
      try {
        for await (const worksheet of reader) {
          sheets += 1;
          const declared = watchDimension(worksheet as unknown as SheetSource);
          let announced = false;
          for await (const row of worksheet as AsyncIterable<ExcelJS.Row>) {
            // `<dimension>` precedes the rows, so it has been seen by the time the first row comes.
            if (!announced) {
              announced = true;
              if (declared.value) yield { kind: 'dimension', ...declared.value };
            }
            const values = row.values as unknown[];
            // exceljs's values are 1-based and sparse; a row longer than the limit is cut one past it, so the runner sees it is over.
            const width = Math.min(values.length - 1, limits.maxColumns + 1);
            const cells: CellValue[] = [];
            for (let i = 1; i <= width; i++) cells.push(cellValue(values[i]));
            while (cells.length && (cells[cells.length - 1] === null || cells[cells.length - 1] === '')) cells.pop();
            if (cells.length === 0) continue;
            yield { kind: 'row', row: { row: row.number, cells } };
          }
          // The first worksheet only: the rest of the file is not read.
          break;
        }
      } catch (error) {
        // S3 and network failures are worth a retry; anything else is the file's content.
        if (isTransient(error)) throw error;
        throw new UnreadableWorkbook(error instanceof Error ? error.message.slice(0, 200) : String(error).slice(0, 200));
      } finally {
        body.destroy();
      }
      if (sheets === 0) throw new UnreadableWorkbook('no worksheet');
    },
  };
}

/** One exceljs cell value as the domain's `CellValue`. */
export function cellValue(value: unknown): CellValue {
  if (value === undefined || value === null) return null;
  // Text our templates and exports wrote after an apostrophe (formula injection) comes back as it was.
  if (typeof value === 'string') return restoreNeutralized(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  if (typeof value !== 'object') return String(value);
  const v = value as Record<string, unknown>;
  if (Array.isArray(v.richText)) return restoreNeutralized((v.richText as Array<{ text?: unknown }>).map((r) => String(r.text ?? '')).join(''));
  if ('formula' in v || 'sharedFormula' in v) {
    const result = v.result;
    if (result === undefined || result === null) return { formulaWithoutValue: String(v.formula ?? v.sharedFormula ?? '') };
    return cellValue(result);
  }
  if ('error' in v) return String(v.error);
  if ('text' in v) return cellValue(v.text);
  return null;
}

const isTransient = (error: unknown) =>
  typeof error === 'object' &&
  error !== null &&
  ('$metadata' in error || /^(ECONN|ETIMEDOUT|EPIPE|EAI_AGAIN)/.test(String((error as { code?: unknown }).code ?? '')));

interface SheetSource {
  iterator: AsyncIterable<Buffer | string>;
}

/**
 * The sheet's declared size (`<dimension ref="A1:O100001"/>`, before `<sheetData>`), which exceljs's
 * streaming reader parses past without keeping: its raw part is watched on the way through, so a sheet
 * over the limits is refused before its first row is handed on. Absent when the file has none.
 */
function watchDimension(sheet: SheetSource): { value?: { rows: number; columns: number } } {
  const found: { value?: { rows: number; columns: number } } = {};
  const source = sheet.iterator;
  sheet.iterator = (async function* () {
    let head = '';
    let looking = true;
    for await (const chunk of source) {
      if (looking) {
        head += chunk.toString();
        const match = /<dimension\s+ref="\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?"/.exec(head);
        if (match) found.value = { columns: columnNumber(match[3] ?? match[1]!), rows: Number(match[4] ?? match[2]) };
        if (match || head.includes('<sheetData') || head.length > 8192) {
          looking = false;
          head = '';
        }
      }
      yield chunk;
    }
  })();
  return found;
}

/** `A` → 1, `Z` → 26, `AA` → 27. */
const columnNumber = (letters: string) => [...letters].reduce((n, c) => n * 26 + (c.charCodeAt(0) - 64), 0);
