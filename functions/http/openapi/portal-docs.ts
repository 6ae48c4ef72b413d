import { PORTAL_OPEN_INVOICES } from '../../../domain/portal/portal-reads.use-cases.ts';
import type { OperationDoc } from './operations.ts';
import { sample } from './samples.ts';

/** What the document says about the client portal operations (spread into operations.ts). */
const { client, invoice, tenant } = sample;
const portalToken =
  '\n\n**Portal token only**: send the token of `POST /v1/portal/{tenantId}/sign-in` as `Authorization: Bearer <token>` (security scheme `portal`). It speaks for one client: whatever you send, you see that client’s records and nothing else. A token of a company user is refused here (401), as a portal token is refused on every other route.';
const paymentId = '01JND7Q2S4U6W8Y0A2C4E6G8J0';

export const portalDocs = {
  regeneratePortalPassword: {
    description:
      "Generates a new portal password for the client (20 random characters in 4 groups, about 99 bits), stores only its scrypt hash and queues an e-mail with it to the client's main e-mail, in your company's language and from its sender. The password is never shown in the API or written to logs. Any earlier password of the client, and every portal token it opened, stop working at once. A client without a main e-mail, or deactivated, is a 409 saying so. The client signs in with that e-mail at `POST /v1/portal/{tenantId}/sign-in`; if the client's e-mail changes, generate a password again.\n\nOnly clients within your access level's reach exist for you; any other is a 404, as for another company.",
    response: { clientId: client.id, email: client.email, version: 2, issuedAt: '2026-03-02T13:15:00.000Z' },
  },
  signInToPortal: {
    description: `Signs a client in to your company's portal with its main e-mail and the password of its latest portal e-mail (hyphens, spaces and case do not matter). Answers a token valid 15 minutes for that client only, to use on the \`/v1/portal/…\` routes.\n\nAn unknown e-mail and a wrong password get the same 401 \`invalid_credentials\`. Five wrong passwords for one e-mail within 15 minutes lock it for 15 minutes, and 30 failed attempts from one address within 15 minutes refuse that address for 15 minutes: 429 \`too_many_attempts\` with \`Retry-After\`. A right password clears the e-mail's count.\n\nNo token is needed (security: none).`,
    request: { email: client.email, password: 'k7mq2-xw9rt-b3nd8-pf4ha' },
    response: {
      token: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ0b2tlbl91c2UiOiJwb3J0YWwifQ.c2lnbmF0dXJl',
      tokenType: 'Bearer',
      expiresIn: 900,
      expiresAt: '2026-03-02T13:30:00.000Z',
      clientId: client.id,
    },
  },
  listPortalInvoices: {
    description: `The signed-in client's open invoices (issued or partially paid), oldest due date first, up to ${PORTAL_OPEN_INVOICES}; \`more\` is true when the client has more. \`status\` is \`overdue\` once the due date passed in your company's time zone. Amounts in minor units.${portalToken}`,
    response: {
      items: [
        {
          id: invoice.id,
          number: '1024',
          issueDate: invoice.issueDate,
          dueDate: invoice.dueDate,
          currency: 'CLP',
          total: invoice.totals.total,
          paid: 0,
          credited: 0,
          balance: invoice.totals.total,
          status: 'issued',
        },
      ],
      more: false,
    },
  },
  listPortalPayments: {
    description: `The signed-in client's payments, newest date first, with the invoices each paid. Paged by \`limit\` and \`cursor\` (sealed, valid for 1 hour and only for this client).${portalToken}`,
    response: {
      items: [
        {
          id: paymentId,
          date: '2026-03-10',
          amount: 119000,
          currency: 'CLP',
          method: 'transfer',
          reference: 'TRF-5531',
          status: 'active',
          allocations: [{ invoiceId: invoice.id, amount: 119000 }],
        },
      ],
    },
  },
  getPortalStatement: {
    description: `The signed-in client's statement of account, the same one its company reads at \`GET /v1/clients/{clientId}/statement\`: opening balance, the movements from \`from\` to \`to\` with the running balance, closing balance, in one currency (default ${tenant.currency}, the company's).${portalToken}`,
    response: {
      clientId: client.id,
      currency: 'CLP',
      from: '2026-03-01',
      to: '2026-03-31',
      openingBalance: 119000,
      closingBalance: 273224,
      lines: [
        { date: '2026-03-02', kind: 'invoice', documentId: invoice.id, number: '1024', amount: 273224, debit: 273224, credit: 0, balance: 392224 },
        { date: '2026-03-10', kind: 'payment', documentId: paymentId, number: 'TRF-5531', amount: 119000, debit: 0, credit: 119000, balance: 273224 },
      ],
    },
  },
} satisfies Record<string, OperationDoc>;
