import { fileHeaderMemory, perJob } from './job-memory.ts';
import { decodeTime } from 'ulid';
import { canSee } from '../../domain/clients/client-scope.ts';
import type { Client } from '../../domain/clients/client.schema.ts';
import { contactEmailKey } from '../../domain/clients/contact-email.ts';
import type { Contact } from '../../domain/clients/contact.schema.ts';
import { addContact, updateContact } from '../../domain/clients/contact.use-cases.ts';
import type { ClientRepository, ContactRepository } from '../../domain/clients/ports.ts';
import { findClients, keyClaim, type ClientBatchReader } from '../../domain/imports/client-match.ts';
import { contactPatch, readContactRow, validateContactCreate, type ContactCandidate } from '../../domain/imports/contact-rows.ts';
import { bounded } from '../../domain/imports/header-mapping.ts';
import { importRecordId, type ImportContext, type ImportProcessor, type RowError, type RowOutcome } from '../../domain/imports/rows.ts';
import { contactsImportSpec } from '../../domain/imports/specs/contacts.spec.ts';
import { DomainError, notFound } from '../../domain/shared/errors.ts';
import type { Clock, IdGenerator } from '../../domain/shared/ports.ts';
import type { TenantRepository } from '../../domain/workspace/ports.ts';
import { plainTaxIdScheme } from '../../domain/clients/plain-tax-id.ts';
import { clientNotFound, clientRequired, contactExists, contactNoMatch, headersOf, repeatedInFile } from './client-owned-row-errors.ts';
import { domainRowErrors, rowError, type HeaderOf } from './client-row-errors.ts';
import { importOperationId } from './per-row-client-writer.ts';

/**
 * The contacts import: each row names its client (id, else custom id, else tax id, else e-mail:
 * client-match.ts) and one of its contacts — the contact id column when given, else the contact's e-mail
 * within that client (unique there) — and creates or updates it by the modes of the clients import. Writes
 * go through the API's own use cases (`addContact`, `updateContact`: scope, the e-mail's uniqueness within
 * the client decided in the write, history), with `<jobId>#<row>` as the history entry's operation id. A
 * created contact's id is `importRecordId(jobId, row)`: meeting it again is the row's own earlier write.
 *
 * Reads (data-model I6): the tenant once per job; per batch one BatchGetItem of the guards the rows name
 * and one of the clients, then one query of each named client's contacts; a row that finds its values
 * already there reads the client's newest history items only when the contact changed after the job began.
 */
export interface ContactsProcessorDeps {
  clients: ClientRepository;
  contacts: ContactRepository;
  tenants: Pick<TenantRepository, 'get'>;
  clock: Clock;
  ids: IdGenerator;
  reader: ClientBatchReader;
}

interface JobState {
  taxIdScheme: Promise<ReturnType<typeof plainTaxIdScheme>>;
  /** `<clientId>#<contact id or e-mail>` → the first row of the file about that contact. */
  seen: Map<string, number>;
}

/** Clients whose rows are worked at once (a client's own rows go one after the other: they share its contact list). */
const CLIENT_CONCURRENCY = 8;
/** History items read back to find a contact's latest change. */
const HISTORY_LOOKBACK = 10;

export function contactsImportProcessor(deps: ContactsProcessorDeps): ImportProcessor {
  const fileHeaders = fileHeaderMemory(contactsImportSpec);
  const stateOf = perJob<JobState>(
    (context) => ({ taxIdScheme: deps.tenants.get(context.actor.tenantId).then((t) => (t ? plainTaxIdScheme(t) : undefined)), seen: new Map() }),
    (state) => state.taxIdScheme,
  );

  return {
    spec: contactsImportSpec,

    mapHeaders: fileHeaders.mapHeaders,

    async processBatch(context, mapping, rows) {
      const state = stateOf(context);
      const taxIdScheme = await state.taxIdScheme;
      const headerOf = headersOf(contactsImportSpec, fileHeaders.of(mapping));
      const outcomes = new Map<number, RowOutcome>();
      const failed = (row: number, errors: readonly RowError[], recordId?: string) =>
        outcomes.set(row, { row, result: 'failed', ...(recordId ? { recordId } : {}), errors });

      // 1. Read every row (pure).
      const candidates: ContactCandidate[] = [];
      for (const source of [...rows].sort((a, b) => a.row - b.row)) {
        const read = readContactRow(mapping, source, { taxIdScheme });
        if ('blank' in read) outcomes.set(source.row, { row: source.row, result: 'unchanged' });
        else if ('noClient' in read) failed(source.row, [clientRequired(source.row, headerOf)]);
        else if ('issues' in read)
          failed(
            source.row,
            read.issues.map((issue) => rowError(issue, headerOf)),
          );
        else candidates.push(read.candidate);
      }

      // 2. The clients the batch names, in batched reads; then each named client's contacts, once.
      const found = await findClients(
        deps.reader,
        context.actor.tenantId,
        candidates.map((c) => c.client),
      );
      const byClient = new Map<string, { client: Client; rows: ContactCandidate[] }>();
      for (const candidate of candidates) {
        const client = found.get(keyClaim(candidate.client));
        if (!client || !canSee(context.actor, client)) {
          failed(candidate.row, [clientNotFound(candidate.row, candidate.client, candidate.cells, headerOf)]);
          continue;
        }
        const group = byClient.get(client.id) ?? { client, rows: [] };
        group.rows.push(candidate);
        byClient.set(client.id, group);
      }

      // 3. Per client, its rows in file order: match, refuse repeats, write (a dry run writes nothing).
      await pool([...byClient.values()], CLIENT_CONCURRENCY, async ({ client, rows: clientRows }) => {
        const contacts = await deps.contacts.list(context.actor.tenantId, client.id);
        for (const candidate of clientRows) {
          const outcome = await processRow(deps, context, state, client, contacts, candidate, headerOf);
          outcomes.set(candidate.row, outcome);
        }
      });
      return [...outcomes.values()].sort((a, b) => a.row - b.row);
    },
  };
}

async function processRow(
  deps: ContactsProcessorDeps,
  context: ImportContext,
  state: JobState,
  client: Client,
  contacts: Contact[],
  candidate: ContactCandidate,
  headerOf: HeaderOf,
): Promise<RowOutcome> {
  const { row, cells } = candidate;
  const fail = (errors: readonly RowError[], recordId?: string): RowOutcome => ({ row, result: 'failed', ...(recordId ? { recordId } : {}), errors });
  const own = importRecordId(context.jobId, row);
  const email = contactEmailKey(candidate.given.email);
  const current = candidate.contactId
    ? contacts.find((c) => c.id === candidate.contactId)
    : email
      ? contacts.find((c) => contactEmailKey(c.email) === email)
      : undefined;

  // A row about a contact an earlier row of the file is about fails naming that row (synchronous, so a
  // batch done twice, even at once, decides the same).
  const claims = [...(current ? [`${client.id}#id:${current.id}`] : []), ...(email ? [`${client.id}#email:${email}`] : [])];
  const earlier = claims.map((c) => state.seen.get(c)).find((first) => first !== undefined && first < row);
  if (earlier !== undefined)
    return fail([repeatedInFile(row, 'contact', earlier, current && candidate.contactId ? 'id' : 'email', cells, headerOf)], current?.id);
  for (const claim of claims) state.seen.set(claim, Math.min(state.seen.get(claim) ?? row, row));

  if (candidate.contactId && !current) {
    const [error] = domainRowErrors(notFound('contact', bounded(candidate.contactId, 80)), row, cells, headerOf) ?? [];
    return fail([{ ...error!, column: headerOf('id'), value: cells.get('id') ?? candidate.contactId }]);
  }
  try {
    if (current) {
      // This very row created it (an earlier delivery of the batch): the same outcome, nothing written.
      if (current.id === own) return { row, result: 'created', recordId: own };
      if (context.mode === 'create') return fail([contactExists(row, current, cells, headerOf)], current.id);
      return await update(deps, context, client, current, candidate, headerOf);
    }
    if (context.mode === 'update') return fail([contactNoMatch(row)]);
    const create = validateContactCreate(candidate);
    if ('issues' in create) return fail(create.issues.map((issue) => rowError(issue, headerOf)));
    if (context.dryRun) return { row, result: 'created', recordId: own };
    const created = await addContact({ ...deps, ids: { next: () => own } })(context.actor, client.id, create.input, {
      operationId: importOperationId(context.jobId, row),
    });
    contacts.push(created);
    return { row, result: 'created', recordId: created.id };
  } catch (error) {
    const errors = domainRowErrors(error, row, cells, headerOf);
    if (!errors) throw error;
    return fail(errors, current?.id);
  }
}

/** Updates a matched contact; a newer version met (another delivery of the batch) is read again once. */
async function update(
  deps: ContactsProcessorDeps,
  context: ImportContext,
  client: Client,
  matched: Contact,
  candidate: ContactCandidate,
  headerOf: HeaderOf,
): Promise<RowOutcome> {
  const { row } = candidate;
  const operationId = importOperationId(context.jobId, row);
  let current = matched;
  for (let attempt = 0; ; attempt++) {
    const planned = contactPatch(candidate, current);
    if ('issues' in planned)
      return {
        row,
        result: 'failed',
        recordId: current.id,
        errors: planned.issues.map((issue) => rowError(issue, headerOf)),
      };
    if ('unchanged' in planned) {
      const again = !context.dryRun && (await changedByRow(deps, context, current, operationId));
      return { row, result: again ? 'updated' : 'unchanged', recordId: current.id };
    }
    if (context.dryRun) return { row, result: 'updated', recordId: current.id };
    try {
      await updateContact(deps)(context.actor, client.id, current.id, planned.patch, current.version, { operationId });
      return { row, result: 'updated', recordId: current.id };
    } catch (error) {
      if (attempt > 0 || !(error instanceof DomainError) || error.code !== 'version_mismatch') throw error;
      const fresh = await deps.contacts.get(context.actor.tenantId, client.id, current.id);
      if (!fresh) throw error;
      current = fresh;
    }
  }
}

/**
 * Whether the contact's latest change is this row's (its values are already there because the batch was
 * done before): only a contact changed after the job began can be, and only then is the client's history read.
 */
async function changedByRow(deps: ContactsProcessorDeps, context: ImportContext, contact: Contact, operationId: string): Promise<boolean> {
  let began: number | undefined;
  try {
    began = decodeTime(context.jobId);
  } catch {
    began = undefined;
  }
  if (began !== undefined && Date.parse(contact.updatedAt) < began) return false;
  const { items } = await deps.clients.history(contact.tenantId, contact.clientId, { limit: HISTORY_LOOKBACK });
  const latest = items.find((h) => h.contactId === contact.id);
  return latest?.operationId === operationId;
}

/** Runs `work` over the items, at most `size` at a time. */
async function pool<T>(items: readonly T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
}
