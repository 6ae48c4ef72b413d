import * as z from 'zod';
import { PlainDate } from '../../../domain/receivables/local-date.ts';
import { Currency } from '../../../domain/receivables/money.ts';
import { STATEMENT_PAGE } from '../../../domain/receivables/statement.use-case.ts';
import { anyLevel, Id, paginationQuery, type RouteSpec } from '../route-spec.ts';

const amount = z.number().int();

export const StatementLine = z
  .object({
    date: PlainDate.describe('The business date of the movement (issue, payment, void date)'),
    kind: z
      .enum(['invoice', 'payment', 'credit_note', 'payment_reversal', 'credit_note_reversal', 'void'])
      .describe('`invoice`, `payment_reversal` and `credit_note_reversal` raise what the client owes; `payment`, `credit_note` and `void` lower it'),
    documentId: z.string().describe('The invoice, payment or credit note'),
    number: z.string().optional().describe('Its number as the client knows it (invoice or credit-note number, payment reference)'),
    amount: amount.describe('Minor units, positive: `kind` gives the direction'),
    debit: amount.describe('What it adds to the balance (0 when it lowers it)'),
    credit: amount.describe('What it takes from the balance (0 when it raises it)'),
    balance: amount.describe('What the client owes after this movement'),
  })
  .meta({ id: 'StatementLine', description: 'One movement of a statement of account, with the balance after it' });

export const Statement = z
  .object({
    clientId: z.string(),
    currency: Currency,
    from: PlainDate,
    to: PlainDate,
    openingBalance: amount.describe('What the client owed at the end of the day before `from` (negative: in favour of the client)'),
    closingBalance: amount.describe('What the client owed at the end of `to`: the opening balance plus the debits minus the credits of every line, all pages'),
    lines: z.array(StatementLine).describe('The movements of this page, oldest first; on a date, what raises the balance comes before what lowers it'),
    cursor: z.string().optional().describe('Pass as `cursor` for the next page of lines (same filters; valid for 1 hour)'),
  })
  .meta({ id: 'Statement', description: 'Statement of account (estado de cuenta) of a client in one currency: amounts in minor units' });

export const statementQuery = z.strictObject({
  currency: Currency.optional().describe("Default: your company's currency"),
  from: PlainDate.optional().describe("First day (`YYYY-MM-DD`, included). Default: the first day of your company's current month"),
  to: PlainDate.optional().describe("Last day (included), on or after `from` and less than 5 years after it. Default: your company's today"),
  limit: z.coerce.number().int().min(1).max(STATEMENT_PAGE).default(STATEMENT_PAGE).describe(`How many lines a page holds at most (1–${STATEMENT_PAGE})`),
  cursor: paginationQuery.cursor,
});

export const statementRoutes = [
  {
    operationId: 'getClientStatement',
    requires: anyLevel,
    method: 'GET',
    path: '/v1/clients/{clientId}/statement',
    summary: 'Statement of account of a client: opening balance, movements between two dates, closing balance',
    tag: 'Invoices',
    params: z.strictObject({ clientId: Id }),
    query: statementQuery,
    success: { status: 200, description: "The statement's header and a page of its lines", schema: Statement },
  },
] as const satisfies readonly RouteSpec[];
