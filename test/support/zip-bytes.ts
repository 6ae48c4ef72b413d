import { crc32, deflateRawSync } from 'node:zlib';

/** One part of a hand-built zip; `declaredSize` lies about the uncompressed size, `encrypted` sets the flag bit only. */
export interface ZipPart {
  name: string;
  data: Buffer | string;
  deflate?: boolean;
  declaredSize?: number;
  encrypted?: boolean;
}

/**
 * A zip written byte by byte (local headers, central directory, end record), so tests can build what no
 * zip library would: sizes that lie, flags that claim encryption, thousands of empty parts.
 */
export function zipBytes(parts: readonly ZipPart[]): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const raw = Buffer.isBuffer(part.data) ? part.data : Buffer.from(part.data, 'utf8');
    const body = part.deflate ? deflateRawSync(raw) : raw;
    const name = Buffer.from(part.name, 'utf8');
    const flags = (part.encrypted ? 1 : 0) | 0x0800;
    const method = part.deflate ? 8 : 0;
    const size = part.declaredSize ?? raw.length;
    const crc = crc32(raw);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, body);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(flags, 8);
    entry.writeUInt16LE(method, 10);
    entry.writeUInt32LE(crc, 16);
    entry.writeUInt32LE(body.length, 20);
    entry.writeUInt32LE(size, 24);
    entry.writeUInt16LE(name.length, 28);
    entry.writeUInt32LE(offset, 42);
    central.push(entry, name);
    offset += 30 + name.length + body.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const xlsxContentTypes = (main: string, extra = '') =>
  `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/>${extra}<Override PartName="/xl/workbook.xml" ContentType="${main}"/></Types>`;

export const XLSX_MAIN = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml';
export const XLSM_MAIN = 'application/vnd.ms-excel.sheet.macroEnabled.main+xml';

/** The parts of a minimal workbook package, to add to or change. */
export const workbookParts = (main = XLSX_MAIN): ZipPart[] => [
  { name: '[Content_Types].xml', data: xlsxContentTypes(main), deflate: true },
  { name: 'xl/workbook.xml', data: '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets/></workbook>', deflate: true },
];

/**
 * The head of a CFB (OLE) file with one directory sector naming `streams`: what an encrypted workbook
 * (EncryptionInfo, EncryptedPackage) or a legacy .xls (Workbook) starts with.
 */
export function cfbBytes(streams: readonly string[]): Buffer {
  const sector = 512;
  const file = Buffer.alloc(sector * 4);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(file, 0);
  file.writeUInt16LE(0x3e, 0x18);
  file.writeUInt16LE(3, 0x1a);
  file.writeUInt16LE(0xfffe, 0x1c);
  file.writeUInt16LE(9, 0x1e);
  file.writeUInt16LE(6, 0x20);
  file.writeUInt32LE(0, 0x30); // first directory sector: sector 0, at byte 512
  ['Root Entry', ...streams].slice(0, 4).forEach((name, i) => {
    const at = sector + i * 128;
    const encoded = Buffer.from(`${name}\0`, 'utf16le');
    encoded.copy(file, at);
    file.writeUInt16LE(encoded.length, at + 64);
    file.writeUInt8(i === 0 ? 5 : 2, at + 66);
  });
  return file;
}
