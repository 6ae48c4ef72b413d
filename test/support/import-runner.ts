import { UpdateCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import ExcelJS from 'exceljs';
import { randomUUID } from 'node:crypto';
import type { ImportProcessor, RowOutcome } from '../../domain/imports/rows.ts';
import { readConfig } from '../../functions/config.ts';
import { importRunnerDependencies, type ImportRunnerOptions } from '../../functions/wiring/import-runner.ts';
import { tableDependencies } from '../../functions/wiring/table.ts';
import { encodeS3Key } from '../../functions/s3/s3-keys.ts';

export const table = tableDependencies(readConfig());

/**
 * A tiny processor for runner tests: a row whose first cell is `bad` fails, `upd…` counts as updated,
 * `same…` as unchanged, the rest as created. Each row it handles adds 1 to a marker item of its job and
 * row (an `ADD`, so a row handled twice shows as 2), and `calls` counts its calls per job and row.
 */
export function testProcessor(options: { crashAtRow?: number } = {}) {
  const calls = new Map<string, number>();
  let crashAt = options.crashAtRow;
  const processor: ImportProcessor = {
    spec: {
      type: 'clients',
      sheet: { es: 'Clientes', en: 'Clients' },
      columns: [{ key: 'name', header: { es: 'Nombre', en: 'Name' }, required: 'always', description: { es: 'Nombre', en: 'Name' } }],
    },
    mapHeaders(cells) {
      const index = cells.findIndex((c) => typeof c === 'string' && ['nombre', 'name'].includes(c.trim().toLowerCase()));
      if (index < 0)
        return { errors: [{ row: 1, column: 'Nombre', code: 'required', message: { es: 'Falta la columna Nombre', en: 'The Name column is missing' } }] };
      return { mapping: { columns: new Map([[index, 'name']]), ignored: [] } };
    },
    async processBatch(context, _mapping, rows) {
      if (crashAt !== undefined && rows.some((r) => r.row >= crashAt!)) {
        crashAt = undefined;
        throw new Error('simulated crash');
      }
      const outcomes: RowOutcome[] = [];
      for (const row of rows) {
        const key = `${context.jobId}#${row.row}`;
        calls.set(key, (calls.get(key) ?? 0) + 1);
        await table.document.send(
          new UpdateCommand({
            TableName: table.config.tableName,
            Key: { pk: `T#${context.actor.tenantId}#TESTIMPORT#${context.jobId}`, sk: `ROW#${String(row.row).padStart(7, '0')}` },
            UpdateExpression: 'ADD n :one',
            ExpressionAttributeValues: { ':one': 1 },
          }),
        );
        const first = String(row.cells[0] ?? '');
        if (first === 'bad') {
          outcomes.push({
            row: row.row,
            result: 'failed',
            errors: [{ row: row.row, column: 'Nombre', value: first, code: 'invalid_format', message: { es: 'Nombre no válido', en: 'Invalid name' } }],
          });
        } else outcomes.push({ row: row.row, result: first.startsWith('upd') ? 'updated' : first.startsWith('same') ? 'unchanged' : 'created' });
      }
      return outcomes;
    },
  };
  return { processor, calls };
}

/** The marker counts of a job's rows (row → times written). */
export async function markers(tenantId: string, jobId: string): Promise<Map<number, number>> {
  const { Items = [] } = await table.document.send(
    new QueryCommand({
      TableName: table.config.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `T#${tenantId}#TESTIMPORT#${jobId}` },
      Limit: 1000,
    }),
  );
  return new Map(Items.map((i) => [Number(String(i.sk).slice(4)), Number(i.n)]));
}

export const runnerDeps = (processor: ImportProcessor | undefined, options: Omit<ImportRunnerOptions, 'processors'> = {}) =>
  importRunnerDependencies(table, { ...options, processors: processor ? { clients: () => processor } : {} });

/** A workbook of a header row and the given rows (first column: the name). */
export async function sheetOf(rows: unknown[][], header: unknown[] = ['Nombre', 'Email']): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Clientes');
  sheet.addRow(header);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A Lambda context whose time left is whatever `timeLeft` says. */
export const contextWith = (timeLeft: () => number = () => 300_000) => ({ awsRequestId: randomUUID(), getRemainingTimeInMillis: timeLeft });

/** The S3 notification of an object, the key encoded as AWS encodes it. */
export function s3Event(key: string, size: number) {
  return {
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        awsRegion: 'us-east-1',
        eventTime: new Date().toISOString(),
        eventName: 'ObjectCreated:Put',
        s3: { s3SchemaVersion: '1.0', bucket: { name: table.config.uploadsBucket }, object: { key: encodeS3Key(key), size } },
      },
    ],
  } as never;
}
