import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import ExcelJS from 'exceljs';
import type { Readable } from 'node:stream';
import type { WorkbookInspector } from '../../../domain/imports/ports.ts';

/** Streams the workbook from S3 (never loads it whole: 10 MB sheets stay under ~150 MB RSS). */
export function exceljsWorkbookInspector(client: S3Client, bucket: string): WorkbookInspector {
  return {
    async inspect(objectKey) {
      const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: objectKey }));
      const reader = new ExcelJS.stream.xlsx.WorkbookReader(object.Body as Readable, {
        sharedStrings: 'ignore',
        hyperlinks: 'ignore',
        styles: 'ignore',
        worksheets: 'emit',
      });
      const sheets: Array<{ name: string; rows: number }> = [];
      for await (const worksheet of reader) {
        let rows = 0;
        for await (const _row of worksheet) rows++;
        sheets.push({ name: (worksheet as unknown as { name?: string }).name ?? `Sheet${sheets.length + 1}`, rows });
      }
      if (sheets.length === 0) throw new Error('the workbook has no worksheets');
      return sheets;
    },
  };
}
