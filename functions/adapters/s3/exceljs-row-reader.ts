import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
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
          for await (const row of worksheet as AsyncIterable<ExcelJS.Row>) {
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
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  if (typeof value !== 'object') return String(value);
  const v = value as Record<string, unknown>;
  if (Array.isArray(v.richText)) return (v.richText as Array<{ text?: unknown }>).map((r) => String(r.text ?? '')).join('');
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
