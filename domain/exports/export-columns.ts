import { displayName, type Client } from '../clients/client.schema.ts';
import { ageingTable, type AgeingTable, type DatedAmount } from '../receivables/ageing.ts';
import type { OpenByDate } from '../receivables/client-receivables.ts';
import { daysBetween, type PlainDate } from '../receivables/local-date.ts';
import { exponentOf, type Currency } from '../receivables/money.ts';
import type { ExportLanguage } from './export-job.schema.ts';
import type { CellValue } from './ports.ts';

/**
 * The columns of each export and how a client becomes a row (pure). Seed 002 lists the client export's
 * columns; category and the assigned users (by name) follow them. Amounts are in the currency's units
 * (minor units ÷ 10^exponent), as a person reads them in a spreadsheet.
 */

type Words = Record<ExportLanguage, string>;
const w = (es: string, en: string): Words => ({ es, en });

export const clientHeaders = {
  id: w('ID cliente', 'Client ID'),
  name: w('Nombre', 'Name'),
  observations: w('Observaciones', 'Notes'),
  email: w('E-mail', 'E-mail'),
  phone: w('Teléfono', 'Phone'),
  mobile: w('Teléfono celular', 'Mobile phone'),
  address: w('Dirección', 'Address'),
  neighbourhood: w('Barrio', 'Neighbourhood'),
  zone: w('Zona', 'Zone'),
  document: w('Documento/cédula', 'ID document'),
  city: w('Ciudad', 'City'),
  region: w('Provincia/estado/región', 'Province/state/region'),
  billingEnabled: w('Facturación habilitada', 'Billing enabled'),
  invoiceType: w('Tipo de factura', 'Invoice type'),
  taxCondition: w('Condición impositiva', 'Tax condition'),
  taxId: w('Número de identificación tributaria', 'Tax id'),
  unpaidInvoices: w('Número de facturas impagas', 'Unpaid invoices'),
  unpaidBalance: w('Balance de facturas impagas', 'Unpaid balance'),
  createdAt: w('Creado el', 'Created'),
  updatedAt: w('Última modificación', 'Last modified'),
  category: w('Categoría', 'Category'),
  seller: w('Vendedor', 'Seller'),
  collector: w('Recaudador', 'Collector'),
  agent: w('Agente preferido', 'Preferred agent'),
} as const;

export const sheetNames = { clients: w('Clientes', 'Clients'), delinquency: w('Mora', 'Delinquency') } as const;
const yesNo = { es: ['Sí', 'No'], en: ['Yes', 'No'] } as const;
/** "Sin info": a client without a category (seed 000). */
export const uncategorized = w('Sin info', 'Uncategorized');

/** What a client row needs besides the client: names of what it points at, and its unpaid invoices. */
export interface RowContext {
  categoryName?: string | undefined;
  zoneName?: string | undefined;
  userName: (id: string | undefined) => string | undefined;
  currency: Currency;
  /** The client's open balances by due date in `currency` (empty: nothing unpaid). */
  open: OpenByDate;
}

export const inUnits = (minor: number, currency: Currency) => minor / 10 ** exponentOf(currency);

const unpaid = (open: OpenByDate) =>
  Object.values(open).reduce((sum, [count, balance]) => ({ count: sum.count + count, balance: sum.balance + balance }), { count: 0, balance: 0 });

export const clientColumns = (language: ExportLanguage) => Object.values(clientHeaders).map((h) => h[language]);

export function clientRow(client: Client, context: RowContext, language: ExportLanguage): CellValue[] {
  const { count, balance } = unpaid(context.open);
  const cells: Record<keyof typeof clientHeaders, CellValue | undefined> = {
    id: client.id,
    name: client.displayName || displayName(client),
    observations: client.observations,
    email: client.email,
    phone: client.phone,
    mobile: client.mobile,
    address: client.address,
    neighbourhood: client.neighbourhood,
    zone: context.zoneName,
    document: client.nationalDocument,
    city: client.city,
    region: client.region,
    billingEnabled: yesNo[language][client.billing ? 0 : 1],
    invoiceType: client.billing?.invoiceType,
    taxCondition: client.billing?.taxCondition,
    taxId: client.taxId ? (client.taxId.formatted ?? client.taxId.value) : undefined,
    unpaidInvoices: count,
    unpaidBalance: inUnits(balance, context.currency),
    createdAt: client.createdAt,
    updatedAt: client.updatedAt,
    category: client.categoryId ? (context.categoryName ?? client.categoryId) : uncategorized[language],
    seller: context.userName(client.sellerId),
    collector: context.userName(client.collectorId),
    agent: context.userName(client.agentId),
  };
  return (Object.keys(clientHeaders) as Array<keyof typeof clientHeaders>).map((key) => cells[key] ?? null);
}

/** The mora report's bucket header: `1–30 días`, …, `Más de 120 días`. */
const bucketHeader = (bucket: { from: number; to?: number }, language: ExportLanguage) =>
  bucket.to === undefined
    ? language === 'es'
      ? `Más de ${bucket.from - 1} días`
      : `Over ${bucket.from - 1} days`
    : `${bucket.from}–${bucket.to} ${language === 'es' ? 'días' : 'days'}`;

/** Per client: open, not yet due and overdue balances, the overdue part in the tenant's ageing buckets (days past due). */
export function delinquencyColumns(language: ExportLanguage, bounds: readonly number[]): string[] {
  const buckets = ageingTable([], '2000-01-01', bounds, 'due').buckets;
  return [
    clientHeaders.id[language],
    clientHeaders.name[language],
    clientHeaders.category[language],
    clientHeaders.taxId[language],
    language === 'es' ? 'Moneda' : 'Currency',
    language === 'es' ? 'Saldo abierto' : 'Open balance',
    language === 'es' ? 'Por vencer' : 'Not yet due',
    language === 'es' ? 'Vencido' : 'Overdue',
    ...buckets.map((b) => bucketHeader(b, language)),
    language === 'es' ? 'Facturas vencidas' : 'Overdue invoices',
    language === 'es' ? 'Días de atraso (más antigua)' : 'Days past due (oldest)',
  ];
}

/** The client's ageing by due date (the same function the ageing route applies to the tenant's aggregates). */
export function clientAgeing(open: OpenByDate, today: PlainDate, bounds: readonly number[]): AgeingTable {
  const rows: DatedAmount[] = Object.entries(open).map(([date, [count, amount]]) => ({ date, count, amount }));
  return ageingTable(rows, today, bounds, 'due');
}

/** A mora report row, or undefined when the client has nothing overdue (the report lists delinquent clients only). */
export function delinquencyRow(
  client: Client,
  context: Pick<RowContext, 'categoryName' | 'currency' | 'open'> & { today: PlainDate; bounds: readonly number[] },
  language: ExportLanguage,
): CellValue[] | undefined {
  const table = clientAgeing(context.open, context.today, context.bounds);
  const notDue = table.notDue ?? { amount: 0, count: 0 };
  const overdue = { amount: table.total.amount - notDue.amount, count: table.total.count - notDue.count };
  if (overdue.count === 0 && overdue.amount === 0) return undefined;
  const oldest = Object.keys(context.open)
    .filter((date) => date < context.today)
    .sort()[0];
  const units = (minor: number) => inUnits(minor, context.currency);
  return [
    client.id,
    client.displayName || displayName(client),
    client.categoryId ? (context.categoryName ?? client.categoryId) : uncategorized[language],
    client.taxId ? (client.taxId.formatted ?? client.taxId.value) : null,
    context.currency,
    units(table.total.amount),
    units(notDue.amount),
    units(overdue.amount),
    ...table.buckets.map((b) => units(b.amount)),
    overdue.count,
    oldest === undefined ? null : daysBetween(oldest, context.today),
  ];
}
