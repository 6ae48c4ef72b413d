import { conflict, DomainError, forbidden, invalidFields, invalidState, notFound, versionMismatch } from '../../../domain/shared/errors.ts';
import { catalogInUse } from '../../../domain/clients/catalog-usage.ts';
import { contactEmailTaken } from '../../../domain/clients/contact-email.ts';
import { requireAccess } from '../../../domain/shared/actor.ts';
import type { HttpEvent } from '../http-types.ts';
import { entityOfPathParam } from '../messages/glossary.ts';
import { problem, problemOf, toProblem, unavailableProblem, type Problem } from '../problem.ts';
import { bodyTooLarge, jsonBody } from '../request-body.ts';
import type { RouteSpec } from '../route-spec.ts';
import { invalidCursor } from '../sealed-cursor.ts';
import { parsePart } from '../validate.ts';
import * as z from 'zod';
import type { OperationId } from './operation-ids.ts';
import { sample } from './samples.ts';
import { paymentErrors } from './payments-errors.ts';
import { noteErrors } from './notes-errors.ts';
import { taskErrors } from './tasks-errors.ts';
import { collectionsErrors } from './collections-errors.ts';
import { escalationErrors } from './escalations-errors.ts';
import { clientImageErrors } from './client-images-errors.ts';
import { portalErrors, portalTokenErrors } from './portal-errors.ts';

/**
 * One error an operation answers: when (markdown), and the very error the code raises in that case,
 * so the documented example is what the API sends (worded by the same catalogue, in Spanish, the default).
 */
export interface DeclaredError {
  when: string;
  error: unknown;
  /**
   * Set on errors particular to an operation (not implied by its flags): test/integration/openapi-errors.test.ts
   * must produce each through the API, or `shownBy` names the test file that does.
   */
  specific?: { shownBy?: string };
}

/** The request id examples carry. */
export const EXAMPLE_REQUEST_ID = '6f1c2a9e-3b7d-4e21-9c55-0a8f7d4e2b13';

/** What an error answers: status, code and the body, worded in Spanish as by default. */
export const problemOfError = (error: unknown): Problem => toProblem(error, 'es', EXAMPLE_REQUEST_ID);

/** The error the code raises for this input, run through the real function (validation, body parsing). */
function raised(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected the input to be refused');
}

const idOfEntity: Record<string, string> = {
  client: sample.client.id,
  contact: sample.contact.id,
  user: sample.user.id,
  branch: sample.branch.id,
  department: sample.department.id,
  category: sample.category.id,
  zone: sample.zone.id,
  import: sample.importJob.id,
  tenant: sample.tenant.id,
  invoice: sample.invoice.id,
  payment: '01JND7A2C4E6G8J0K2M4P6R8T0',
  creditNote: '01JND7B3D5F7H9K1M3N5Q7S9V1',

  estimate: sample.estimate.id,
  noticeConcept: '01JNE2K4M6P8R0T2V4X6Z8B0D2',
  escalation: '01JNF2A4C6E8G0J2L4N6Q8S0U2',
  delivery: '01JNF2B5D7F9H1K3M5P7R9T1V3',
};
/** The record a route's path names last (`contactId` on contact routes), or the tenant. */
const entityOfRoute = (route: RouteSpec) => {
  const names = route.params ? Object.keys(route.params.shape) : [];
  return entityOfPathParam[names.at(-1) ?? ''] ?? 'tenant';
};

const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $metadata: {} });
const event = (headers: Record<string, string>, body: string) => ({ headers, body, isBase64Encoded: false }) as unknown as HttpEvent;

/** What the validator answers for an empty body, or (when every field is optional) for an unknown field. */
const bodyRefusal = (body: z.ZodType) =>
  body.safeParse({}).success ? raised(() => parsePart(body, { telefono: '+56 9 8765 4321' }, 'body')) : raised(() => parsePart(body, {}, 'body'));

/** Errors implied by what a route declares: a body, path parameters, If-Match, Idempotency-Key, a requirement. */
export function genericErrors(route: RouteSpec): DeclaredError[] {
  const errors: DeclaredError[] = [];
  if (route.body) {
    errors.push({ when: 'A field is missing, unknown or invalid: `errors[]` names each with a JSON pointer (`/body/...`)', error: bodyRefusal(route.body) });
    errors.push({ when: 'The body is not valid JSON', error: problemOf('malformed_json', { position: 17 }) });
    errors.push({ when: 'The body is over 1 MiB', error: bodyTooLarge(1_250_000) });
    errors.push({ when: 'The body is not sent as `application/json`', error: raised(() => jsonBody(event({ 'content-type': 'text/plain' }, 'nombre=Ana'))) });
  } else {
    errors.push({
      when: 'A body was sent (this operation takes none)',
      error: problem('validation_failed', 'this operation takes no body', [{ pointer: '/body', code: 'unexpected_body', message: '' }]),
    });
  }
  const query = route.query ?? z.strictObject({});
  errors.push({
    when: 'An unknown or invalid query parameter (`/query/...`)',
    error: raised(() => parsePart(query, { ...(route.query && 'limit' in route.query.shape ? { limit: '500' } : { filtro: 'x' }) }, 'query')),
  });
  if (route.query && 'cursor' in route.query.shape) {
    errors.push({
      when: 'The `cursor` is not one this route handed out to you with these filters, or it is over 1 hour old: start again from the first page',
      error: invalidCursor(),
    });
  }
  if (route.params) {
    const name = Object.keys(route.params.shape)[0]!;
    errors.push({
      when: 'A path parameter is not a valid id',
      error: raised(() => parsePart(route.params!, { ...Object.fromEntries(Object.keys(route.params!.shape).map((k) => [k, 'x'])), [name]: 'a/b c' }, 'path')),
    });
    const entity = entityOfRoute(route);
    errors.push({
      when: `No such ${entity}${entity === 'client' || entity === 'contact' ? ', or the client is outside the records your access level lets you see' : ''}; an id of another company is the same 404`,
      error: notFound(entity, idOfEntity[entity]!),
    });
  }
  if (route.portal) {
    errors.push(...portalTokenErrors);
    errors.push({
      when: 'A service the API depends on is unavailable: `reason` says how, `outcome` whether anything changed; retry after `Retry-After` seconds',
      error: unavailableProblem(throttled),
    });
  } else if (!route.public) {
    errors.push({ when: 'No token, or an invalid or expired one', error: problemOf('unauthenticated', { reason: 'missing_token' }) });
    errors.push({ when: 'Your user was deactivated', error: problem('user_inactive', 'the user is deactivated or does not exist') });
    errors.push({ when: "Your company's account is suspended", error: problem('tenant_suspended', 'the tenant is suspended') });
    errors.push({
      when: 'The token names a company that does not exist',
      error: problem('tenant_unavailable', 'the token names a tenant that does not exist'),
    });
    const requirement = route.requires!;
    if (requirement.level < 4 || requirement.permission) {
      errors.push({
        when: 'Your access level or permissions are below what this operation requires (checked before the body is read)',
        error: raised(() => requireAccess({ tenantId: sample.tenant.id, userId: sample.user.id, accessLevel: 4, permissions: [] }, requirement)),
      });
    }
    errors.push({
      when: 'A service the API depends on is unavailable: `reason` says how, `outcome` whether anything changed; retry after `Retry-After` seconds',
      error: unavailableProblem(throttled),
    });
  }
  if (route.conditional) {
    const entity = entityOfRoute(route);
    errors.push({
      when: '`If-Match` does not name the current version: read the record again and retry with its `ETag`',
      error: versionMismatch(entity, idOfEntity[entity]!),
    });
    errors.push({
      when: '`If-Match` is missing',
      error: problem('precondition_required', 'If-Match is required', [{ pointer: '/header/if-match', code: 'if_match_required', message: '' }]),
    });
  }
  if (route.idempotent) {
    errors.push({
      when: 'Malformed `Idempotency-Key` (1–255 printable ASCII characters)',
      error: problem('validation_failed', 'invalid Idempotency-Key', [{ pointer: '/header/idempotency-key', code: 'invalid_idempotency_key', message: '' }]),
    });
    errors.push({
      when: 'The first request with this `Idempotency-Key` is still running: send the same request again after `Retry-After` seconds',
      error: problem('idempotency_in_progress', 'in progress', undefined, { retryAfter: 2 }),
    });
    errors.push({
      when: 'The request with this `Idempotency-Key` finished but its response was too large to keep',
      error: problem('idempotency_result_unavailable', 'too large', undefined, { originalStatus: 200 }),
    });
    errors.push({
      when: 'This `Idempotency-Key` was already used with another query or body on this path',
      error: problem('idempotency_key_reused', 'key used with another request'),
    });
  }
  errors.push({ when: 'A bug on our side: nothing about the request is wrong; quote `instance` to support', error: new Error('internal') });
  return errors;
}

const taxIdConflict = new DomainError('conflict', 'client with this taxId already exists', {
  entity: 'client',
  field: 'taxId',
  taxIdScheme: 'CL_RUT',
  existingId: sample.otherClient.id,
  existingName: sample.otherClient.displayName,
  existingStatus: 'active',
});
const emailOfInactive = conflict('client', 'email', sample.otherClient.id, { name: sample.otherClient.displayName, status: 'inactive' });
const unknownCategory = invalidFields('category does not exist', [
  { pointer: '/categoryId', code: 'unknown_reference', params: { entity: 'category', id: 'mayorista' } },
]);
const nameTaken = (kind: string, id: string, name: string) => ({
  when: `Another ${kind} already has this name (names are unique ignoring case and accents)`,
  error: conflict(kind, 'name', id, { name }),
  specific: {},
});
const inUse = (kind: 'category' | 'zone' | 'branch' | 'department', count: number) => ({
  when:
    kind === 'category' || kind === 'zone'
      ? `Clients still hold the ${kind}: \`clients\` says how many are active and how many inactive; move them with a mass update first`
      : `Users still belong to the ${kind}: \`users\` says how many; move them first`,
  error:
    kind === 'category' || kind === 'zone'
      ? catalogInUse({ kind, id: sample[kind].id, name: sample[kind].name }, { active: count, inactive: 1 })
      : invalidState(`${kind} in use`, { reason: `${kind}_in_use`, users: count }),
  specific: {},
});
const holdsClients = {
  when: 'Deactivating a user who is still seller, collector or preferred agent of clients: `clients` has the counts; reassign them, or repeat with `?proceed=true`',
  error: invalidState('the user still holds clients', { reason: 'user_holds_clients', clients: { seller: 12, collector: 3, agent: 0 } }),
  specific: {},
};
const selfLockout = {
  when: 'An administrator may not demote or deactivate themselves (the company could be left without one)',
  error: invalidState('an administrator cannot demote or deactivate themselves', { reason: 'self_lockout' }),
  specific: {},
};
const outsideScope = {
  when: 'The client would end up outside the records your access level lets you see (another branch, or no longer yours)',
  error: forbidden('outside_scope'),
  specific: {},
};
const branchChange = {
  when: 'Only level 1 moves a client to another branch (or creates one in a branch other than yours)',
  error: forbidden('branch_change'),
  specific: {},
};
const unknownReference = {
  when: 'A referenced category, zone, user or branch does not exist: `errors[]` points at the field (`unknown_reference`)',
  error: unknownCategory,
  specific: {},
};

const contactEmailTaken_ = {
  when: 'Another contact of this client already has this e-mail (compared trimmed, ignoring case): `existingId` and `existingName` name it',
  error: contactEmailTaken(sample.contact),
  specific: { shownBy: 'test/integration/contact-email-uniqueness.test.ts' },
};

/** Errors of the invoice routes, each produced through the API by the invoices' HTTP test. */
const invoicesShown = { shownBy: 'test/integration/invoices-api.test.ts' };
const invoiceErrors = {
  numberTaken: {
    when: 'Another invoice of your company already has this number (ignoring case): `existingId` names it',
    error: conflict('invoice', 'number', '01JND6Q1S3U5W7Y9A1C3E5G7J9'),
    specific: invoicesShown,
  },
  clientNotVisible: {
    when: 'No such client, or the client is outside the records your access level lets you see (`entity: client`)',
    error: notFound('client', sample.client.id),
    specific: invoicesShown,
  },
  currency: {
    when: 'The currency is not one your company invoices in (`currency_not_allowed`, with the ones it does)',
    error: invalidFields('USD is not a currency of the tenant', [
      { pointer: '/currency', code: 'currency_not_allowed', params: { currency: 'USD', currencies: ['CLP', 'CLF'] } },
    ]),
    specific: invoicesShown,
  },
  notDraft: {
    when: 'The invoice is not a draft: `recordStatus` says what it is',
    error: invalidState('not_draft', { status: 'issued' }),
    specific: invoicesShown,
  },
  applied: {
    when: 'Payments or credit notes are applied to the invoice (`paid`, `credited`): reverse them before voiding it',
    error: invalidState('has_applied_amounts', { paid: 50000, credited: 0, currency: 'CLP' }),
    specific: invoicesShown,
  },
  alreadyVoid: { when: 'The invoice is already void', error: invalidState('already_void'), specific: invoicesShown },
  notOpen: {
    when: 'Only an open invoice (issued or partially paid) takes a hold: `recordStatus` says what it is',
    error: invalidState('not_open', { status: 'paid', invoiceId: sample.invoice.id }),
    specific: invoicesShown,
  },
};

/** Errors of the estimate routes, each produced through the API by the estimates' HTTP test. */
const estimatesShown = { shownBy: 'test/integration/estimates-api.test.ts' };
const estimateErrors = {
  numberTaken: {
    when: 'Another estimate of your company already has this number (ignoring case): `existingId` names it',
    error: conflict('estimate', 'number', '01JND7B3D5F7H9K1M3P5R7T9W1'),
    specific: estimatesShown,
  },
  transition: (move: 'send' | 'accept' | 'reject', expected: string) => ({
    when: `The estimate is not ${expected === 'draft' ? 'a draft' : expected}: \`recordStatus\` says what it is (\`estimate_transition\`)`,
    error: invalidState('estimate_transition', { move, status: 'rejected', expected }),
    specific: estimatesShown,
  }),
  notDraft: {
    when: 'Only a draft is edited: `recordStatus` says what the estimate is (`estimate_not_draft`)',
    error: invalidState('estimate_not_draft', { status: 'sent' }),
    specific: estimatesShown,
  },
  notAccepted: {
    when: 'Only an accepted estimate converts (`estimate_not_accepted`)',
    error: invalidState('estimate_not_accepted', { status: 'sent' }),
    specific: estimatesShown,
  },
  converted: {
    when: 'The estimate was already converted: `invoiceId` names its invoice (`already_converted`)',
    error: invalidState('already_converted', { invoiceId: sample.invoice.id }),
    specific: estimatesShown,
  },
  noInvoicing: {
    when: 'Converting also creates an invoice: it needs `invoices.manage` besides `estimates.manage`',
    error: raised(() =>
      requireAccess(
        { tenantId: sample.tenant.id, userId: sample.user.id, accessLevel: 4, permissions: ['estimates.manage'] },
        { level: 4, permission: 'invoices.manage' },
      ),
    ),
    specific: estimatesShown,
  },
};

/** A named catalogue's create and rename (name taken) and delete (still in use). */
const namedCatalogErrors = <Cap extends 'Branch' | 'Department' | 'Category' | 'Zone'>(
  cap: Cap,
  kind: 'branch' | 'department' | 'category' | 'zone',
  holders: number,
) => {
  const taken = nameTaken(kind, sample[kind].id, sample[kind].name);
  return { [`create${cap}`]: [taken], [`update${cap}`]: [taken], [`delete${cap}`]: [inUse(kind, holders)] } as Record<
    `${'create' | 'update' | 'delete'}${Cap}`,
    DeclaredError[]
  >;
};

/** Errors particular to an operation, beyond what its flags imply. */
export const specificErrors: Partial<Record<OperationId, DeclaredError[]>> = {
  getImportTemplate: [
    {
      when: 'No template of this type is offered yet',
      error: notFound('importTemplate', 'clients'),
      specific: { shownBy: 'test/integration/import-templates.test.ts' },
    },
    {
      when: 'The pre-filled template would hold more clients than the limit: `limit` says how many; use the client export instead',
      error: invalidState('template_too_large', { limit: 10_000 }),
      specific: { shownBy: 'test/integration/import-templates.test.ts' },
    },
    {
      when: 'The pre-filled template would be larger than Lambda can answer (4 MB of workbook); use the client export instead',
      error: invalidState('template_too_big', { limit: 4 * 1024 * 1024 }),
      specific: { shownBy: 'test/integration/import-templates.test.ts' },
    },
  ],
  createClient: [
    {
      when: 'Another client already has this tax id, e-mail or custom id: `existingId`, `existingName` and `existingStatus` name it (`existingVisible: false` when it is outside your reach)',
      error: taxIdConflict,
      specific: {},
    },
    { when: 'The holder of the value is deactivated: restore it instead of creating it again (the detail says how)', error: emailOfInactive, specific: {} },
    unknownReference,
    outsideScope,
    branchChange,
  ],
  updateClient: [
    { when: 'Another client already has this tax id, e-mail or custom id', error: taxIdConflict, specific: {} },
    unknownReference,
    outsideScope,
    branchChange,
  ],
  createUser: [
    {
      when: 'Another user of the company already has this e-mail',
      error: conflict('user', 'email', sample.otherUser.id, { name: sample.otherUser.name, status: 'active' }),
      specific: {},
    },
    {
      when: 'In AWS: the e-mail already signs in to another company (a Cognito e-mail signs in to one company only)',
      error: new DomainError('conflict', 'the e-mail already signs in', { entity: 'user', field: 'email', reason: 'email_signs_in_elsewhere' }),
      specific: { shownBy: 'test/integration/cognito-directory.test.ts' },
    },
  ],
  updateUser: [
    {
      when: 'Another user of the company already has this e-mail',
      error: conflict('user', 'email', sample.otherUser.id, { name: sample.otherUser.name, status: 'active' }),
      specific: {},
    },
    holdsClients,
    selfLockout,
  ],
  deactivateUser: [holdsClients, selfLockout],
  addContact: [contactEmailTaken_],
  updateContact: [contactEmailTaken_],
  ...namedCatalogErrors('Branch', 'branch', 4),
  ...namedCatalogErrors('Department', 'department', 2),
  ...namedCatalogErrors('Category', 'category', 37),
  ...namedCatalogErrors('Zone', 'zone', 5),
  massUpdateClients: [
    {
      when: 'The filter matches more clients than one mass update may change (`limit`): narrow it',
      error: invalidState('the filter matches too many clients', { reason: 'too_many_matches', limit: 5000 }),
      specific: { shownBy: 'test/integration/clients-mass-limits.test.ts' },
    },
    unknownReference,
  ],
  reassignAgents: [unknownReference],
  createInvoice: [invoiceErrors.numberTaken, invoiceErrors.clientNotVisible, invoiceErrors.currency],
  listInvoices: [invoiceErrors.clientNotVisible],
  issueInvoice: [invoiceErrors.notDraft],
  voidInvoice: [invoiceErrors.applied, invoiceErrors.alreadyVoid],
  holdInvoice: [invoiceErrors.notOpen],
  getClientStatement: [
    {
      when: "`from` is after `to` (`period_reversed`; `to` defaults to your company's today)",
      error: invalidFields('from is after to', [{ pointer: '/query/to', code: 'period_reversed', params: { from: '2026-03-31', to: '2026-03-01' } }]),
      specific: { shownBy: 'test/integration/statement-api.test.ts' },
    },
    {
      when: '`to` is 5 years or more after `from` (`period_too_long`): ask for consecutive shorter periods',
      error: invalidFields('period too long', [
        { pointer: '/query/to', code: 'period_too_long', params: { from: '2020-01-01', to: '2026-03-31', maxYears: 5 } },
      ]),
      specific: { shownBy: 'test/integration/statement-api.test.ts' },
    },
  ],

  ...paymentErrors,
  ...noteErrors,
  ...taskErrors,
  ...collectionsErrors,
  ...escalationErrors,
  ...clientImageErrors,
  ...portalErrors,

  createEstimate: [estimateErrors.numberTaken, invoiceErrors.clientNotVisible, invoiceErrors.currency],
  listEstimates: [invoiceErrors.clientNotVisible],
  updateEstimate: [estimateErrors.notDraft, invoiceErrors.currency],
  sendEstimate: [estimateErrors.transition('send', 'draft')],
  acceptEstimate: [estimateErrors.transition('accept', 'sent')],
  rejectEstimate: [estimateErrors.transition('reject', 'sent')],
  convertEstimate: [estimateErrors.notAccepted, estimateErrors.converted, estimateErrors.noInvoicing],
};

/** Every error an operation answers, generic first. */
export const errorsOf = (route: RouteSpec): DeclaredError[] => [...genericErrors(route), ...(specificErrors[route.operationId as OperationId] ?? [])];
