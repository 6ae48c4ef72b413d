import type { Localized } from '../../../domain/imports/rows.ts';

/** Why an uploaded file is refused before anything parses it; each code is stable, each message ours. */
export type PackageRefusalCode = 'file_too_large' | 'not_xlsx' | 'password_protected' | 'legacy_xls' | 'macros_not_allowed' | 'zip_bomb';

export interface PackageRefusal {
  ok: false;
  code: PackageRefusalCode;
  message: Localized;
}

const mb = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

/** The refusals, worded for the person who uploaded the file: what is wrong and what to do. */
export const packageRefusal = {
  tooLarge: (size: number, max: number): PackageRefusal => ({
    ok: false,
    code: 'file_too_large',
    message: {
      es: `El archivo pesa ${mb(size)} y el máximo es ${mb(max)}; divídelo en varios archivos más pequeños`,
      en: `The file is ${mb(size)} and the limit is ${mb(max)}; split it into several smaller files`,
    },
  }),
  notXlsx: (why: Localized): PackageRefusal => ({
    ok: false,
    code: 'not_xlsx',
    message: {
      es: `El archivo no es un libro de Excel .xlsx válido (${why.es}); ábrelo en Excel y guárdalo como «Libro de Excel (.xlsx)»`,
      en: `The file is not a valid Excel .xlsx workbook (${why.en}); open it in Excel and save it as "Excel Workbook (.xlsx)"`,
    },
  }),
  passwordProtected: (): PackageRefusal => ({
    ok: false,
    code: 'password_protected',
    message: {
      es: 'El libro está protegido con contraseña y no se puede leer; quítale la contraseña (Archivo › Información › Proteger libro) y súbelo de nuevo',
      en: 'The workbook is password protected and cannot be read; remove the password (File › Info › Protect Workbook) and upload it again',
    },
  }),
  legacyXls: (): PackageRefusal => ({
    ok: false,
    code: 'legacy_xls',
    message: {
      es: 'El archivo es un libro de Excel antiguo (.xls); ábrelo en Excel y guárdalo como «Libro de Excel (.xlsx)»',
      en: 'The file is a legacy Excel workbook (.xls); open it in Excel and save it as "Excel Workbook (.xlsx)"',
    },
  }),
  macros: (): PackageRefusal => ({
    ok: false,
    code: 'macros_not_allowed',
    message: {
      es: 'El libro contiene macros (.xlsm), que no se aceptan; guárdalo como «Libro de Excel (.xlsx)», sin macros',
      en: 'The workbook contains macros (.xlsm), which are not accepted; save it as "Excel Workbook (.xlsx)", without macros',
    },
  }),
  zipBomb: (why: Localized): PackageRefusal => ({
    ok: false,
    code: 'zip_bomb',
    message: {
      es: `El archivo no se procesa porque su contenido comprimido es sospechoso (${why.es}); expórtalo de nuevo desde Excel`,
      en: `The file is not processed because its compressed content is suspicious (${why.en}); export it again from Excel`,
    },
  }),
};

/** The reasons a file is not an xlsx, or its archive is suspicious, inside the messages above. */
export const packageReasons = {
  notZip: { es: 'no es un archivo comprimido de Office', en: 'it is not an Office package' },
  otherOffice: { es: 'es un documento de Office de otro tipo', en: 'it is another kind of Office document' },
  corrupt: { es: 'su contenido está dañado', en: 'its content is damaged' },
  noWorkbook: { es: 'no contiene un libro (xl/workbook.xml)', en: 'it holds no workbook (xl/workbook.xml)' },
  wrongContentType: { es: 'su tipo de contenido no es el de un libro .xlsx', en: 'its content type is not that of an .xlsx workbook' },
  tooManyEntries: (n: number, max: number): Localized => ({
    es: `contiene ${n} partes y el máximo es ${max}`,
    en: `it holds ${n} parts and the limit is ${max}`,
  }),
  tooLargeUncompressed: (bytes: number, max: number): Localized => ({
    es: `descomprimido ocuparía ${mb(bytes)} y el máximo es ${mb(max)}`,
    en: `uncompressed it would take ${mb(bytes)} and the limit is ${mb(max)}`,
  }),
  ratio: (part: string, ratio: number, max: number): Localized => ({
    es: `la parte ${part} se comprime ${Math.round(ratio)} veces y el máximo es ${max}`,
    en: `part ${part} is compressed ${Math.round(ratio)} times and the limit is ${max}`,
  }),
};
