/**
 * The import benches' clients workbook: 16 columns of realistic Chilean company data per row, generated with
 * exceljs's streaming writer and read back the same way, and the bench's own mapping of a row to a new client.
 */
import { createReadStream } from 'node:fs';
import ExcelJS from 'exceljs';
import { NewClient } from '../../domain/clients/client.schema.ts';

export const CATEGORIES = ['Mayorista', 'Minorista', 'Distribuidor', 'Gobierno', 'Exportador', 'Restaurante', 'Farmacia', 'Ferretería', 'Colegio', 'Clínica'];
export const ZONES = ['Norte', 'Centro', 'Sur', 'Oriente', 'Poniente', 'Costa', 'Cordillera', 'Valle'];
const CITIES = [
  ['Santiago', 'Metropolitana', 'Providencia'],
  ['Valparaíso', 'Valparaíso', 'Cerro Alegre'],
  ['Concepción', 'Biobío', 'Barrio Universitario'],
  ['Talca', 'Maule', 'Centro'],
  ['Temuco', 'Araucanía', 'Pueblo Nuevo'],
  ['Antofagasta', 'Antofagasta', 'Jardines del Sur'],
] as const;
const WORDS = ['Comercial', 'Distribuidora', 'Inversiones', 'Sociedad', 'Agrícola', 'Transportes', 'Servicios', 'Importadora', 'Ferretería', 'Panadería'];
const NAMES = ['Andes', 'Pacífico', 'Los Robles', 'Santa Elena', 'El Sol', 'Austral', 'La Araucaria', 'Río Claro', 'Don Pedro', 'Las Condes'];
export const HEADERS = [
  'RUT',
  'Razón social',
  'Nombre de fantasía',
  'Email',
  'Teléfono',
  'Celular',
  'Dirección',
  'Barrio',
  'Ciudad',
  'Región',
  'Zona',
  'Categoría',
  'Código',
  'Plazo de pago',
  'Observaciones',
  'Tipo de persona',
];

/** A valid Chilean RUT for a body number (mod 11 check digit), written the local way. */
function rut(body: number) {
  let sum = 0;
  let factor = 2;
  for (const d of String(body).split('').reverse()) {
    sum += Number(d) * factor;
    factor = factor === 7 ? 2 : factor + 1;
  }
  const dv = 11 - (sum % 11);
  return `${body.toLocaleString('es-CL')}-${dv === 11 ? '0' : dv === 10 ? 'K' : dv}`;
}

/** A deterministic spread without a random source. */
const spread = (i: number, mod: number) => ((i * 2_654_435_761) >>> 0) % mod;

export function rowOf(i: number): Array<string | number> {
  const [city, region, barrio] = CITIES[spread(i, CITIES.length)]!;
  const name = `${WORDS[spread(i + 3, WORDS.length)]} ${NAMES[spread(i + 7, NAMES.length)]} ${i} SpA`;
  return [
    rut(5_000_000 + i * 7),
    name,
    `${NAMES[spread(i + 11, NAMES.length)]} ${i}`,
    `contacto${i}@cliente${spread(i, 97)}.cl`,
    `+56 2 2${String(1_000_000 + i).slice(-7)}`,
    `+56 9 ${String(50_000_000 + i).slice(-8)}`,
    `Av. Libertador ${1 + spread(i, 4000)}, of. ${spread(i, 90)}`,
    barrio,
    city,
    region,
    ZONES[spread(i + 1, ZONES.length)]!,
    CATEGORIES[spread(i + 2, CATEGORIES.length)]!,
    `C-${i}`,
    [0, 15, 30, 45, 60][spread(i, 5)]!,
    i % 5 === 0 ? 'Cliente con despacho los martes; pedir orden de compra antes de facturar.' : '',
    'Persona jurídica',
  ];
}

/** Writes a workbook of `rows` clients (the header row first) to `file`. */
export async function generate(file: string, rows: number) {
  const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false, useStyles: false });
  const sheet = writer.addWorksheet('Clientes');
  sheet.addRow(HEADERS).commit();
  for (let i = 0; i < rows; i++) sheet.addRow(rowOf(i)).commit();
  sheet.commit();
  await writer.commit();
}

/** The workbook's data rows as cell arrays, streamed (never the whole file in memory). */
export async function* readRows(file: string): AsyncGenerator<{ row: number; cells: unknown[] }> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(createReadStream(file), {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    worksheets: 'emit',
  });
  for await (const worksheet of reader) {
    for await (const row of worksheet) {
      if (row.number === 1) continue;
      yield { row: row.number, cells: (row.values as unknown[]).slice(1) };
    }
    break;
  }
}

/** The ids of a tenant's categories and zones by the names the workbook gives. */
export interface WorkbookRefs {
  categories: Record<string, string>;
  zones: Record<string, string>;
}

/** The bench's own mapping of a row to a new client (the clients processor's header mapping replaces it in the import function). */
export function clientOf(cells: unknown[], refs: WorkbookRefs) {
  const text = (i: number) => (cells[i] === undefined || cells[i] === null || cells[i] === '' ? undefined : String(cells[i]));
  return NewClient.parse({
    personType: 'legal',
    taxId: text(0),
    legalName: text(1),
    tradeName: text(2),
    email: text(3),
    phone: text(4),
    mobile: text(5),
    address: text(6),
    neighbourhood: text(7),
    city: text(8),
    region: text(9),
    zoneId: refs.zones[text(10)!],
    categoryId: refs.categories[text(11)!],
    customId: text(12),
    paymentTermsDays: Number(cells[13] ?? 0),
    observations: text(14),
  });
}
