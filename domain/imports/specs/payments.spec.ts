import type { ImportTypeSpec } from '../rows.ts';
import { clientMatchColumns } from './client-match.columns.ts';

/** Payments (domain/receivables/payment.ts): applied to the client’s oldest due invoices first, or to the invoice named. */
export const paymentsImportSpec: ImportTypeSpec = {
  type: 'payments',
  sheet: { es: 'Pagos', en: 'Payments' },
  columns: [
    {
      key: 'id',
      header: { es: 'Id pago', en: 'Payment id' },
      aliases: ['id del pago', 'payment id'],
      description: {
        es: 'El id del pago, para reconocer uno ya importado; vacío para uno nuevo.',
        en: 'The payment’s id, to recognise one already imported; empty for a new one.',
      },
      width: 30,
    },
    ...clientMatchColumns,
    {
      key: 'amount',
      header: { es: 'Monto', en: 'Amount' },
      aliases: ['importe', 'valor', 'monto pagado'],
      required: 'always',
      description: {
        es: 'Monto pagado, mayor que cero, en la moneda del pago (ej. 150000 o 1.234,50).',
        en: 'Amount paid, above zero, in the payment’s currency (e.g. 150000 or 1,234.50).',
      },
      width: 14,
    },
    {
      key: 'currency',
      header: { es: 'Moneda', en: 'Currency' },
      aliases: ['divisa'],
      description: {
        es: 'Código de la moneda, de la lista. Vacía: la moneda de tu empresa.',
        en: 'Currency code, from the list. Empty: your company’s currency.',
      },
      allowed: 'currencies',
      width: 10,
    },
    {
      key: 'date',
      header: { es: 'Fecha', en: 'Date' },
      aliases: ['fecha de pago', 'payment date'],
      description: { es: 'Fecha del pago. Vacía: hoy.', en: 'Payment date. Empty: today.' },
      width: 14,
    },
    {
      key: 'method',
      header: { es: 'Medio de pago', en: 'Payment method' },
      aliases: ['forma de pago', 'método', 'method'],
      required: 'always',
      description: {
        es: 'transfer (transferencia), cash (efectivo), check (cheque), card (tarjeta), deposit (depósito) u other (otro), de la lista.',
        en: 'transfer, cash, check, card, deposit or other, from the list.',
      },
      allowed: 'paymentMethods',
      width: 16,
    },
    {
      key: 'reference',
      header: { es: 'Referencia', en: 'Reference' },
      aliases: ['comprobante', 'n° operación'],
      description: {
        es: 'Número de operación, cheque o comprobante (hasta 100 caracteres). Con referencia, el mismo pago (cliente, fecha, monto y referencia) no se registra dos veces.',
        en: 'Transaction, cheque or receipt number (up to 100 characters). With a reference, the same payment (client, date, amount and reference) is not recorded twice.',
      },
      width: 20,
    },
    {
      key: 'invoiceNumber',
      header: { es: 'Número de factura', en: 'Invoice number' },
      aliases: ['factura', 'folio'],
      description: {
        es: 'La factura a la que se aplica, o varias separadas por coma, en ese orden hasta su saldo (lo que sobra queda como saldo a favor). Vacío: se aplica a las facturas más antiguas por vencimiento.',
        en: 'The invoice it applies to, or several separated by commas, in that order up to their balance (what is left is the client’s credit). Empty: applied to the oldest invoices by due date.',
      },
      width: 18,
    },
  ],
};
