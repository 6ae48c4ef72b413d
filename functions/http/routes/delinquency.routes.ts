import * as z from 'zod';
import { readTenantReceivables } from '../../../domain/receivables/delinquency.use-cases.ts';
import { PlainDate } from '../../../domain/receivables/local-date.ts';
import { Currency } from '../../../domain/receivables/money.ts';
import { anyLevel, Id, type RouteSpec } from '../route-spec.ts';

const tag = 'Receivables';
const clientId = z.strictObject({ clientId: Id });
const Count = z.number().int();
/** A signed sum in minor units (a figure, not one document's amount). */
const Sum = z.number().int();
const Figure = z.object({ invoices: Count, amount: Sum });
const Block = z.object({ count: Count, amount: Sum });
const categoryDescription = 'A category id, or `none` for clients without one ("Sin info")';
const Period = z.enum(['year', 'all']).describe("`year`: invoices issued in the current year (your company's today); `all`: all time");

const Segment = z.object({
  categoryId: z.string().describe(categoryDescription),
  clients: Count.describe('Clients with something overdue'),
  invoices: Count.describe('Overdue invoices'),
  amount: Sum.describe('Overdue balance, minor units'),
});

export const ReceivablesDashboard = z
  .object({
    currency: Currency.describe("Your company's currency: every figure but `otherCurrencies` is in it"),
    today: PlainDate.describe("Your company's today, the day the figures are as of"),
    segments: z.array(Segment).describe('Overdue by client category, largest amount first; categories with nothing overdue are left out'),
    overdue: z.object({ clients: Count, invoices: Count, amount: Sum }).describe('The segments summed'),
    open: Figure.describe('Everything still owed, overdue or not'),
    kpis: z.object({
      beyond90: z
        .object({
          overdueAmount: Sum,
          beyondAmount: Sum.describe('Overdue more than 90 days past due'),
          basisPoints: z
            .number()
            .int()
            .nullable()
            .describe('beyondAmount / overdueAmount in hundredths of a percent (2500 = 25 %); null when nothing is overdue'),
        })
        .describe('Share of the overdue balance more than 90 days past due'),
      dso: z
        .object({
          days: z.number().describe('Countback DSO, one decimal: the days of most recent sales the open balance amounts to'),
          exhausted: z.boolean().describe('The open balance outlasts the months read: `days` is a floor'),
          receivable: Sum,
          months: Count.describe('Months of sales read, this one included'),
        })
        .nullable()
        .describe('Null while nothing was invoiced in the months read'),
    }),
    otherCurrencies: z
      .array(z.object({ currency: Currency, open: Figure, overdue: Figure }))
      .describe('Totals of every other currency with something open, never converted nor added to the above'),
  })
  .meta({ id: 'ReceivablesDashboard', description: 'Delinquency (mora) by client category and KPIs, from aggregates the invoice writes keep' });

const Bucket = z.object({
  from: Count.describe('First day'),
  to: Count.optional().describe('Last day; absent on the last, open-ended bucket'),
  amount: Sum,
  count: Count,
});
const AgeingTable = z.object({
  basis: z.enum(['issue', 'due']),
  buckets: z.array(Bucket),
  notDue: Block.optional().describe('Basis `due`: open balances not yet past due'),
  total: Block,
});
export const ReceivablesAgeing = z
  .object({
    currency: Currency,
    today: PlainDate,
    bounds: z.array(Count).describe("The buckets' upper bounds in days (your company's `ageingBounds`)"),
    categoryId: z.string().optional().describe('The category asked for'),
    overall: AgeingTable,
    byCategory: z.record(z.string(), AgeingTable).describe(`One table per category with an open balance; key: ${categoryDescription}`),
  })
  .meta({ id: 'ReceivablesAgeing', description: 'Open balances by days since issue or days past due, in buckets' });

export const ClientBalanceView = z
  .object({
    clientId: z.string(),
    today: PlainDate,
    currencies: z.array(
      z.object({
        currency: Currency,
        openBalance: Sum.describe('Owed on open invoices, overdue included'),
        overdueBalance: Sum.describe('Owed on invoices due before today'),
        credit: Sum.describe('Received and not yet applied'),
        oldestOverdueDays: Count.nullable().describe('Days past due of the oldest overdue invoice; null when nothing is overdue'),
        averageDaysToPay: z.number().nullable().describe('Mean days from issue to paid over the paid invoices, one decimal; null before the first'),
      }),
    ),
  })
  .meta({ id: 'ClientBalance', description: "A client's balance per currency it was invoiced in (amounts in minor units; currencies are never added)" });

export const ClientReceivablesSummary = z
  .object({
    clientId: z.string(),
    today: PlainDate,
    period: Period,
    year: z.string().optional().describe('The year of `period: year`'),
    currencies: z.array(
      z.object({
        currency: Currency,
        pending: Block.describe('Open invoices (overdue included): their balances'),
        paid: Block.describe('Paid invoices: their totals'),
        overdue: Block.describe('Open invoices past due: their balances (all time, whatever the period)'),
        draft: Block.describe('Drafts: their totals'),
        partiallyPaid: Block.describe('Partially paid invoices: the part paid or credited'),
        total: Block.describe('Every invoice but drafts and void ones: their totals'),
      }),
    ),
  })
  .meta({ id: 'ClientReceivablesSummary', description: "The client's invoice summary blocks (count and amount), per currency" });

export const ReceivablesPreferences = z
  .strictObject({ summaryPeriod: Period.describe('The period of the summary blocks when a request names none') })
  .meta({ id: 'ReceivablesPreferences', description: 'Your saved receivables view choices' });

export const delinquencyRoutes = [
  {
    operationId: 'getReceivablesDashboard',
    requires: readTenantReceivables,
    method: 'GET',
    path: '/v1/receivables/dashboard',
    summary: 'Delinquency dashboard: overdue by client category, KPIs, other currencies',
    tag,
    success: { status: 200, description: 'The dashboard as of your company’s today', schema: ReceivablesDashboard },
  },
  {
    operationId: 'getReceivablesAgeing',
    requires: readTenantReceivables,
    method: 'GET',
    path: '/v1/receivables/ageing',
    summary: 'Ageing ("mora en el tiempo") by days since issue or past due, overall and per category',
    tag,
    query: z.strictObject({
      basis: z.enum(['issue', 'due']).default('issue').describe('`issue`: days since issue (the default); `due`: days past due'),
      categoryId: Id.optional().describe(`Only this category; ${categoryDescription}`),
      currency: Currency.optional().describe("Defaults to your company's currency"),
    }),
    success: { status: 200, description: 'The ageing table', schema: ReceivablesAgeing },
  },
  {
    operationId: 'getClientBalance',
    requires: anyLevel,
    method: 'GET',
    path: '/v1/clients/{clientId}/balance',
    summary: "A client's open and overdue balance, credit, oldest overdue days and average days to pay",
    tag,
    params: clientId,
    success: { status: 200, description: 'The balance per currency', schema: ClientBalanceView },
  },
  {
    operationId: 'getClientReceivablesSummary',
    requires: anyLevel,
    method: 'GET',
    path: '/v1/clients/{clientId}/receivables-summary',
    summary: "A client's invoice summary blocks: pending, paid, overdue, draft, partially paid, total",
    tag,
    params: clientId,
    query: z.strictObject({ period: Period.optional().describe('Defaults to your saved `summaryPeriod`, else `all`') }),
    success: { status: 200, description: 'The blocks per currency', schema: ClientReceivablesSummary },
  },
  {
    operationId: 'getReceivablesPreferences',
    requires: anyLevel,
    method: 'GET',
    path: '/v1/receivables/preferences',
    summary: 'Your saved receivables view choices',
    tag,
    success: { status: 200, description: 'Your preferences (defaults when none saved)', schema: ReceivablesPreferences },
  },
  {
    operationId: 'saveReceivablesPreferences',
    requires: anyLevel,
    method: 'PUT',
    path: '/v1/receivables/preferences',
    summary: 'Save your receivables view choices',
    tag,
    body: ReceivablesPreferences,
    success: { status: 200, description: 'Your preferences as saved', schema: ReceivablesPreferences },
  },
] as const satisfies readonly RouteSpec[];
