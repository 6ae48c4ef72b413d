/**
 * exceljs's streaming writer alone: importing it by path leaves out the reader, the non-streaming
 * workbook and what they pull in (unzipper, jszip, bluebird, fast-csv), ≈ 0.7 MB of a bundle. Typed as
 * the writer the package's own types declare.
 */
declare module 'exceljs/lib/stream/xlsx/workbook-writer.js' {
  import type ExcelJS from 'exceljs';
  const WorkbookWriter: typeof ExcelJS.stream.xlsx.WorkbookWriter;
  export default WorkbookWriter;
}
