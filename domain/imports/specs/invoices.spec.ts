import type { ImportTypeSpec } from '../rows.ts';
import { clientMatchColumns } from './client-match.columns.ts';

/**
 * Invoices (domain/receivables/invoice.ts): one row per invoice, of one line (decision "one invoice per row"):
 * what an ERP's sales ledger exports (number, dates, client, net, tax rate), and never an invoice half
 * written when the runner's batches would cut between the rows of its lines.
 */
export const invoicesImportSpec: ImportTypeSpec = {
  type: 'invoices',
  sheet: { es: 'Facturas', en: 'Invoices' },
  columns: [
    {
      key: 'id',
      header: { es: 'Id factura', en: 'Invoice id' },
      aliases: ['id de la factura', 'invoice id'],
      description: {
        es: 'El id de la factura, para reconocer una ya importada; vacío para una nueva.',
        en: 'The invoice’s id, to recognise one already imported; empty for a new one.',
      },
      width: 30,
    },
    ...clientMatchColumns,
    {
      key: 'number',
      header: { es: 'Número', en: 'Number' },
      aliases: ['folio', 'número de factura', 'invoice number'],
      description: {
        es: 'Número de la factura, único en tu empresa (hasta 40 caracteres); una factura ya importada con ese número no se duplica. Vacío: se numera al emitirla.',
        en: 'The invoice number, unique in your company (up to 40 characters); an invoice already imported with it is not duplicated. Empty: numbered when issued.',
      },
      width: 16,
    },
    {
      key: 'issueDate',
      header: { es: 'Fecha de emisión', en: 'Issue date' },
      aliases: ['emisión', 'fecha', 'issued'],
      description: { es: 'Fecha de emisión: una celda de fecha o dd-mm-aaaa. Vacía: hoy.', en: 'Issue date: a date cell or dd-mm-yyyy. Empty: today.' },
      width: 16,
    },
    {
      key: 'dueDate',
      header: { es: 'Fecha de vencimiento', en: 'Due date' },
      aliases: ['vencimiento', 'due'],
      description: {
        es: 'Fecha de vencimiento. Vacía: la emisión más el plazo de pago del cliente.',
        en: 'Due date. Empty: the issue date plus the client’s payment terms.',
      },
      width: 18,
    },
    {
      key: 'currency',
      header: { es: 'Moneda', en: 'Currency' },
      aliases: ['divisa'],
      description: {
        es: 'Código de la moneda, de la lista (ej. CLP). Vacía: la moneda de tu empresa.',
        en: 'Currency code, from the list (e.g. CLP). Empty: your company’s currency.',
      },
      allowed: 'currencies',
      width: 10,
    },
    {
      key: 'line.description',
      header: { es: 'Descripción', en: 'Description' },
      aliases: ['detalle', 'glosa', 'concepto'],
      required: 'always',
      description: { es: 'Qué se factura (la única línea de la factura).', en: 'What the invoice bills (its only line).' },
      width: 36,
    },
    {
      key: 'line.quantity',
      header: { es: 'Cantidad', en: 'Quantity' },
      aliases: ['cant'],
      description: {
        es: 'Cantidad, con decimales si hace falta (ej. 2 o 1,5). Vacía: 1.',
        en: 'Quantity, with decimals if needed (e.g. 2 or 1.5). Empty: 1.',
      },
      width: 10,
    },
    {
      key: 'line.unitPrice',
      header: { es: 'Precio unitario', en: 'Unit price' },
      aliases: ['precio', 'valor unitario', 'price'],
      required: 'always',
      description: {
        es: 'Precio unitario sin impuestos, en la moneda de la factura (ej. 150000, 1.234.567 o 1234,50; en CLP sin decimales). Con una cantidad de 1, el neto de la factura.',
        en: 'Unit price before tax, in the invoice’s currency (e.g. 150000, 1,234,567 or 1234.50; CLP without decimals). With a quantity of 1, the invoice’s net.',
      },
      width: 16,
    },
    {
      key: 'line.taxRate',
      header: { es: 'Impuesto (%)', en: 'Tax (%)' },
      aliases: ['iva', 'iva %', 'tasa', 'tax rate', 'vat'],
      description: { es: 'Tasa de impuesto en porcentaje (ej. 19). Vacía: 0.', en: 'Tax rate in percent (e.g. 19). Empty: 0.' },
      width: 12,
    },
    {
      key: 'status',
      header: { es: 'Estado', en: 'Status' },
      aliases: ['estado de la factura'],
      description: { es: 'draft (borrador) o issued (emitida). Vacío: borrador.', en: 'draft or issued. Empty: draft.' },
      width: 12,
    },
  ],
};
