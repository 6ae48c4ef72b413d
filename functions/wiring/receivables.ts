import { dynamoInvoiceRepository } from '../adapters/dynamodb/invoice.repository.ts';
import type { TableDependencies } from './table.ts';

/** The receivables records: invoices (payments, credit notes and estimates join here). */
export const receivableRepositories = ({ data }: Pick<TableDependencies, 'data'>) => ({
  invoices: dynamoInvoiceRepository(data),
});
