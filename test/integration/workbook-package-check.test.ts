import { randomBytes } from 'node:crypto';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { s3Client } from '../../functions/adapters/aws-clients.ts';
import {
  checkWorkbookPackage,
  defaultPackageLimits,
  s3ByteRange,
  s3WorkbookPackageCheck,
  type ByteRange,
} from '../../functions/adapters/s3/workbook-package-check.ts';
import { readConfig } from '../../functions/config.ts';
import { clientWorkbook } from '../support/workbook.ts';
import { cfbBytes, workbookParts, XLSM_MAIN, zipBytes } from '../support/zip-bytes.ts';

const config = readConfig();
const client = s3Client(config);
const packageCheck = s3WorkbookPackageCheck(client, config.uploadsBucket);

/** Stores the bytes in the uploads bucket (s3rver) and checks them as the import will. */
async function checkStored(bytes: Buffer) {
  const key = `imports/t-package/${ulid()}.xlsx`;
  await client.send(new PutObjectCommand({ Bucket: config.uploadsBucket, Key: key, Body: bytes }));
  return packageCheck.check(key, bytes.length);
}

/** An in-memory source that counts the GETs and bytes it serves. */
function counted(bytes: Buffer): { read: ByteRange; gets: () => number; served: () => number } {
  let gets = 0;
  let served = 0;
  return {
    read: async (start, end) => {
      gets++;
      served += end - start;
      return bytes.subarray(start, end);
    },
    gets: () => gets,
    served: () => served,
  };
}

describe('workbook package check (before any parse)', () => {
  it('accepts a real .xlsx stored in S3, reading it by ranged GETs', async () => {
    expect(await checkStored(await clientWorkbook(50))).toEqual({ ok: true });
  });

  it('reads a few KB of a large workbook, in at most three GETs', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Clientes');
    // Random text so the package does not compress to nothing: ≈ 500 KB, eight times the read-ahead.
    for (let i = 0; i < 8_000; i++) sheet.addRow([randomBytes(12).toString('hex'), randomBytes(12).toString('hex'), `c${i}@acme.test`, Math.random()]);
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    expect(bytes.length).toBeGreaterThan(400_000);
    const source = counted(bytes);
    expect(await checkWorkbookPackage(source.read, bytes.length)).toEqual({ ok: true });
    expect(source.gets()).toBeLessThanOrEqual(3);
    expect(source.served()).toBeLessThan(200 * 1024);
  });

  it('refuses a file over the size limit without reading it', async () => {
    const source = counted(Buffer.alloc(0));
    const verdict = await checkWorkbookPackage(source.read, defaultPackageLimits.maxBytes + 1);
    expect(verdict).toMatchObject({ ok: false, code: 'file_too_large', message: { es: expect.stringContaining('MB'), en: expect.stringContaining('split') } });
    expect(source.gets()).toBe(0);
  });

  it.each([
    ['plain text', Buffer.from('RUT;Nombre\n1-9;Ana\n')],
    ['a PDF', Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj << >> endobj\n'.repeat(4))],
    ['a truncated zip', zipBytes(workbookParts()).subarray(0, 60)],
    ['a tiny file', Buffer.from('PK')],
  ])('refuses %s as not_xlsx', async (_, bytes) => {
    expect(await checkStored(bytes)).toMatchObject({
      ok: false,
      code: 'not_xlsx',
      message: { es: expect.stringContaining('.xlsx'), en: expect.stringContaining('.xlsx') },
    });
  });

  it('refuses a zip without a workbook part, and one whose workbook is not a spreadsheet', async () => {
    expect(await checkStored(zipBytes([{ name: 'word/document.xml', data: '<w/>' }]))).toMatchObject({
      code: 'not_xlsx',
      message: { en: expect.stringContaining('xl/workbook.xml') },
    });
    const docx = workbookParts('application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml');
    expect(await checkStored(zipBytes(docx))).toMatchObject({ code: 'not_xlsx', message: { en: expect.stringContaining('content type') } });
  });

  it('refuses a password-protected workbook (a CFB file with an encrypted package) and says so', async () => {
    const verdict = await checkStored(cfbBytes(['EncryptionInfo', 'EncryptedPackage', '\u0006DataSpaces']));
    expect(verdict).toMatchObject({
      ok: false,
      code: 'password_protected',
      message: { es: expect.stringContaining('contraseña'), en: expect.stringContaining('password') },
    });
  });

  it('tells a legacy .xls apart from an encrypted workbook', async () => {
    expect(await checkStored(cfbBytes(['Workbook', '\u0005SummaryInformation']))).toMatchObject({
      code: 'legacy_xls',
      message: { en: expect.stringContaining('.xls') },
    });
    expect(await checkStored(cfbBytes(['WordDocument']))).toMatchObject({ code: 'not_xlsx', message: { en: expect.stringContaining('Office') } });
  });

  it('refuses a zip whose parts are encrypted as password protected', async () => {
    const parts = workbookParts().map((part) => ({ ...part, encrypted: true }));
    expect(await checkStored(zipBytes(parts))).toMatchObject({ code: 'password_protected' });
  });

  it('refuses macros: a vbaProject.bin part, Excel 4 macro sheets, a macro-enabled content type', async () => {
    const vba = [...workbookParts(), { name: 'xl/vbaProject.bin', data: Buffer.alloc(64, 1) }];
    expect(await checkStored(zipBytes(vba))).toMatchObject({ code: 'macros_not_allowed', message: { es: expect.stringContaining('macros') } });
    const macroSheet = [...workbookParts(), { name: 'xl/macrosheets/sheet1.xml', data: '<xm/>' }];
    expect(await checkStored(zipBytes(macroSheet))).toMatchObject({ code: 'macros_not_allowed' });
    expect(await checkStored(zipBytes(workbookParts(XLSM_MAIN)))).toMatchObject({ code: 'macros_not_allowed' });
  });

  it('refuses a zip bomb by its declared sizes, before inflating anything', async () => {
    // 10 parts each declaring 100 MB: 1 GB declared, a few hundred bytes stored.
    const declared = [
      ...workbookParts(),
      ...Array.from({ length: 10 }, (_, i) => ({ name: `xl/worksheets/sheet${i}.xml`, data: 'x', deflate: true, declaredSize: 100 * 1024 * 1024 })),
    ];
    expect(await checkStored(zipBytes(declared))).toMatchObject({ ok: false, code: 'zip_bomb' });
    // The sum alone, whatever the ratio of each part.
    const source = counted(zipBytes(declared));
    expect(await checkWorkbookPackage(source.read, zipBytes(declared).length, { ...defaultPackageLimits, maxRatio: Number.POSITIVE_INFINITY })).toMatchObject({
      code: 'zip_bomb',
      message: { en: expect.stringContaining('uncompressed it would take 400') },
    });
  });

  it('refuses a part compressed far beyond what real sheets are (ratio over 100)', async () => {
    const bomb = [...workbookParts(), { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(8 * 1024 * 1024, 0x20), deflate: true }];
    expect(await checkStored(zipBytes(bomb))).toMatchObject({ code: 'zip_bomb', message: { en: expect.stringContaining('sheet1.xml') } });
  });

  it('refuses an archive of too many parts, from its end record alone', async () => {
    const many = [...workbookParts(), ...Array.from({ length: defaultPackageLimits.maxEntries }, (_, i) => ({ name: `xl/media/${i}.bin`, data: '' }))];
    expect(await checkStored(zipBytes(many))).toMatchObject({
      code: 'zip_bomb',
      message: { en: expect.stringContaining(`limit is ${defaultPackageLimits.maxEntries}`) },
    });
  });

  it('refuses [Content_Types].xml that inflates past its declared size (sizes that lie) as damaged, not a crash', async () => {
    const parts = workbookParts();
    parts[0] = { ...parts[0]!, declaredSize: 10 };
    expect(await checkStored(zipBytes(parts))).toMatchObject({ code: 'not_xlsx', message: { en: expect.stringContaining('damaged') } });
  });

  it('treats __proto__ and other odd part names as names, polluting nothing', async () => {
    const parts = [...workbookParts(), { name: '__proto__', data: '{"polluted":true}' }, { name: 'xl/worksheets/constructor.xml', data: '<x/>' }];
    expect(await checkStored(zipBytes(parts))).toEqual({ ok: true });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('passes a failure of S3 on to the caller (a retry), rather than calling the file bad', async () => {
    const missing = s3ByteRange(client, config.uploadsBucket, `imports/none/${ulid()}.xlsx`);
    await expect(checkWorkbookPackage(missing, 5_000)).rejects.toThrow(/reading the upload failed/);
  });

  it('gives a verdict, never an exception, for any bytes', async () => {
    const base = zipBytes(workbookParts());
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ maxLength: 2048 }).map((a) => Buffer.from(a)),
          // A valid package with bytes overwritten somewhere: the interesting failures are near the structure.
          fc.tuple(fc.nat(base.length - 1), fc.uint8Array({ minLength: 1, maxLength: 16 })).map(([at, patch]) => {
            const copy = Buffer.from(base);
            Buffer.from(patch).copy(copy, at);
            return copy;
          }),
        ),
        async (bytes) => {
          const verdict = await checkWorkbookPackage(async (s, e) => bytes.subarray(s, e), bytes.length);
          expect(verdict.ok === true || ['not_xlsx', 'zip_bomb', 'macros_not_allowed', 'password_protected', 'legacy_xls'].includes(verdict.code)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});
