/**
 * How big a pre-filled clients template gets, against Lambda's 6 MB response (the body is base64: 4/3 of
 * the workbook): writes templates of 5,000 and 20,000 clients in the clients template's own columns (client-columns.ts, 33) with the same
 * writer the import-templates function uses, and prints workbook bytes, base64 bytes, time and peak RSS.
 *   node bench/imports/template-size.bench.ts [--rows 5000,20000]
 */
import { randomBytes } from 'node:crypto';
import { clientImportSpec, fixedAllowedValues } from '../../domain/imports/client-columns.ts';
import type { CellValue } from '../../domain/imports/rows.ts';
import { VALIDATED_ROWS, type TemplatePlan } from '../../domain/imports/templates.ts';
import { writeTemplateWorkbook } from '../../functions/workbooks/template-workbook.ts';

const arg = process.argv.indexOf('--rows');
const sizes = (arg > 0 ? process.argv[arg + 1]! : '5000,20000').split(',').map(Number);

const word = () => randomBytes(5).toString('base64url');

/** A company client as the clients template renders it (client-columns.ts keys), most columns filled. */
function client(i: number): Record<string, CellValue> {
  return {
    id: `01JN${randomBytes(11).toString('hex').toUpperCase().slice(0, 22)}`,
    customId: `C-${i}`,
    personType: 'Persona jurídica',
    legalName: `Comercial ${word()} ${word()} SpA`,
    tradeName: `Almacén ${word()}`,
    'taxId.scheme': 'CL_RUT',
    'taxId.value': `${10_000_000 + i}-${i % 10}`,
    email: `contacto${i}@${word()}.cl`,
    notifyEmails: i % 5 === 0 ? `pagos${i}@${word()}.cl` : null,
    phone: `+56 2 ${2000_0000 + i}`,
    mobile: `+56 9 ${5000_0000 + i}`,
    address: `Av. ${word()} ${i % 9000}, oficina ${i % 300}`,
    neighbourhood: word(),
    city: 'Santiago',
    region: 'Metropolitana',
    zoneId: `Zona ${i % 12}`,
    categoryId: `Categoría ${i % 20}`,
    sellerId: `vendedor${i % 30}@empresa.cl`,
    collectorId: `cobrador${i % 10}@empresa.cl`,
    paymentTermsDays: 30,
    collectionsEnabled: 'Sí',
    'billing.taxCondition': 'IVA afecto',
    'billing.invoiceType': 'Factura electrónica',
    observations: i % 3 === 0 ? `Cliente desde ${2000 + (i % 25)}; paga los ${i % 28} de cada mes` : null,
  };
}

async function* rows(n: number) {
  for (let i = 0; i < n; i++) yield client(i);
}

const listIndex = { zones: 0, categories: 1, users: 2, personTypes: 3, taxIdSchemes: 4, yesNo: 5 } as const;

for (const n of sizes) {
  const plan: TemplatePlan = {
    type: 'clients',
    fileName: 'plantilla-clients.xlsx',
    sheets: { data: 'Clientes', lists: 'Listas', instructions: 'Instrucciones' },
    // The real clients columns and their lists, as planTemplate lays them out.
    columns: clientImportSpec.columns.map((c) => ({
      key: c.key,
      header: c.header.es,
      width: c.width ?? 16,
      ...(c.allowed && c.allowed in listIndex ? { list: listIndex[c.allowed as keyof typeof listIndex] } : {}),
    })),
    lists: [
      { kind: 'zones', title: 'Zonas', values: Array.from({ length: 12 }, (_, i) => `Zona ${i}`) },
      { kind: 'categories', title: 'Categorías', values: Array.from({ length: 20 }, (_, i) => `Categoría ${i}`) },
      { kind: 'users', title: 'Usuarios', values: Array.from({ length: 40 }, (_, i) => `vendedor${i}@empresa.cl`) },
      { kind: 'personTypes', title: 'Tipos de persona', values: fixedAllowedValues('es').personTypes },
      { kind: 'taxIdSchemes', title: 'Documentos', values: fixedAllowedValues('es').taxIdSchemes },
      { kind: 'yesNo', title: 'Sí/No', values: fixedAllowedValues('es').yesNo },
    ],
    instructions: clientImportSpec.columns.map((c) => [c.header.es, c.required ?? 'No', c.description.es, c.allowed ?? '']),
    listError: { title: 'x', message: 'y' },
    validatedRows: VALIDATED_ROWS,
    rows: rows(n),
  };
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  const started = performance.now();
  const bytes = await writeTemplateWorkbook(plan);
  const ms = performance.now() - started;
  clearInterval(sampler);
  const base64 = Math.ceil(bytes.length / 3) * 4;
  console.log(
    `${n} clients: workbook ${(bytes.length / 1024 / 1024).toFixed(2)} MB, base64 body ${(base64 / 1024 / 1024).toFixed(2)} MB ` +
      `(${((base64 / (6 * 1024 * 1024)) * 100).toFixed(0)}% of 6 MB), ${ms.toFixed(0)} ms, peak RSS ${(peak / 1024 / 1024).toFixed(0)} MB`,
  );
}
