import * as z from 'zod';
import { PORTAL_OPEN_INVOICES } from '../../../domain/portal/portal-reads.use-cases.ts';
import { PlainDate } from '../../../domain/receivables/local-date.ts';
import { Currency } from '../../../domain/receivables/money.ts';
import { Email } from '../../../domain/shared/fields.ts';
import { Id, pageOf, paginationQuery, type RouteSpec } from '../route-spec.ts';
import { Statement, statementQuery } from './statement.routes.ts';
import { addFeatureWordings } from '../messages/feature-wordings.ts';
import { portalUnauthenticatedReasons } from '../messages/portal-reasons.ts';

const tag = 'Client portal';
const amount = z.number().int();

export const PortalSignIn = z
  .strictObject({
    email: Email.describe("The client's main e-mail, as its company keeps it"),
    password: z.string().min(1).max(128).describe('The password the e-mail brought; its hyphens and spaces, and upper or lower case, do not matter'),
  })
  .meta({ id: 'PortalSignIn' });

export const PortalSession = z
  .object({
    token: z.string().describe('Send as `Authorization: Bearer <token>` to the portal routes (only to them)'),
    tokenType: z.literal('Bearer'),
    expiresIn: z.number().int().describe('Seconds the token is valid (900)'),
    expiresAt: z.string().describe('When it expires (ISO 8601): sign in again after that'),
    clientId: z.string(),
  })
  .meta({ id: 'PortalSession', description: 'A portal token for one client of one company, valid 15 minutes' });

export const PortalInvoice = z
  .object({
    id: z.string(),
    number: z.string().optional(),
    issueDate: PlainDate,
    dueDate: PlainDate,
    currency: Currency,
    total: amount.describe('Minor units'),
    paid: amount,
    credited: amount,
    balance: amount.describe('What is still owed, in minor units'),
    status: z.enum(['issued', 'partially_paid', 'overdue']).describe('`overdue` once the due date passed'),
  })
  .meta({ id: 'PortalInvoice', description: 'An open invoice as the client sees it in the portal' });

export const PortalPayment = z
  .object({
    id: z.string(),
    date: PlainDate,
    amount: amount.describe('Minor units'),
    currency: Currency,
    method: z.string().optional(),
    reference: z.string().optional(),
    status: z.enum(['active', 'reversed']),
    allocations: z.array(z.object({ invoiceId: z.string(), amount })).describe('The invoices it paid, and how much of each'),
  })
  .meta({ id: 'PortalPayment', description: 'A payment of the client as it sees it in the portal' });

/**
 * The client portal: sign-in (public, rate-limited) and the read-only routes a portal token opens, each
 * about the token's client only. Served by `portal-api`, which has no route a tenant user's token opens.
 */
addFeatureWordings({ unauthenticated: portalUnauthenticatedReasons });

export const portalRoutes = [
  {
    operationId: 'signInToPortal',
    public: true,
    method: 'POST',
    path: '/v1/portal/{tenantId}/sign-in',
    summary: "Sign in to a company's client portal with the client's main e-mail and portal password",
    tag,
    params: z.strictObject({ tenantId: Id.describe('The company (its id, as in the e-mail with the password)') }),
    body: PortalSignIn,
    success: { status: 200, description: 'A portal token for that client', schema: PortalSession },
  },
  {
    operationId: 'listPortalInvoices',
    portal: true,
    method: 'GET',
    path: '/v1/portal/invoices',
    summary: 'The signed-in client’s open invoices, oldest due date first',
    tag,
    success: {
      status: 200,
      description: `Up to ${PORTAL_OPEN_INVOICES} open invoices; \`more\` when the client has more`,
      schema: z.object({ items: z.array(PortalInvoice), more: z.boolean() }),
    },
  },
  {
    operationId: 'listPortalPayments',
    portal: true,
    method: 'GET',
    path: '/v1/portal/payments',
    summary: 'The signed-in client’s payments, newest first',
    tag,
    query: z.strictObject(paginationQuery),
    success: { status: 200, description: 'A page of payments', schema: pageOf(PortalPayment) },
  },
  {
    operationId: 'getPortalStatement',
    portal: true,
    method: 'GET',
    path: '/v1/portal/statement',
    summary: 'The signed-in client’s statement of account',
    tag,
    query: statementQuery,
    success: { status: 200, description: "The statement's header and a page of its lines", schema: Statement },
  },
] as const satisfies readonly RouteSpec[];
