import { stoppedShort } from '../messages/mass-failures.ts';
import { sample } from './samples.ts';
import { paymentDocs } from './payments-docs.ts';
import { noteDocs } from './notes-docs.ts';
import { notesExportDocs } from './notes-export-docs.ts';
import { taskDocs } from './tasks-docs.ts';
import { clientImageDocs } from './client-images-docs.ts';
import { collectionsDocs } from './collections-docs.ts';
import { portalDocs } from './portal-docs.ts';
import { collectionsLogDocs } from './collections-log-docs.ts';
import { escalationDocs } from './escalations-docs.ts';
import type { OperationId } from './operation-ids.ts';

/**
 * What the document says about each operation beyond its route spec: a markdown description, and an
 * example request body and success response (each parsed with the operation's own schemas by
 * test/integration/openapi.test.ts). Kept out of the route specs so the API functions do not bundle it.
 * Written in English (decision "OpenAPI document language"); responses show the Spanish default.
 */
export interface OperationDoc {
  description: string;
  request?: unknown;
  response?: unknown;
}

const {
  client,
  otherClient,
  contact,
  user,
  otherUser,
  tenant,
  branch,
  department,
  category,
  zone,
  history,
  routing,
  importJob,
  invoice,
  invoiceInput,
  estimate,
  estimateInput,
} = sample;
const cursor = 'AVx2kP9qTnW3c1u8yZbLr5sHf0eJ4gQmOa7dIvXt6KpCwE2NnRy';
const page = <T>(items: T[], next = true) => ({ items, ...(next ? { cursor } : {}) });
const summary = (u: typeof user) => ({ id: u.id, name: u.name, email: u.email, status: u.status });
const massResult = {
  operationId: '01JND4H6K8M0P2R4T6W8Y0B2D4',
  total: 3,
  counts: { updated: 2, unchanged: 0, not_found: 1, failed: 0 },
  failures: [
    {
      clientId: '01JNC9Z9Z9Z9Z9Z9Z9Z9Z9Z9Z9',
      outcome: 'not_found',
      code: 'not_found',
      message: 'No existe el cliente «01JNC9Z9Z9Z9Z9Z9Z9Z9Z9Z9Z9» o no está entre los clientes que puedes ver',
    },
  ],
  complete: true,
  remaining: 0,
  remainingClientIds: [],
};
/** A mass update that ran short of time: 3 of 4 clients reached. */
const partialMassResult = {
  ...massResult,
  total: 4,
  complete: false,
  remaining: 1,
  remainingClientIds: ['01JNC8Y8Y8Y8Y8Y8Y8Y8Y8Y8Y8'],
  message: stoppedShort.es(3, 1),
};
/** How a mass write that runs short of time answers, and how to continue it. */
const stopsShort =
  '\n\nA long run stops starting new clients when the request is about to run out of time, lets the ones in flight finish and answers 200 with `complete: false`, ' +
  '`remaining` (how many clients were not reached), `remainingClientIds` and a `message`. Repeat the same request with a **new** `Idempotency-Key` to continue: ' +
  'clients already updated come back `unchanged`, and the counts of the new answer are those of the new run. (Replaying the same key returns the partial answer again.) ' +
  'A filter is evaluated again, so clients the first run moved out of it are no longer selected. When everything was reached: `complete: true`, `remaining: 0`.';

/** Ageing buckets by issue date in the default bounds (0–30 … over 120), from [amount, count] each. */
const defaultBuckets = (figures: Array<[number, number]>) =>
  figures.map(([amount, count], i) => ({ from: i === 0 ? 0 : i * 30 + 1, ...(i < 4 ? { to: (i + 1) * 30 } : {}), amount, count }));

const copiesFollow =
  "\n\nA change of category, seller, collector, agent, branch or departments moves the client's **open** invoices with it (their list filters, and their balances on the delinquency dashboard and ageing, by the next read). Drafts, paid and void invoices keep the previous values in invoice list filters.";
const versioned =
  '\n\nSend the `ETag` of your last read in `If-Match` (`"3"`, `3` or `*`): a stale one is a 412, none a 428. The response carries the new `ETag`.';
const idempotent =
  '\n\nSend an `Idempotency-Key` to retry safely: the same request again within 24 h gets the first response with `Idempotency-Replayed: true`.';
const paged =
  '\n\nPaged: `limit` (1–100) and the `cursor` of the previous page, which is sealed, valid for 1 hour and only for you, this route and these filters.';
const scoped =
  "\n\nOnly clients within your access level's reach exist for you: **level 1** all, **2** your branch, **3** your department's work, **4** your own; any other id is a 404, as for another company.";

/** A sample export for the export operations. */
const exportSample = {
  categoryId: '01JN8Q2M4R6T8V0X2Z4B6D8F0H',
  job: {
    id: '01JNEX4P6R8T0V2X4Z6B8D0F2H',
    type: 'clients',
    language: 'es',
    status: 'completed',
    rowsWritten: 1843,
    createdAt: '2026-03-02T13:45:10.000Z',
    startedAt: '2026-03-02T13:46:00.412Z',
    completedAt: '2026-03-02T13:46:03.981Z',
    download: {
      url: 'https://cobranza-uploads.s3.amazonaws.com/exports/t-losandes/01JNEX4P6R8T0V2X4Z6B8D0F2H.xlsx?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Expires=900',
      expiresAt: '2026-03-02T14:01:10.000Z',
    },
  },
};

export const operationDocs: Record<OperationId, OperationDoc> = {
  getMe: {
    description:
      'Who the token says you are (company and user) and the access your **current** user record gives: level, branch, department and permissions. Use it after sign-in to shape the UI.',
    response: { actor: { tenantId: tenant.id, userId: user.id, accessLevel: 2, branchId: branch.id, permissions: ['clients.mass_update'] }, user },
  },
  getTenant: {
    description: 'Your company and its settings: country, currency, time zone, language of its e-mails (`locale`) and the local hour scheduled e-mails go out.',
    response: tenant,
  },
  updateTenant: {
    description: `Changes company settings (**level 1**). The currency must be one the country uses.${versioned}`,
    request: { mailHour: 10, senderEmail: 'cobranza@losandes.cl' },
    response: { ...tenant, mailHour: 10, version: 4 },
  },
  listUsers: {
    description: `Users of your company, active by default (\`status=all\` adds deactivated ones).${paged}`,
    response: page([user, otherUser]),
  },
  createUser: {
    description: `Creates a user (**level 1** with \`users.manage\`) and queues the welcome e-mail. Level 2 needs a \`branchId\`, level 3 a \`departmentId\`; the e-mail is unique in the company.${idempotent}`,
    request: { email: 'jorge.soto@losandes.cl', name: 'Jorge Soto', accessLevel: 4, branchId: branch.id },
    response: otherUser,
  },
  getUser: { description: 'One user of your company.', response: user },
  updateUser: {
    description: `Changes a user (**level 1** with \`users.manage\`); \`null\` clears \`branchId\`, \`departmentId\` or \`mailbox\`. Setting \`status: "inactive"\` deactivates, \`"active"\` restores. A user still assigned to clients is only deactivated with \`?proceed=true\`.${versioned}`,
    request: { accessLevel: 3, departmentId: department.id, branchId: null },
    response: { ...user, accessLevel: 3, departmentId: department.id, branchId: undefined, version: 3 },
  },
  deactivateUser: {
    description: `Deactivates a user (**level 1** with \`users.manage\`): their tokens stop working within 30 s. Their clients keep them as seller, collector or agent; while they hold any, the answer is a 409 \`user_holds_clients\` with the counts unless \`?proceed=true\`.${versioned}`,
    response: { ...otherUser, status: 'inactive', version: 3 },
  },
  listBranches: { description: `Your company's branches (sucursales).${paged}`, response: page([branch], false) },
  createBranch: {
    description: `Creates a branch (**level 1**). Names are unique ignoring case and accents.${idempotent}`,
    request: { name: 'Sucursal Temuco' },
    response: branch,
  },
  getBranch: { description: 'One branch.', response: branch },
  updateBranch: {
    description: `Renames a branch (**level 1**).${versioned}`,
    request: { name: 'Sucursal Temuco Centro' },
    response: { ...branch, name: 'Sucursal Temuco Centro', version: 2 },
  },
  deleteBranch: { description: `Deletes a branch no user belongs to (**level 1**); otherwise 409 \`branch_in_use\` with the count.${versioned}` },
  listDepartments: { description: `Your company's departments.${paged}`, response: page([department], false) },
  createDepartment: {
    description: `Creates a department (**level 1**). Names are unique ignoring case and accents.${idempotent}`,
    request: { name: 'Cobranza' },
    response: department,
  },
  getDepartment: { description: 'One department.', response: department },
  updateDepartment: {
    description: `Renames a department (**level 1**).${versioned}`,
    request: { name: 'Cobranza y Crédito' },
    response: { ...department, name: 'Cobranza y Crédito', version: 2 },
  },
  deleteDepartment: { description: `Deletes a department no user belongs to (**level 1**); otherwise 409 \`department_in_use\` with the count.${versioned}` },

  listClients: {
    description: `Clients sorted by name — natural persons by surname (\`Muñoz Pérez, Ana María\`), companies by trade name — with filters that combine: \`name\` prefix, category, zone, seller, collector, agent, person type, city and region (ignoring case and accents).${paged}${scoped}`,
    response: page([client, otherClient]),
  },
  searchClients: {
    description: `Quick search for a search box. \`q\` matches:\n\n- the start of any word of the name (\`munoz\`, \`Muñoz\`, \`MUÑOZ\`),\n- an e-mail, a contact's e-mail, a custom id,\n- a tax id in any written form (\`13.456.783-K\`, \`13456783k\`) or without its check digit (\`13456783\`),\n- phone digits (\`98765\`).\n\nExact matches come first; each client once, with what matched.${paged}${scoped}`,
    response: page([{ client, matchedBy: 'taxId' }], false),
  },
  createClient: {
    description: `Creates a client. What a person type requires:\n\n| \`personType\` | required | allowed |\n| --- | --- | --- |\n| \`natural\` | \`firstName\`, \`firstSurname\` | \`middleName\`, \`secondSurname\` |\n| \`legal\` | \`legalName\` | \`tradeName\` |\n| \`other\` | \`name\` | |\n\nThe tax id is validated (RUT check digit, CUIT, NIT, RUC, RFC) and stored in one canonical form; it, the e-mail and the custom id are unique in the company: a duplicate is a 409 that names the client holding it. The client belongs to your branch unless a level-1 user says otherwise.${idempotent}`,
    request: {
      personType: 'natural',
      firstName: 'Ana',
      middleName: 'María',
      firstSurname: 'Muñoz',
      secondSurname: 'Pérez',
      email: 'ana.munoz@gmail.com',
      phone: '+56 45 221 3344',
      mobile: '+56 9 8765 4321',
      address: 'Av. Alemania 0671',
      city: 'Temuco',
      region: 'La Araucanía',
      taxId: { scheme: 'CL_RUT', value: '13.456.783-K' },
      categoryId: category.id,
      zoneId: zone.id,
      sellerId: otherUser.id,
      collectorId: user.id,
      paymentTermsDays: 30,
    },
    response: client,
  },
  getClient: { description: `One client, with its tax id also written the local way (\`formatted\`).${scoped}`, response: client },
  updateClient: {
    description: `Changes a client: absent fields stay, \`null\` clears an optional field; name rules are checked on the result. A PATCH that changes nothing keeps the version. A rename answers \`warnings\` (billing may still show the old name).${copiesFollow}${versioned}${scoped}`,
    request: { phone: '+56 45 298 1100', paymentTermsDays: 45, observations: 'Paga los días 5 por transferencia.' },
    response: {
      ...client,
      phone: '+56 45 298 1100',
      paymentTermsDays: 45,
      observations: 'Paga los días 5 por transferencia.',
      version: 2,
      updatedAt: sample.later,
    },
  },
  deactivateClient: {
    description: `Deactivates a client: nothing is deleted, it leaves the lists and searches of active clients, and \`POST …/restore\` brings it back. Its tax id, e-mail and custom id stay taken.${versioned}${scoped}`,
    response: { ...client, status: 'inactive', version: 2 },
  },
  restoreClient: { description: `Restores a deactivated client.${versioned}${scoped}`, response: { ...client, version: 3 } },
  getClientHistory: {
    description: `Every change of the client and its contacts, newest first: who, when, which operation, the version it produced and each field with its old and new value.${paged}${scoped}`,
    response: page([history]),
  },
  listContacts: { description: `The client's contacts.${scoped}`, response: { items: [contact] } },
  getMessageRouting: {
    description: `Who receives each kind of message (invoices, payments, reminders, notices) for the client and why: its own e-mail, its notify e-mails, contacts that opted in. When nothing is sent, \`reason\` says why.${scoped}`,
    response: { items: routing },
  },
  addContact: {
    description: `Adds a contact. \`receives\` defaults by type: billing contacts get invoices and payments, collections contacts reminders and notices.${idempotent}${scoped}`,
    request: { type: 'billing', name: 'Pedro Fuentes', email: 'pedro.fuentes@gmail.com', phone: '+56 9 7654 3210' },
    response: contact,
  },
  updateContact: {
    description: `Changes a contact; \`null\` clears its e-mail or phone.${versioned}${scoped}`,
    request: { receives: ['invoices', 'payments', 'reminders'] },
    response: { ...contact, receives: ['invoices', 'payments', 'reminders'], version: 2 },
  },
  removeContact: { description: `Removes a contact (the client's history keeps what it was).${versioned}${scoped}` },
  massUpdateClients: {
    description: `Applies one patch (category, zone, seller, collector, agent, payment terms, collections) to up to 1,000 listed clients or to every client matching a filter, within your reach (**level 1**, or the \`clients.mass_update\` permission). Each client is updated on its own: the answer counts the outcomes and lists every client that was not updated, with the reason.${copiesFollow}${stopsShort}${idempotent}`,
    request: { filter: { categoryId: category.id, city: 'Temuco' }, patch: { collectorId: user.id } },
    response: partialMassResult,
  },
  getClientOverview: {
    description: `The client with its category, zone, contacts, assigned users, message routing, latest changes and what other modules add, in one call. A module that fails shows \`{ "unavailable": true }\` instead of failing the overview.${scoped}`,
    response: {
      client,
      category,
      zone,
      contacts: [contact],
      assigned: { seller: summary(otherUser), collector: summary(user) },
      counts: { contacts: 1 },
      messaging: routing,
      recentChanges: [history],
      sections: {},
    },
  },
  listAgents: {
    description: 'Every user with how many clients have them as preferred agent, busiest first (**level 1**): what to look at before reassigning.',
    response: {
      items: [
        { agent: summary(user), clients: 148 },
        { agent: summary(otherUser), clients: 0 },
      ],
    },
  },
  reassignAgents: {
    description:
      `Moves every client of each old agent to a new one (\`{ "old": "new" }\`, up to 50 moves), one mass update per old agent, within your reach (**level 2** or broader with \`clients.reassign_agent\`).${stopsShort} ` +
      "Each old agent's book is read again, so a repeat moves only the clients still with it; but in a swap or chain (a new agent also among the old ones) the clients already moved are in a book again: continue those with a mass update of `remainingClientIds` instead." +
      `${idempotent}`,
    request: { moves: { [otherUser.id]: user.id } },
    response: {
      complete: true,
      results: { [otherUser.id]: { ...massResult, counts: { updated: 3, unchanged: 0, not_found: 0, failed: 0 }, total: 3, failures: [] } },
    },
  },
  listCategories: { description: `The company's client categories.${paged}`, response: page([category], false) },
  createCategory: {
    description: `Creates a category (**level 1**): a name unique ignoring case and accents, a colour \`#RRGGBB\`, an optional icon.${idempotent}`,
    request: { name: 'Mayorista', color: '#1f7a4d', icon: 'store' },
    response: category,
  },
  getCategory: { description: 'One category.', response: category },
  updateCategory: {
    description: `Changes a category (**level 1**); \`icon: null\` removes the icon.${versioned}`,
    request: { color: '#2E86C1' },
    response: { ...category, color: '#2E86C1', version: 2 },
  },
  deleteCategory: {
    description: `Deletes a category no client holds (**level 1**). While clients hold it (inactive ones too) the answer is 409 \`category_in_use\` with \`clients\`: move them with a mass update first.${versioned}`,
  },
  listZones: { description: `The company's zones.${paged}`, response: page([zone], false) },
  createZone: {
    description: `Creates a zone (**level 1**); names are unique ignoring case and accents.${idempotent}`,
    request: { name: 'Araucanía Norte' },
    response: zone,
  },
  getZone: { description: 'One zone.', response: zone },
  updateZone: {
    description: `Renames a zone (**level 1**).${versioned}`,
    request: { name: 'Araucanía Costa' },
    response: { ...zone, name: 'Araucanía Costa', version: 2 },
  },
  deleteZone: { description: `Deletes a zone no client holds (**level 1**); otherwise 409 \`zone_in_use\` with \`clients\`.${versioned}` },

  createImport: {
    description: `Starts an Excel import (the \`imports.run\` permission): answers the job (\`pending\`) and a presigned URL signed for exactly \`sizeBytes\` bytes (at most 20 MB). \`PUT\` the \`.xlsx\` there with the given \`Content-Type\` before \`expiresAt\`; the upload starts the import. \`mode\`: \`create\` (only new records), \`update\` (only existing ones) or \`upsert\` (default); \`dryRun\` checks every row and writes nothing; \`createMissingReferences\` creates categories and zones a row names. The job's language (error workbook, e-mail) is the request's \`Accept-Language\`.${idempotent}`,
    request: { type: 'clients', fileName: 'clientes-marzo.xlsx', sizeBytes: 48_213, mode: 'upsert', dryRun: false },
    response: {
      job: {
        ...importJob,
        status: 'pending',
        sizeBytes: undefined,
        progress: { rowsRead: 0, created: 0, updated: 0, unchanged: 0, failed: 0 },
        checkpoint: 0,
        errorSample: [],
        errorWorkbook: undefined,
        startedAt: undefined,
        finishedAt: undefined,
        updatedAt: importJob.createdAt,
        version: 1,
      },
      upload: {
        url: `https://cobranza-uploads.s3.amazonaws.com/${importJob.objectKey}?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Expires=900`,
        method: 'PUT',
        contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        contentLength: 48_213,
        expiresAt: '2026-03-02T14:00:10.000Z',
      },
    },
  },
  getImport: {
    description:
      "An import job: its status (`pending` → `running` → `completed` | `completed_with_errors` | `failed`), live progress (rows read, created, updated, unchanged, failed), the checkpoint (last committed row), why it failed, the first row errors, and once rows failed a short-lived URL to download the error workbook (the uploaded columns plus row, column, value and message in the job's language).",
    response: importJob,
  },
  listImports: {
    description: `Imports, newest first: every import of the company at level 1, your own at levels 2–4 (an import's error workbook holds the rows of the clients its requester reaches).${paged}`,
    response: page([importJob], false),
  },
  getImportTemplate: {
    description:
      'The `.xlsx` to fill in and upload for an import type (`Content-Disposition: attachment`), in the language of `Accept-Language` (Spanish by default): ' +
      'the data sheet with its headers (bold, frozen; the id column first, kept so that uploading it again updates instead of duplicating), ' +
      'dropdowns fed by a hidden sheet of your lists (categories, zones, users’ e-mails, person types, tax id schemes, currencies, payment methods, yes/no), ' +
      'and an instructions sheet documenting every column and how rows are matched on upload (id, else custom id, else tax id, else e-mail). ' +
      '`clients` comes pre-filled with the active clients your access level lets you see (at most 10,000 and 4 MB: beyond that, 409 `template_too_large` or `template_too_big`; use the client export). ' +
      'Text that would start a formula (`=`, `+`, `-`, `@`, tab, CR) is written after an apostrophe.',
  },

  listInvoices: {
    description: `Invoices of the clients within your reach, with filters that combine: \`status\` (\`draft\`, \`issued\`, \`partially_paid\`, \`paid\`, \`void\`, or \`overdue\`: open with a due date before your company's today), \`clientId\`, \`categoryId\` (\`none\`: clients without a category), issue and due date ranges (\`YYYY-MM-DD\`, both ends included) and a total range in minor units. Oldest issue date first; at level 1, \`overdue\` comes oldest due date first (read from the index of open invoices only). Each list is served by an index: a page reads at most a few index pages, so a narrow filter may answer fewer items than \`limit\` with a \`cursor\` to go on. Lists show the header without lines (\`lineCount\`).${paged}${scoped}`,
    response: page([{ ...Object.fromEntries(Object.entries(invoice).filter(([k]) => k !== 'lines')), lineCount: invoice.lines.length }]),
  },
  createInvoice: {
    description: `Creates an invoice of a client within your reach (the \`invoices.manage\` permission), as a \`draft\` (default) or \`issued\`. Lines take decimal quantities and unit prices as text or numbers; each line's tax is rounded half up per rate, and amounts come back in minor units of the currency.\n\n- \`number\`: given (unique in your company, ignoring case: a 409 names the invoice holding it), or, when issued without one, the next of your company's sequence, drawn in the same write as the invoice: a failed write leaves no gap. A draft without one is numbered when issued.\n- \`issueDate\` defaults to your company's today; \`dueDate\` to the issue date plus the client's payment terms.\n- \`currency\` defaults to your company's; it must be one your company bills in (its own and its country's, e.g. CLP or CLF in Chile; any with \`allowForeignCurrency\`).${idempotent}${scoped}`,
    request: invoiceInput,
    response: invoice,
  },
  getInvoice: {
    description: `One invoice with its lines, its derived \`displayStatus\` (\`overdue\` once past due) and \`holdState\`.${scoped}`,
    response: invoice,
  },
  issueInvoice: {
    description: `Issues a draft (\`invoices.manage\`): it keeps its number or takes the next of the sequence, and its balance becomes its total. Anything but a draft is a 409 \`not_draft\`.${scoped}`,
    response: { ...invoice, version: 2 },
  },
  voidInvoice: {
    description: `Voids a draft or an issued invoice nothing was applied to (\`invoices.manage\`); with payments or credit notes applied it is a 409 \`has_applied_amounts\`: reverse them first. Its number stays taken.${scoped}`,
    response: { ...invoice, status: 'void', displayStatus: 'void', balance: 0, version: 2 },
  },
  holdInvoice: {
    description: `Puts an open invoice on hold (\`invoices.manage\`): \`disputed\` with a reason, or \`promise\` to pay on \`promisedDate\` (today or later). Reminders leave it alone while the hold lasts; a promise past its date shows as \`holdState: broken_promise\`. A new hold replaces the current one.${scoped}`,
    request: { kind: 'promise', promisedDate: '2026-04-10', reason: 'Paga con la venta de fin de mes' },
    response: {
      ...invoice,
      hold: { kind: 'promise', promisedDate: '2026-04-10', reason: 'Paga con la venta de fin de mes', since: '2026-03-02' },
      holdState: 'promised',
      version: 2,
    },
  },
  releaseInvoiceHold: {
    description: `Releases the hold (\`invoices.manage\`); an invoice without one is answered as it is.${scoped}`,
    response: { ...invoice, version: 3 },
  },
  getClientStatement: {
    description: `Statement of account (estado de cuenta) of a client in one currency (default your company's): \`openingBalance\` (what the client owed at the end of the day before \`from\`), every movement from \`from\` to \`to\` (both included; default the first day of your company's current month to its today) with the balance after it, and \`closingBalance\` (at the end of \`to\`). Invoices issued and reversals raise the balance; payments (in full when received, applied or not), credit notes and voids lower it, each on its business date; a negative balance is in the client's favour. \`to\` must be on or after \`from\` and less than 5 years after it.\n\nIts cost does not grow with the client's history: the opening balance reads one total per month before \`from\`'s month plus that month's movements before \`from\`. Lines come oldest first, up to \`limit\` (1–250, default 250) per page; later pages (\`cursor\`, sealed, valid for 1 hour and only for you, this client and these parameters) continue the running balance and repeat the header.${scoped}`,
    response: {
      clientId: client.id,
      currency: 'CLP',
      from: '2026-03-01',
      to: '2026-03-31',
      openingBalance: 119000,
      closingBalance: 249424,
      lines: [
        { date: '2026-03-02', kind: 'invoice', documentId: invoice.id, number: '1024', amount: 273224, debit: 273224, credit: 0, balance: 392224 },
        {
          date: '2026-03-10',
          kind: 'payment',
          documentId: '01JND7Q2S4U6W8Y0A2C4E6G8J0',
          number: 'TRF-5531',
          amount: 119000,
          debit: 0,
          credit: 119000,
          balance: 273224,
        },
        {
          date: '2026-03-20',
          kind: 'credit_note',
          documentId: '01JND8R3T5V7X9Z1B3D5F7H9K1',
          number: 'NC-88',
          amount: 23800,
          debit: 0,
          credit: 23800,
          balance: 249424,
        },
      ],
    },
  },

  getReceivablesDashboard: {
    description:
      'What your clients owe past due, by client category (`none`: clients without one, shown as "Sin info"): clients, invoices and amount per segment, in your company\'s currency, with their total and what is open overall. KPIs: the share of the overdue balance more than 90 days past due, and the countback DSO (how many days of the most recent sales — this month so far, then whole months back, 24 at most — the open balance amounts to). Other currencies invoiced come apart in `otherCurrencies`, never converted.\n\nRead from aggregates that every invoice write keeps in its own transaction, so a new invoice or a void shows in the next read, and the cost does not grow with the paid history. Company-wide: **level 1** only (the figures cover every client).',
    response: {
      currency: 'CLP',
      today: '2026-03-02',
      segments: [
        { categoryId: sample.category.id, clients: 12, invoices: 31, amount: 18_450_000 },
        { categoryId: 'none', clients: 3, invoices: 4, amount: 1_210_500 },
      ],
      overdue: { clients: 15, invoices: 35, amount: 19_660_500 },
      open: { invoices: 88, amount: 52_300_000 },
      kpis: {
        beyond90: { overdueAmount: 19_660_500, beyondAmount: 4_915_125, basisPoints: 2500 },
        dso: { days: 47.3, exhausted: false, receivable: 52_300_000, months: 24 },
      },
      otherCurrencies: [{ currency: 'CLF', open: { invoices: 2, amount: 1_250_000 }, overdue: { invoices: 1, amount: 500_000 } }],
    },
  },
  getReceivablesAgeing: {
    description:
      "Open balances in your company's buckets (`ageingBounds`, set with `PATCH /v1/tenant`; by default 0–30, 31–60, 61–90, 91–120 and over 120 days), overall and per client category: by days since issue (`basis=issue`, the default, as the delinquency table counts them) or by days past due (`basis=due`, with what is not yet due apart in `notDue`). `categoryId` keeps one category (`none`: clients without one); `currency` another currency than your company's.\n\nRead from the same aggregates as the dashboard. Company-wide: **level 1** only.",
    response: {
      currency: 'CLP',
      today: '2026-03-02',
      bounds: [30, 60, 90, 120],
      overall: {
        basis: 'issue',
        buckets: defaultBuckets([
          [20_100_000, 40],
          [14_000_000, 25],
          [9_000_000, 12],
          [4_200_000, 6],
          [5_000_000, 5],
        ]),
        total: { amount: 52_300_000, count: 88 },
      },
      byCategory: {
        none: {
          basis: 'issue',
          buckets: defaultBuckets([
            [0, 0],
            [1_210_500, 4],
            [0, 0],
            [0, 0],
            [0, 0],
          ]),
          total: { amount: 1_210_500, count: 4 },
        },
      },
    },
  },
  getClientBalance: {
    description: `What the client owes per currency it was invoiced in: open balance (overdue included), overdue balance, unapplied credit, days past due of its oldest overdue invoice and average days from issue to paid. Read from the client's own receivables item, which every invoice write updates in its transaction: one read, whatever its history. A client without invoices answers \`currencies: []\`.${scoped}`,
    response: {
      clientId: client.id,
      today: '2026-03-02',
      currencies: [{ currency: 'CLP', openBalance: 629_510, overdueBalance: 251_804, credit: 0, oldestOverdueDays: 12, averageDaysToPay: 34.5 }],
    },
  },
  getClientReceivablesSummary: {
    description: `The client's invoice summary blocks per currency, each a count and an amount: \`pending\` (open, overdue included: balances), \`paid\` (totals), \`overdue\` (balances past due), \`draft\` (totals), \`partiallyPaid\` (the part paid or credited) and \`total\` (every invoice but drafts and void ones). \`period\`: \`year\` (invoices issued this year) or \`all\`; when not given, your saved \`summaryPeriod\` (\`PUT /v1/receivables/preferences\`), else \`all\`. \`overdue\` is all time in both periods.${scoped}`,
    response: {
      clientId: client.id,
      today: '2026-03-02',
      period: 'year',
      year: '2026',
      currencies: [
        {
          currency: 'CLP',
          pending: { count: 3, amount: 629_510 },
          paid: { count: 5, amount: 1_259_020 },
          overdue: { count: 1, amount: 251_804 },
          draft: { count: 1, amount: 125_902 },
          partiallyPaid: { count: 1, amount: 100_000 },
          total: { count: 8, amount: 1_988_530 },
        },
      ],
    },
  },
  getReceivablesPreferences: {
    description:
      'Your own saved choices for the receivables views: `summaryPeriod`, the period of the client summary blocks when a request names none (`all` until you save one).',
    response: { summaryPeriod: 'all' },
  },
  saveReceivablesPreferences: {
    description: 'Saves your own choices for the receivables views (they are yours: other users keep theirs).',
    request: { summaryPeriod: 'year' },
    response: { summaryPeriod: 'year' },
  },

  ...paymentDocs,
  ...noteDocs,
  ...notesExportDocs,
  ...taskDocs,
  ...collectionsDocs,
  ...portalDocs,
  ...collectionsLogDocs,
  ...escalationDocs,
  ...clientImageDocs,

  listEstimates: {
    description: `Estimates (presupuestos) of the clients within your reach, filtered by \`status\` (\`draft\`, \`sent\` = outstanding, \`accepted\`, \`rejected\`) and \`clientId\`. Oldest issue date first; served by indexes (by client, by status, or your scope's), so a filtered page may hold fewer than \`limit\` with a \`cursor\` to go on. Lists show the header without lines (\`lineCount\`).${paged}${scoped}`,
    response: page([{ ...Object.fromEntries(Object.entries(estimate).filter(([k]) => k !== 'lines')), lineCount: estimate.lines.length }]),
  },
  createEstimate: {
    description: `Creates a draft estimate of a client within your reach (the \`estimates.manage\` permission). Lines are priced as an invoice's (tax per line, rounded half up per rate; amounts in minor units).\n\n- \`number\`: given (unique among your company's estimates, ignoring case: a 409 names the estimate holding it) or the next of your company's estimate sequence, drawn in the same write: a failed write leaves no gap.\n- \`issueDate\` defaults to your company's today; \`validUntil\` (the last day the offer stands) is optional and not before it.\n- \`currency\` defaults to your company's; it must be one your company bills in.${idempotent}${scoped}`,
    request: estimateInput,
    response: estimate,
  },
  getEstimate: { description: `One estimate with its lines; \`invoiceId\` names the invoice it became once converted.${scoped}`, response: estimate },
  updateEstimate: {
    description: `Edits a draft (\`estimates.manage\`): \`issueDate\`, \`validUntil\` (\`null\` clears it), \`currency\`, \`lines\` (all replaced, priced again). Once sent, an estimate is what the client saw: anything but a draft is a 409 \`estimate_not_draft\`.${scoped}`,
    request: { validUntil: '2026-04-15' },
    response: { ...estimate, validUntil: '2026-04-15', version: 2 },
  },
  sendEstimate: {
    description: `Marks a draft as sent to the client (\`estimates.manage\`): it becomes outstanding in the client's estimates tab. From any other status it is a 409 \`estimate_transition\`.${scoped}`,
    response: { ...estimate, status: 'sent', version: 2 },
  },
  acceptEstimate: {
    description: `Records that the client accepted a sent estimate (\`estimates.manage\`); only a sent one can be accepted (409 \`estimate_transition\`).${scoped}`,
    response: { ...estimate, status: 'accepted', version: 3 },
  },
  rejectEstimate: {
    description: `Records that the client rejected a sent estimate (\`estimates.manage\`); only a sent one can be rejected (409 \`estimate_transition\`).${scoped}`,
    response: { ...estimate, status: 'rejected', version: 3 },
  },
  convertEstimate: {
    description: `Converts an accepted estimate into an invoice with the same lines and totals (\`estimates.manage\` and \`invoices.manage\`): a draft, or issued at once with the next number of the invoice sequence (\`issue: true\`); the issue date is your company's today and the due date follows the client's terms. The invoice and the estimate's mark (\`invoiceId\`) are written in one transaction conditioned on the estimate's version, so an estimate converts once: two conversions at once make one invoice, and any later one is a 409 \`already_converted\` naming it.${idempotent}${scoped}`,
    request: { issue: true },
    response: { ...invoice, estimateId: estimate.id },
  },
  getClientEstimatesTab: {
    description: `The client's estimates tab: per currency, \`outstanding\` (sent, awaiting the client), \`accepted\` and \`rejected\`, each a count and the sum of the totals in minor units (drafts are in none; a converted estimate stays accepted); and the client's last 20 estimates, newest issue date first. The figures are kept by every estimate write, so reading them costs one item per currency, whatever the client's history.${scoped}`,
    response: {
      currencies: [
        {
          currency: 'CLP',
          outstanding: { count: 1, amount: estimate.totals.total },
          accepted: { count: 2, amount: 1_305_220 },
          rejected: { count: 0, amount: 0 },
        },
      ],
      last: [{ ...Object.fromEntries(Object.entries(estimate).filter(([k]) => k !== 'lines')), status: 'sent', lineCount: estimate.lines.length }],
    },
  },

  getOpenApi: { description: 'This document (OpenAPI 3.1), generated from the same schemas that validate requests. Public.' },
  getDocs: { description: 'The API reference (Swagger UI), served by this API with its own assets: no CDN. Public.' },
  getDocsAsset: { description: 'A file of the reference page (script, style sheet, icon). Public; cached for a year, since the path names the version.' },

  createExport: {
    description: `Queues an Excel export (the \`exports.run\` permission) of the clients your access level lets you list, all or those the \`filter\` of \`GET /v1/clients\` names: \`clients\` (the client list: id, name, observations, e-mail, phones, address, zone, document, city, region, billing, tax id, unpaid invoices and balance, dates, category and assigned users) or \`delinquency\` (the mora report: each client with something overdue, its overdue balance by ageing bucket and its category). Headers and e-mail follow \`Accept-Language\`. A scheduled runner (every minute) writes the file and e-mails you a link valid 12 hours; \`GET /v1/exports/{exportId}\` shows progress and mints a fresh link.${idempotent}`,
    request: { type: 'clients', filter: { categoryId: exportSample.categoryId } },
    response: { ...exportSample.job, status: 'pending', rowsWritten: 0, startedAt: undefined, completedAt: undefined, download: undefined },
  },
  getExport: {
    description:
      "One of your exports: `pending` → `running` (rows written so far) → `completed` (with a download link valid 15 minutes; read again for a new one) or `failed` (with the reason in your language). Another user's export is a 404.",
    response: exportSample.job,
  },
  listExports: {
    description: `Your exports, newest first (no links: read one to get its link).${paged}`,
    response: page([{ ...exportSample.job, download: undefined }]),
  },
};

/** Parameters described once by name, wherever a route uses them. */
export const parameterDescriptions: Record<string, string> = {
  messageId: 'The id of a reminder or notice, as the send log lists it',
  escalationId: 'The escalation id (ULID), as returned when the invoices were escalated',
  deliveryId: 'The id of a webhook to the agency (ULID): also its `Idempotency-Key`',
  stage: 'The escalation stage: `extrajudicial`, `prejudicial` or `judicial`',
  type: 'The kind of message: a reminder type (`due_soon`, `due_today`, `overdue`, `statement`, `payment_received`) or `notice`',
  clientId: 'The client id (ULID), as returned when it was created',
  contactId: 'The contact id (ULID)',
  userId: 'The user id',
  branchId: 'The branch id',
  departmentId: 'The department id',
  categoryId: 'The category id',
  zoneId: 'The zone id',
  importId: 'The import job id',
  exportId: 'The export id (from `POST /v1/exports`)',
  invoiceId: 'The invoice id (ULID)',
  paymentId: 'The payment id (ULID)',
  creditNoteId: 'The credit note id (ULID)',

  estimateId: 'The estimate id (ULID)',
  noteId: 'The note id (ULID)',
  taskId: 'The task id (ULID)',
  conceptId: 'The notice concept id: `before-7` and `after-7` for the built-in ones, a ULID for the rest',
  limit: 'How many items a page holds at most (1–100)',
  sellerId: 'Clients whose seller is this user',
  personType: '`natural`, `legal` or `other`',
  status: '`active` (default), `inactive`, or `all`',
  collectionsEnabled: '`true`: clients with collections e-mails on; `false`: off',
  q: 'What the person typed: a word of the name, an e-mail, a tax id, phone digits or a custom id',
  version: 'The UI version the page asked for; another version is a 404',
  file: 'The asset file name',
};
