import type { ImportTypeSpec } from '../rows.ts';
import { clientMatchColumns } from './client-match.columns.ts';

/** Categories and payment terms by client (seed 000): changes two fields of existing clients, creates none (modes `update` and `upsert` only). */
export const clientTermsImportSpec: ImportTypeSpec = {
  type: 'client_terms',
  sheet: { es: 'Categorías y plazos', en: 'Categories and terms' },
  columns: [
    ...clientMatchColumns,
    {
      key: 'category',
      header: { es: 'Categoría', en: 'Category' },
      aliases: ['categoria', 'categoría de cliente', 'client category'],
      description: {
        es: 'El nombre de la categoría del cliente, de la lista. Vacía: el cliente queda sin categoría («Sin info»).',
        en: 'The name of the client’s category, from the list. Empty: the client is left uncategorized ("Sin info").',
      },
      allowed: 'categories',
      width: 24,
    },
    {
      key: 'paymentTermsDays',
      header: { es: 'Plazo de pago (días)', en: 'Payment terms (days)' },
      aliases: ['plazo', 'plazo de pago', 'días de pago', 'payment terms'],
      description: {
        es: 'Días entre la emisión y el vencimiento de sus facturas: un número entero de 0 a 365 (ej. 30). Vacío: el plazo queda como está.',
        en: 'Days from an invoice’s issue to its due date: a whole number from 0 to 365 (e.g. 30). Empty: the terms stay as they are.',
      },
      width: 20,
    },
  ],
};
