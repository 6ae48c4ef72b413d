import type { S3Client } from '@aws-sdk/client-s3';
import { neutralizeCell, neutralizeFormula } from '../../workbooks/neutralize-formula.ts';
import { Upload } from '@aws-sdk/lib-storage';
import ExcelJS from 'exceljs';
import { PassThrough } from 'node:stream';
import type { ErrorWorkbookWriter } from '../../../domain/imports/ports.ts';
import { XLSX_CONTENT_TYPE } from '../../../domain/imports/import-job.use-cases.ts';

const extra = {
  es: { sheet: 'Errores', row: 'Fila', column: 'Columna', value: 'Valor', message: 'Mensaje' },
  en: { sheet: 'Errors', row: 'Row', column: 'Column', value: 'Value', message: 'Message' },
};

/**
 * The error workbook, streamed: exceljs's streaming writer into a multipart upload (lib-storage), so a
 * file of 100,000 failed rows never sits whole in memory. One line per failed row: its cells as uploaded
 * under the uploaded headers (as text cells: never formulas), then its row number and, joined when there are several, the columns,
 * values and messages of its errors in the job's language.
 */
export function exceljsErrorWorkbook(client: S3Client, bucket: string): ErrorWorkbookWriter {
  return {
    async write(objectKey, { headers, language, rows }) {
      const names = extra[language];
      const body = new PassThrough();
      const upload = new Upload({ client, params: { Bucket: bucket, Key: objectKey, Body: body, ContentType: XLSX_CONTENT_TYPE }, queueSize: 2 });
      const uploaded = upload.done();
      // A failed upload must not leave the writer blocked on a full stream.
      uploaded.catch(() => body.destroy());
      const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: body, useStyles: false, useSharedStrings: false });
      const sheet = workbook.addWorksheet(names.sheet);
      const width = headers.length;
      sheet.addRow([...headers, names.row, names.column, names.value, names.message]).commit();
      for await (const failed of rows) {
        // The file's own text goes back to its owner, but never as a live formula (the values column too).
        const cells = Array.from({ length: width }, (_, i) => neutralizeCell(failed.cells[i] ?? ''));
        const join = (pick: (e: (typeof failed.errors)[number]) => string | undefined) =>
          failed.errors
            .map(pick)
            .filter((t) => t !== undefined && t !== '')
            .join(' | ');
        sheet.addRow([...cells, failed.row, join((e) => e.column), neutralizeFormula(join((e) => e.value)), join((e) => e.message[language])]).commit();
      }
      sheet.commit();
      await workbook.commit();
      await uploaded;
    },
  };
}
