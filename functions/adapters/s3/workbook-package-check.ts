import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { PassThrough, type Readable } from 'node:stream';
import yauzl from 'yauzl';
import type { WorkbookPackageCheck } from '../../../domain/imports/rows.ts';
import { type PackageRefusal, packageReasons, packageRefusal } from './workbook-package-refusals.ts';

/**
 * Checks an uploaded .xlsx before anything parses it, reading only its head, its zip central directory
 * and `[Content_Types].xml` by ranged GETs (a few KB of a 10 MB file): size, kind (zip, or a CFB file —
 * an encrypted workbook or a legacy .xls), macros, the workbook part, and what the archive declares it
 * would inflate to. yauzl reads the directory from our range source and checks that no entry inflates
 * past its declared size, so the declared sizes checked here bound what a later parse can inflate.
 */

export interface PackageLimits {
  /** The stored object's size. */
  maxBytes: number;
  /** Parts (files) in the archive. */
  maxEntries: number;
  /** Sum of the declared uncompressed sizes. */
  maxUncompressedBytes: number;
  /** Uncompressed ÷ compressed size of one part, checked for parts above `ratioFloorBytes`. */
  maxRatio: number;
  ratioFloorBytes: number;
}

/**
 * A 100,000-row, 15-column clients workbook is ≈ 10 MB zipped and ≈ 120 MB of sheet XML (ratio ≈ 12);
 * the limits leave room for that twice over and refuse what would exhaust a 1 GB function.
 */
export const defaultPackageLimits: PackageLimits = {
  maxBytes: 30 * 1024 * 1024,
  maxEntries: 2_000,
  maxUncompressedBytes: 400 * 1024 * 1024,
  maxRatio: 100,
  ratioFloorBytes: 1024 * 1024,
};

/** Bytes `[start, end)` of the stored object. */
export type ByteRange = (start: number, end: number) => Promise<Buffer>;

/** An error of the byte source (S3 unreachable…): the caller retries, it is not a verdict on the file. */
class SourceError extends Error {
  override readonly name = 'SourceError';
}

/** Reads ahead at least this much per GET, so the tail read also holds the directory of a usual workbook. */
const READ_AHEAD = 64 * 1024;
/** `[Content_Types].xml` of a real workbook is 1–3 KB. */
const MAX_CONTENT_TYPES_BYTES = 256 * 1024;

const CFB_SIGNATURE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const ZIP_LOCAL = Buffer.from('PK\x03\x04', 'latin1');
const ZIP_EMPTY = Buffer.from('PK\x05\x06', 'latin1');

const XLSX_MAIN = new Set([
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml',
]);

/** The ranges yauzl asks for, served from a few cached GETs rather than one GET per record it reads. */
class CachedRanges extends yauzl.RandomAccessReader {
  private readonly chunks: Array<{ start: number; bytes: Buffer }> = [];
  // Not `read`: yauzl's reader has a method of that name.
  private readonly source: ByteRange;
  private readonly size: number;
  constructor(source: ByteRange, size: number) {
    super();
    this.source = source;
    this.size = size;
  }

  async bytes(start: number, end: number): Promise<Buffer> {
    // A directory may point anywhere: a range outside the file is the file's fault, not the source's.
    if (start < 0 || end < start || end > this.size) throw new Error(`range ${start}-${end} outside the file of ${this.size} bytes`);
    const hit = this.chunks.find((c) => c.start <= start && c.start + c.bytes.length >= end);
    if (hit) return hit.bytes.subarray(start - hit.start, end - hit.start);
    const to = Math.min(this.size, Math.max(end, start + READ_AHEAD));
    let bytes: Buffer;
    try {
      bytes = await this.source(start, to);
    } catch (error) {
      throw new SourceError('reading the upload failed', { cause: error });
    }
    if (bytes.length !== to - start) throw new SourceError(`asked for ${to - start} bytes at ${start}, got ${bytes.length}`);
    this.chunks.push({ start, bytes });
    return bytes.subarray(0, end - start);
  }

  override _readStreamForRange(start: number, end: number): Readable {
    const out = new PassThrough();
    this.bytes(start, end).then(
      (bytes) => out.end(bytes),
      (error: unknown) => out.destroy(error as Error),
    );
    return out;
  }
}

/** The names of the first directory sectors of a CFB (OLE) file: the streams that say what it holds. */
function cfbStreamNames(directory: Buffer): Set<string> {
  const names = new Set<string>();
  for (let at = 0; at + 128 <= directory.length; at += 128) {
    const length = directory.readUInt16LE(at + 64);
    if (length >= 2 && length <= 64) names.add(directory.subarray(at, at + length - 2).toString('utf16le'));
  }
  return names;
}

async function checkCfb(read: ByteRange, size: number, head: Buffer): Promise<PackageRefusal> {
  // Header: sector size 2^shift at 0x1E, first directory sector at 0x30; sector n starts at (n + 1) << shift.
  if (head.length >= 0x34) {
    const shift = head.readUInt16LE(0x1e);
    const first = head.readUInt32LE(0x30);
    if (shift === 9 || shift === 12) {
      const start = (first + 1) * 2 ** shift;
      // Directory sectors of a small file follow one another; four hold the streams that tell the kinds apart.
      const end = Math.min(size, start + 4 * 2 ** shift);
      if (start < end) {
        const names = cfbStreamNames(await read(start, end));
        if (names.has('EncryptedPackage') || names.has('EncryptionInfo')) return packageRefusal.passwordProtected();
        if (names.has('Workbook') || names.has('Book')) return packageRefusal.legacyXls();
      }
    }
  }
  return packageRefusal.notXlsx(packageReasons.otherOffice);
}

const entryName = (name: string) => (name.length > 80 ? `${name.slice(0, 77)}…` : name);

/** What `[Content_Types].xml` says the workbook part is (default or override for /xl/workbook.xml). */
function workbookContentType(xml: string): string | undefined {
  const override = /<Override\b[^>]*\bPartName="\/xl\/workbook\.xml"[^>]*>/i.exec(xml)?.[0];
  const type = override && /\bContentType="([^"]*)"/i.exec(override)?.[1];
  return type ?? undefined;
}

async function readEntry(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Buffer> {
  const stream = await zip.openReadStreamPromise(entry);
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function checkZip(ranges: CachedRanges, size: number, limits: PackageLimits): Promise<{ ok: true } | PackageRefusal> {
  const zip = await yauzl.fromRandomAccessReaderPromise(ranges, size, { lazyEntries: true, autoClose: false, validateEntrySizes: true });
  try {
    if (zip.entryCount > limits.maxEntries) return packageRefusal.zipBomb(packageReasons.tooManyEntries(zip.entryCount, limits.maxEntries));
    let total = 0;
    let contentTypes: yauzl.Entry | undefined;
    let workbook = false;
    for await (const entry of zip.eachEntry()) {
      const name = entry.fileName.toLowerCase();
      if (entry.isEncrypted()) return packageRefusal.passwordProtected();
      if (name === 'xl/vbaproject.bin' || name.startsWith('xl/macrosheets/')) return packageRefusal.macros();
      total += entry.uncompressedSize;
      if (total > limits.maxUncompressedBytes) return packageRefusal.zipBomb(packageReasons.tooLargeUncompressed(total, limits.maxUncompressedBytes));
      const ratio = entry.uncompressedSize / Math.max(1, entry.compressedSize);
      if (entry.uncompressedSize > limits.ratioFloorBytes && ratio > limits.maxRatio)
        return packageRefusal.zipBomb(packageReasons.ratio(entryName(entry.fileName), ratio, limits.maxRatio));
      if (name === '[content_types].xml') contentTypes = entry;
      if (name === 'xl/workbook.xml') workbook = true;
    }
    if (!workbook) return packageRefusal.notXlsx(packageReasons.noWorkbook);
    if (!contentTypes || contentTypes.uncompressedSize > MAX_CONTENT_TYPES_BYTES) return packageRefusal.notXlsx(packageReasons.wrongContentType);
    const xml = (await readEntry(zip, contentTypes)).toString('utf8');
    if (/macroEnabled|vbaProject/i.test(xml)) return packageRefusal.macros();
    const main = workbookContentType(xml);
    if (!main || !XLSX_MAIN.has(main)) return packageRefusal.notXlsx(packageReasons.wrongContentType);
    return { ok: true };
  } finally {
    zip.close();
  }
}

/** The verdict on a stored upload of `size` bytes, read through `read`. */
export async function checkWorkbookPackage(
  read: ByteRange,
  size: number,
  limits: PackageLimits = defaultPackageLimits,
): Promise<{ ok: true } | PackageRefusal> {
  if (size > limits.maxBytes) return packageRefusal.tooLarge(size, limits.maxBytes);
  if (size < 22) return packageRefusal.notXlsx(packageReasons.notZip);
  const ranges = new CachedRanges(read, size);
  const head = await ranges.bytes(0, Math.min(size, 512));
  if (head.subarray(0, 8).equals(CFB_SIGNATURE)) return checkCfb(read, size, head);
  const magic = head.subarray(0, 4);
  if (!magic.equals(ZIP_LOCAL) && !magic.equals(ZIP_EMPTY)) return packageRefusal.notXlsx(packageReasons.notZip);
  try {
    return await checkZip(ranges, size, limits);
  } catch (error) {
    // yauzl's errors are about the file (no end record, bad signatures, sizes that lie); ours are about S3.
    if (error instanceof SourceError || (error as { cause?: unknown }).cause instanceof SourceError) throw error;
    return packageRefusal.notXlsx(packageReasons.corrupt);
  }
}

/** Ranged GETs of one object. */
export const s3ByteRange =
  (client: S3Client, bucket: string, key: string): ByteRange =>
  async (start, end) => {
    const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key, Range: `bytes=${start}-${end - 1}` }));
    return Buffer.from(await object.Body!.transformToByteArray());
  };

export function s3WorkbookPackageCheck(client: S3Client, bucket: string, limits: PackageLimits = defaultPackageLimits): WorkbookPackageCheck {
  return { check: (objectKey, sizeBytes) => checkWorkbookPackage(s3ByteRange(client, bucket, objectKey), sizeBytes, limits) };
}
