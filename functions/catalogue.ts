import { functionLimits, type FunctionName } from './function-limits.ts';
import { DOCS_ASSETS_DIR, swaggerUiFiles } from './http/docs-assets.ts';
import { routeKey, type RouteSpec } from './http/route-spec.ts';
import { clientRoutes } from './http/routes/clients.routes.ts';
import { clientImageRoutes } from './http/routes/client-images.routes.ts';
import { collectionsApiRoutes } from './http/routes/collections-api.routes.ts';
import { sendLogRoutes } from './http/routes/send-log.routes.ts';
import { docsRoutes } from './http/routes/docs.routes.ts';
import { escalationRoutes } from './http/routes/escalations.routes.ts';
import { exportRoutes } from './http/routes/exports.routes.ts';
import { importRoutes } from './http/routes/imports.routes.ts';
import { importTemplateRoutes } from './http/routes/import-templates.routes.ts';
import { noteRoutes } from './http/routes/notes.routes.ts';
import { portalAccessRoutes } from './http/routes/portal-access.routes.ts';
import { portalRoutes } from './http/routes/portal.routes.ts';
import { receivablesRoutes } from './http/routes/receivables.routes.ts';
import { workspaceRoutes } from './http/routes/workspace.routes.ts';
import { taskRoutes } from './http/routes/tasks.routes.ts';

/**
 * Every Lambda, declared once. The CDK stateless stack builds functions, routes, bucket
 * notifications, schedules and grants from this list, and the local runtime serves the same
 * handlers from it (scripts/local/). Entries are relative to the project root; each exports `handler`.
 */
export type Trigger =
  | { type: 'http'; routes: readonly RouteSpec[] }
  | { type: 's3'; bucket: 'uploads'; prefix: string; suffix: string }
  | { type: 'schedule' /** EventBridge expression; the local runtime understands `rate(...)`. */; expression: string }
  /** SES sending events of the stage's configuration set (its EventBridge destination; a rule on the default bus). */
  | { type: 'sesEvents' }
  /** No event source: an operator invokes it (`aws lambda invoke`; locally `npm run invoke` or a script). */
  | { type: 'operator' };

export interface Grants {
  table?: 'read' | 'readWrite';
  uploads?: 'read' | 'readWrite' | 'put';
  /** Import results (error workbooks) under `import-results/` of the same bucket: the runner writes, the API signs reads. */
  importResults?: 'read' | 'write';
  /** SES send, limited to the identities of the stage. */
  sendEmail?: boolean;
  /**
   * Cognito admin actions on the stage's user pool: `manage` = create, update, enable/disable, sign out
   * and delete users; `register` = create a user and delete it again (undo).
   */
  userDirectory?: 'manage' | 'register';
  /** Read the secret that seals paging cursors: every function with a route that pages. */
  cursorKey?: boolean;
  /** SES e-mail identities of collectors' mailboxes: `verify` creates and reads them, `read` only reads their status. */
  senderIdentities?: 'verify' | 'read';
  /**
   * Client images under `tenants/` of the uploads bucket: `sign` = presign PUTs of originals and GETs
   * (put + get), `process` = read originals and write thumbnails (get + put).
   */
  clientImages?: 'sign' | 'process';
  /** Invoke this same function asynchronously (`lambda:InvokeFunction` on its own ARN): the planner hands batches of tenants to itself. */
  invokeSelf?: boolean;
  /** Read the secret that signs client portal tokens: the portal function only. */
  portalKey?: boolean;
  /**
   * Read the agency integration's secret (the tenants' webhook keys derive from it): `verify` checks the agency's
   * signed callbacks, `send` signs our webhooks and also gets the agency's URL (AGENCY_WEBHOOK_URL, when deployed with one).
   */
  agency?: 'send' | 'verify';
}

export interface FunctionSpec {
  /** Stable name: construct id in CDK, name in `npm run invoke`, log field. */
  name: FunctionName;
  entry: string;
  description: string;
  trigger: Trigger;
  grants: Grants;
  memoryMb: number;
  timeoutSeconds: number;
  /** Async triggers (S3, schedule) get an on-failure destination and retries. */
  async: boolean;
  /**
   * Files of an installed package deployed beside `index.mjs` in `into/`, not bundled into it (read at
   * run time; locally from node_modules).
   */
  packageFiles?: { package: string; files: readonly string[]; into: string };
  /**
   * Writes or reads workbooks with exceljs (≈ 1 MB): the only HTTP functions allowed to bundle it, under
   * their own budget (test/infra/bundles.test.ts, decision "Import templates").
   */
  workbooks?: boolean;
  /**
   * Packages with native binaries (sharp): left out of the bundle and installed beside it for the Lambda's
   * platform (linux, the function's architecture) when CDK bundles it. No HTTP function may have one.
   */
  nativeModules?: readonly string[];
}

export const functionCatalogue: readonly FunctionSpec[] = [
  {
    name: 'workspace-api',
    entry: 'functions/http/workspace-api.handler.ts',
    description: 'Tenant settings, users, branches and departments',
    trigger: { type: 'http', routes: workspaceRoutes },
    grants: { table: 'readWrite', userDirectory: 'manage', cursorKey: true, senderIdentities: 'read' },
    ...functionLimits['workspace-api'],
    async: false,
  },
  {
    name: 'clients-api',
    entry: 'functions/http/clients-api.handler.ts',
    description: 'Client book: clients, contacts, history, categories, zones, search, follow-up notes',
    trigger: { type: 'http', routes: [...clientRoutes, ...noteRoutes] },
    grants: { table: 'readWrite', cursorKey: true },
    ...functionLimits['clients-api'],
    async: false,
  },
  {
    name: 'receivables-api',
    entry: 'functions/http/receivables-api.handler.ts',
    description: 'Receivables: invoices (their numbering, lifecycle and holds) and the delinquency reads over their aggregates',
    trigger: { type: 'http', routes: receivablesRoutes },
    grants: { table: 'readWrite', cursorKey: true },
    ...functionLimits['receivables-api'],
    async: false,
  },
  {
    name: 'imports-api',
    entry: 'functions/http/imports-api.handler.ts',
    description: 'Creates import jobs and their upload URLs; shows jobs, their progress and error workbooks',
    trigger: { type: 'http', routes: importRoutes },
    grants: { table: 'readWrite', uploads: 'put', importResults: 'read', cursorKey: true },
    ...functionLimits['imports-api'],
    async: false,
  },
  {
    name: 'docs-api',
    entry: 'functions/http/docs-api.handler.ts',
    description: 'OpenAPI document and API reference page',
    trigger: { type: 'http', routes: docsRoutes },
    grants: {},
    ...functionLimits['docs-api'],
    async: false,
    // Swagger UI's 2 MB of script and CSS would blow the 800 KB bundle budget: shipped as files instead.
    packageFiles: { package: 'swagger-ui-dist', files: Object.keys(swaggerUiFiles), into: DOCS_ASSETS_DIR },
  },
  {
    name: 'import-upload',
    entry: 'functions/s3/import-upload.handler.ts',
    description: 'Runs the import job of an uploaded workbook: streams it in batches to the type processor, writes the error workbook',
    trigger: { type: 's3', bucket: 'uploads', prefix: 'imports/', suffix: '.xlsx' },
    grants: { table: 'readWrite', uploads: 'read', importResults: 'write' },
    ...functionLimits['import-upload'],
    async: true,
  },
  {
    name: 'import-sweeper',
    entry: 'functions/schedule/import-sweeper.handler.ts',
    description: 'Continues long imports from their checkpoint, resumes or fails crashed ones, fails jobs whose file never came',
    trigger: { type: 'schedule', expression: 'rate(1 minute)' },
    grants: { table: 'readWrite', uploads: 'read', importResults: 'write' },
    ...functionLimits['import-sweeper'],
    async: true,
  },
  {
    name: 'outbox-dispatcher',
    entry: 'functions/schedule/outbox-dispatcher.handler.ts',
    description: 'Sends due e-mails from the outbox through SES, each exactly once',
    trigger: { type: 'schedule', expression: 'rate(1 minute)' },
    grants: { table: 'readWrite', sendEmail: true },
    ...functionLimits['outbox-dispatcher'],
    async: true,
  },
  {
    name: 'receivables-compactor',
    entry: 'functions/schedule/receivables-compactor.handler.ts',
    description: 'Compacts the receivables aggregates (zero balances paid out) of the tenants not compacted for 20 h, 50 per run',
    trigger: { type: 'schedule', expression: 'rate(1 hour)' },
    grants: { table: 'readWrite' },
    ...functionLimits['receivables-compactor'],
    async: true,
  },
  {
    name: 'tenant-operator',
    entry: 'functions/operator/tenant-operator.handler.ts',
    description: 'Operator commands: create a tenant with its first administrator, suspend, reactivate',
    trigger: { type: 'operator' },
    grants: { table: 'readWrite', userDirectory: 'register' },
    ...functionLimits['tenant-operator'],
    async: false,
  },
  {
    name: 'import-templates',
    entry: 'functions/http/import-templates-api.handler.ts',
    description: 'Import templates (.xlsx): headers, dropdowns of the tenant lists, instructions; clients pre-filled by scope',
    trigger: { type: 'http', routes: importTemplateRoutes },
    grants: { table: 'read' },
    ...functionLimits['import-templates'],
    async: false,
    workbooks: true,
  },
  {
    name: 'exports-api',
    entry: 'functions/http/exports-api.handler.ts',
    description: 'Queues Excel exports of the client book and hands out links to their files',
    trigger: { type: 'http', routes: exportRoutes },
    // `read` on the bucket: the presigned GET links are signed with this function's credentials.
    grants: { table: 'readWrite', uploads: 'read', cursorKey: true },
    ...functionLimits['exports-api'],
    async: false,
  },
  {
    name: 'export-runner',
    entry: 'functions/schedule/export-runner.handler.ts',
    description: 'Runs due Excel exports: streams each workbook into the bucket (exports/) and queues the e-mail with its link, once',
    trigger: { type: 'schedule', expression: 'rate(1 minute)' },
    grants: { table: 'readWrite', uploads: 'readWrite' },
    ...functionLimits['export-runner'],
    async: true,
  },
  {
    name: 'collections-planner',
    entry: 'functions/schedule/collections-planner.handler.ts',
    description: "Plans each tenant's reminders and due-date notices once a day at its mail hour, on its business days, into the outbox",
    trigger: { type: 'schedule', expression: 'rate(15 minutes)' },
    grants: { table: 'readWrite', invokeSelf: true },
    ...functionLimits['collections-planner'],
    async: true,
  },
  {
    name: 'collections-api',
    entry: 'functions/http/collections-api.handler.ts',
    description:
      "Collections settings: reminder types, the notice catalogue, clients' notice settings, template previews, the collector's mailbox verification",
    trigger: { type: 'http', routes: collectionsApiRoutes },
    grants: { table: 'readWrite', senderIdentities: 'verify' },
    ...functionLimits['collections-api'],
    async: false,
  },
  {
    name: 'send-log-api',
    entry: 'functions/http/send-log-api.handler.ts',
    description: 'The send log of reminders and notices (company-wide and per client) and the decision on messages whose delivery is unknown',
    trigger: { type: 'http', routes: sendLogRoutes },
    grants: { table: 'readWrite', cursorKey: true },
    ...functionLimits['send-log-api'],
    async: false,
  },
  {
    name: 'ses-events',
    entry: 'functions/ses/ses-events.handler.ts',
    description:
      'Applies SES sending events (delivery, bounce, complaint, open, click…) to the messages they are about; suppresses hard-bounced and complaining addresses',
    trigger: { type: 'sesEvents' },
    grants: { table: 'readWrite' },
    ...functionLimits['ses-events'],
    async: true,
  },
  {
    name: 'escalations-api',
    entry: 'functions/http/escalations-api.handler.ts',
    description: "Escalations to the collection agency (stages, objections, withdrawal), the agency's deliveries and its signed status callback",
    trigger: { type: 'http', routes: escalationRoutes },
    grants: { table: 'readWrite', cursorKey: true, agency: 'verify' },
    ...functionLimits['escalations-api'],
    async: false,
  },
  {
    name: 'escalation-dispatcher',
    entry: 'functions/schedule/escalation-dispatcher.handler.ts',
    description: 'Delivers the signed webhooks of escalations to the collection agency, with retries and backoff; dead ones wait for a person',
    trigger: { type: 'schedule', expression: 'rate(1 minute)' },
    grants: { table: 'readWrite', agency: 'send' },
    ...functionLimits['escalation-dispatcher'],
    async: true,
  },
  {
    name: 'receipt-planner',
    entry: 'functions/schedule/receipt-planner.handler.ts',
    description: 'Plans the receipt e-mail of each recorded payment from the request written in its transaction, exactly once',
    trigger: { type: 'schedule', expression: 'rate(1 minute)' },
    grants: { table: 'readWrite' },
    ...functionLimits['receipt-planner'],
    async: true,
  },
  {
    name: 'tasks-api',
    entry: 'functions/http/tasks-api.handler.ts',
    description: 'Tasks: create, edit, complete, copy, mark not attended; day and month calendars by access level; a client’s tasks tab',
    trigger: { type: 'http', routes: taskRoutes },
    grants: { table: 'readWrite', cursorKey: true },
    ...functionLimits['tasks-api'],
    async: false,
  },
  {
    name: 'tasks-not-attended',
    entry: 'functions/schedule/tasks-not-attended.handler.ts',
    description:
      'Marks open tasks whose time has passed as not attended, each once, from the sharded due index; then re-keys moved users’ tasks into their new units’ calendars',
    trigger: { type: 'schedule', expression: 'rate(15 minutes)' },
    grants: { table: 'readWrite' },
    ...functionLimits['tasks-not-attended'],
    async: true,
  },
  {
    name: 'client-images-api',
    entry: 'functions/http/client-images-api.handler.ts',
    description: "Client images: presigned upload URLs, the image's links and its newest upload, removal",
    trigger: { type: 'http', routes: clientImageRoutes },
    grants: { table: 'readWrite', clientImages: 'sign' },
    ...functionLimits['client-images-api'],
    async: false,
  },
  {
    name: 'client-image',
    entry: 'functions/s3/client-image.handler.ts',
    description: 'Checks an uploaded client image by its bytes (JPEG, PNG, WebP; size and pixel limits), writes its thumbnail and sets it on the client',
    trigger: { type: 's3', bucket: 'uploads', prefix: 'tenants/', suffix: '/original' },
    grants: { table: 'readWrite', clientImages: 'process' },
    ...functionLimits['client-image'],
    async: true,
    nativeModules: ['sharp'],
  },
  {
    name: 'portal-api',
    entry: 'functions/http/portal-api.handler.ts',
    description: "Client portal: sign-in with the client's e-mail and portal password, and the signed-in client's open invoices, payments and statement",
    trigger: { type: 'http', routes: portalRoutes },
    grants: { table: 'readWrite', cursorKey: true, portalKey: true },
    ...functionLimits['portal-api'],
    async: false,
  },
  {
    name: 'portal-access-api',
    entry: 'functions/http/portal-access-api.handler.ts',
    description: "Generates a client's portal password, stores its hash and queues the e-mail that carries it",
    trigger: { type: 'http', routes: portalAccessRoutes },
    grants: { table: 'readWrite' },
    ...functionLimits['portal-access-api'],
    async: false,
  },
];

export const httpRoutes = (spec: FunctionSpec): readonly RouteSpec[] => (spec.trigger.type === 'http' ? spec.trigger.routes : []);

export const allRouteKeys = () => functionCatalogue.flatMap((f) => httpRoutes(f).map(routeKey));

export function findFunction(name: string): FunctionSpec {
  const spec = functionCatalogue.find((f) => f.name === name);
  if (!spec) throw new Error(`unknown function ${name}; known: ${functionCatalogue.map((f) => f.name).join(', ')}`);
  return spec;
}

/** The environment's names live apart so a function reads them without this catalogue: see env-names.ts. */
export { envNames } from './env-names.ts';
