import type { ImportFailure } from './import-job.schema.ts';
import type { Localized, RowError } from './rows.ts';

/** Why a job failed, in both languages; the codes are stable (the API and the e-mail show them). */
export const importFailures = {
  notXlsx: (detail?: string): ImportFailure => ({
    code: 'not_xlsx',
    message: {
      es: `El archivo no es un libro de Excel .xlsx legible${detail ? ` (${detail})` : ''}.`,
      en: `The file is not a readable Excel .xlsx workbook${detail ? ` (${detail})` : ''}.`,
    },
  }),
  fileTooLarge: (size: number, max: number): ImportFailure => ({
    code: 'file_too_large',
    message: {
      es: `El archivo pesa ${mb(size)} MB y el máximo es ${mb(max)} MB: divídelo en varios archivos.`,
      en: `The file is ${mb(size)} MB and the limit is ${mb(max)} MB: split it into several files.`,
    },
  }),
  requesterInactive: (): ImportFailure => ({
    code: 'requester_inactive',
    message: {
      es: 'Quien pidió la importación ya no puede importar (usuario desactivado, sin el permiso de importar o empresa suspendida): no se importó nada más.',
      en: 'Whoever asked for the import may no longer import (user deactivated, without the import permission, or company suspended): nothing more was imported.',
    },
  }),
  typeNotSupported: (type: string): ImportFailure => ({
    code: 'type_not_supported',
    message: { es: `Todavía no se pueden importar archivos de tipo «${type}».`, en: `Imports of type "${type}" are not available yet.` },
  }),
  emptySheet: (): ImportFailure => ({
    code: 'empty_sheet',
    message: {
      es: 'La primera hoja del libro está vacía: falta la fila de encabezados.',
      en: 'The first sheet of the workbook is empty: the header row is missing.',
    },
  }),
  missingHeaders: (errors: readonly RowError[]): ImportFailure => ({
    code: 'missing_headers',
    message: {
      es: `Faltan columnas obligatorias en la fila de encabezados: ${list(errors, 'es')}. No se importó nada.`,
      en: `Required columns are missing from the header row: ${list(errors, 'en')}. Nothing was imported.`,
    },
  }),
  tooManyRows: (max: number, written: boolean): ImportFailure => ({
    code: 'too_many_rows',
    message: {
      es: `El archivo tiene más de ${max.toLocaleString('es-CL')} filas, el máximo por importación${written ? '; se importaron las primeras' : ': no se importó nada'}.`,
      en: `The file has more than ${max.toLocaleString('en-US')} rows, the limit per import${written ? '; the first ones were imported' : ': nothing was imported'}.`,
    },
  }),
  tooManyColumns: (max: number): ImportFailure => ({
    code: 'too_many_columns',
    message: {
      es: `El archivo tiene más de ${max} columnas, el máximo por importación: no se importó nada.`,
      en: `The file has more than ${max} columns, the limit per import: nothing was imported.`,
    },
  }),
  stalled: (attempts: number): ImportFailure => ({
    code: 'stalled',
    message: {
      es: `La importación se interrumpió ${attempts} veces sin terminar; quedó lo importado hasta el último avance guardado.`,
      en: `The import stopped ${attempts} times without finishing; what was imported up to the last saved progress stays.`,
    },
  }),
  notUploaded: (): ImportFailure => ({
    code: 'not_uploaded',
    message: { es: 'El archivo nunca llegó: crea una importación nueva y súbelo.', en: 'The file never arrived: start a new import and upload it.' },
  }),
};

const mb = (bytes: number) => (Math.ceil((bytes / 1024 / 1024) * 10) / 10).toString();

/** The missing columns, named by the errors (their `column`, else their message). */
function list(errors: readonly RowError[], lang: keyof Localized): string {
  const names = errors.slice(0, 10).map((e) => (e.column ? `«${e.column}»` : e.message[lang]));
  return names.join(', ') + (errors.length > 10 ? ' …' : '');
}
