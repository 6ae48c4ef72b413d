import ExcelJS from 'exceljs';

/** A small real .xlsx: one header row and `rows` client rows. */
export async function clientWorkbook(rows: number): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Clientes');
  sheet.addRow(['RUT', 'Razón social', 'Email']);
  for (let i = 0; i < rows; i++) sheet.addRow([`7654321${i}-K`, `Cliente ${i}`, `c${i}@acme.test`]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
