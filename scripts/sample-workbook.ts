/**
 * `node scripts/sample-workbook.ts`: writes `samples/clientes-ejemplo.xlsx`, the sample clients workbook for
 * `npm run import` (README). Headers are the clients template's Spanish ones; most rows are good, some are
 * wrong on purpose so the error workbook has something to say: a RUT with the wrong check digit, an e-mail
 * repeated from an earlier row, a company without its legal name, an e-mail that is not one, an unknown seller.
 * Categories "Mayorista" and "Minorista" do not exist in the demo tenant: run with `--create-missing` to
 * create them, or see those rows fail as `not_found`.
 */
import ExcelJS from 'exceljs';
import { clientImportSpec } from '../domain/imports/client-columns.ts';
import { formatTaxId, parseTaxId } from '../domain/clients/tax-id.ts';

/** A valid RUT for a body of digits (its check digit computed as the rule says). */
function rut(body: number): string {
  for (const dv of '0123456789K') {
    const parsed = parseTaxId('CL_RUT', `${body}-${dv}`);
    if (parsed.ok) return formatTaxId(parsed.taxId);
  }
  throw new Error(`no check digit for ${body}`);
}

type Row = Record<string, string>;
const good = (n: number, legalName: string, category: string, city: string): Row => ({
  personType: 'Persona jurídica',
  legalName,
  'taxId.scheme': 'CL_RUT',
  'taxId.value': rut(76_000_000 + n * 7_919),
  email: `contacto${n}@ejemplo.cl`,
  phone: `+56 2 2${String(n).padStart(3, '0')} 4000`,
  city,
  region: 'Metropolitana',
  categoryId: category,
  collectionsEnabled: 'Sí',
});
const rows: Row[] = [
  good(1, 'Ferretería Los Andes SpA', 'Mayorista', 'Santiago'),
  good(2, 'Comercial Ñuñoa Ltda.', 'Minorista', 'Ñuñoa'),
  good(3, 'Distribuidora Pacífico S.A.', 'Mayorista', 'Valparaíso'),
  (({ legalName, ...row }) => ({ ...row, personType: 'Otro', name: legalName! }))(good(4, 'Panadería La Espiga', 'Minorista', 'Maipú')),
  {
    personType: 'Persona natural',
    firstName: 'Ana María',
    firstSurname: 'Muñoz',
    secondSurname: 'Pérez',
    'taxId.scheme': 'CL_RUT',
    'taxId.value': rut(12_345_678),
    email: 'ana.munoz@ejemplo.cl',
    mobile: '+56 9 8765 4321',
    city: 'Santiago',
  },
  good(6, 'Librería Cervantes', 'Minorista', 'Providencia'),
  // Wrong on purpose:
  { ...good(7, 'RUT con dígito malo SpA', 'Mayorista', 'Santiago'), 'taxId.value': '76.123.456-1' },
  { ...good(8, 'Correo repetido Ltda.', 'Minorista', 'Santiago'), email: 'contacto1@ejemplo.cl' },
  { ...good(9, '', 'Minorista', 'Santiago') },
  { ...good(10, 'Correo inválido SpA', 'Mayorista', 'Santiago'), email: 'no-es-un-correo' },
  { ...good(11, 'Vendedor desconocido SpA', 'Mayorista', 'Santiago'), sellerId: 'nadie@ejemplo.cl' },
];

const workbook = new ExcelJS.Workbook();
const sheet = workbook.addWorksheet(clientImportSpec.sheet.es, { views: [{ state: 'frozen', ySplit: 1 }] });
sheet.columns = clientImportSpec.columns.map((c) => ({ header: c.header.es, key: c.key, width: c.width ?? 16 }));
sheet.getRow(1).font = { bold: true };
for (const row of rows) sheet.addRow(row);
await workbook.xlsx.writeFile('samples/clientes-ejemplo.xlsx');
console.log(`samples/clientes-ejemplo.xlsx: ${rows.length} rows (6 good, 5 wrong on purpose)`);
