import { dynamoEstimateRepository } from '../adapters/dynamodb/estimate.repository.ts';
import { dynamoInvoiceRepository } from '../adapters/dynamodb/invoice.repository.ts';
import type { TableDependencies } from './table.ts';

/** The receivables records: invoices and estimates (payments and credit notes join here). Converting an estimate writes through the invoices' own create. */
export const receivableRepositories = ({ data }: Pick<TableDependencies, 'data'>) => {
  const invoices = dynamoInvoiceRepository(data);
  return { invoices, estimates: dynamoEstimateRepository(data, invoices) };
};
