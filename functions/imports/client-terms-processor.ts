import { fileHeaderMemory, perJob } from './job-memory.ts';
import { canSee } from '../../domain/clients/client-scope.ts';
import type { Client } from '../../domain/clients/client.schema.ts';
import { planClientUpdate, type ClientDeps } from '../../domain/clients/client.use-cases.ts';
import { findClients, keyClaim, matchColumnOf, type ClientBatchReader } from '../../domain/imports/client-match.ts';
import { readTermsRow, termsPatch, type TermsCandidate } from '../../domain/imports/client-terms-rows.ts';
import type { ClientImportWriter, ImportContext, ImportProcessor, PlannedClientChange, RowError, RowOutcome } from '../../domain/imports/rows.ts';
import { clientTermsImportSpec } from '../../domain/imports/specs/client-terms.spec.ts';
import { fold } from '../../domain/shared/text.ts';
import { clientNotFound, clientRequired, headersOf, renamedColumns, repeatedInFile } from './client-owned-row-errors.ts';
import { domainRowErrors, rowError, type HeaderOf } from './client-row-errors.ts';
import { createReference, loadLookups } from './clients-processor.ts';
import { importOperationId } from './per-row-client-writer.ts';

/**
 * The client-terms import (seed 000: "categorías y condiciones de pago por cliente"): each row names an
 * existing client (id, else custom id, else tax id, else e-mail: client-match.ts) and sets its category
 * (an empty cell clears it) and payment terms. It creates no client: every mode updates (`create` is
 * refused when the job is requested, import-modes.ts). Updates are the API's own (`updateClient` rules
 * through the clients import's writer: version-checked, history `import` + `<jobId>#<row>`, scope), so a
 * level-4 requester reaches only the clients in their scope; any other is `not_found`.
 *
 * Reads (data-model I5): the tenant's categories, zones, users and tenant once per job; per batch one
 * BatchGetItem of the guards of the custom ids, tax ids and e-mails rows name and one of the clients
 * (by id and by guard owner), 100 keys a request; a row that changes nothing reads one history item only
 * when the importing user made the client's last change (is it this very row, delivered before?).
 */
export interface ClientTermsProcessorDeps extends ClientDeps {
  writer: ClientImportWriter;
  reader: ClientBatchReader;
}

interface JobState {
  lookups: ReturnType<typeof loadLookups>;
  /** Client claim → the first row of the file about that client. */
  seen: Map<string, number>;
}

/** The clients import's column keys the writer's errors name → this spec's. */
const CLIENT_COLUMNS = { categoryId: 'category', paymentTermsDays: 'paymentTermsDays' } as const;

export function clientTermsImportProcessor(deps: ClientTermsProcessorDeps): ImportProcessor {
  const fileHeaders = fileHeaderMemory(clientTermsImportSpec);
  const stateOf = perJob<JobState>(
    (context) => ({ lookups: loadLookups(deps, context.actor.tenantId), seen: new Map() }),
    (state) => state.lookups,
  );

  return {
    spec: clientTermsImportSpec,

    mapHeaders: fileHeaders.mapHeaders,

    async processBatch(context, mapping, rows) {
      const state = stateOf(context);
      const lookups = await state.lookups;
      const ownHeader = headersOf(clientTermsImportSpec, fileHeaders.of(mapping));
      // Errors of the API's rules name the clients' fields (`categoryId`): this sheet's columns say them.
      const headerOf: HeaderOf = (key) => ownHeader(CLIENT_COLUMNS[key as keyof typeof CLIENT_COLUMNS] ?? key);
      const outcomes = new Map<number, RowOutcome>();
      const failed = (row: number, errors: readonly RowError[], recordId?: string) =>
        outcomes.set(row, { row, result: 'failed', ...(recordId ? { recordId } : {}), errors });

      // 1. Read every row (pure); 2. a row about a client an earlier row is about fails naming it.
      const candidates: TermsCandidate[] = [];
      for (const source of [...rows].sort((a, b) => a.row - b.row)) {
        const read = readTermsRow(mapping, source, lookups, context);
        if ('blank' in read) outcomes.set(source.row, { row: source.row, result: 'unchanged' });
        else if ('noClient' in read) failed(source.row, [clientRequired(source.row, headerOf)]);
        else if ('issues' in read)
          failed(
            source.row,
            read.issues.map((issue) => rowError(issue, headerOf)),
          );
        else candidates.push(read.candidate);
      }

      // 3. The clients the batch names, in batched reads; each row's client is the one its first key finds.
      const found = await findClients(
        deps.reader,
        context.actor.tenantId,
        candidates.map((c) => c.key),
      );
      const matched: Array<{ candidate: TermsCandidate; client: Client }> = [];
      for (const candidate of candidates) {
        const client = found.get(keyClaim(candidate.key));
        if (!client || !canSee(context.actor, client)) {
          failed(candidate.row, [clientNotFound(candidate.row, candidate.key, candidate.cells, headerOf)]);
          continue;
        }
        // Synchronous, so a batch done twice, even at once, decides the same.
        const claim = `client:${client.id}`;
        const first = state.seen.get(claim) ?? candidate.row;
        if (first < candidate.row) {
          failed(candidate.row, [repeatedInFile(candidate.row, 'client', first, matchColumnOf[candidate.key.kind], candidate.cells, headerOf)], client.id);
          continue;
        }
        state.seen.set(claim, first);
        matched.push({ candidate, client });
      }

      // 4. Categories named that do not exist yet, created once per job when the job says so (not in a dry run).
      const changes: PlannedClientChange[] = [];
      const cellsByRow = new Map(matched.map(({ candidate }) => [candidate.row, candidate.cells]));
      for (const { candidate, client } of matched) {
        const { row } = candidate;
        let categoryId: string | null | undefined;
        const category = candidate.category;
        if (category === null) categoryId = null;
        else if (category && 'id' in category) categoryId = category.id;
        else if (category && 'missing' in category) {
          const known = lookups.categories.get(fold(category.missing));
          if (known) categoryId = known.id;
          else if (context.dryRun) categoryId = `new:${category.missing}`;
          else {
            try {
              categoryId = (await createReference(deps, context, 'category', category.missing, lookups.categories as Map<string, { id: string; name: string }>))
                .id;
            } catch (error) {
              const errors = domainRowErrors(error, row, candidate.cells, headerOf);
              if (!errors) throw error;
              failed(
                row,
                errors.map((e) => ({ ...e, column: headerOf('category'), value: category.missing })),
                client.id,
              );
              continue;
            }
          }
        }
        const planned = termsPatch(candidate, client, categoryId);
        if ('unchanged' in planned) {
          const again = !context.dryRun && (await changedByRow(deps, client, context, row));
          outcomes.set(row, { row, result: again ? 'updated' : 'unchanged', recordId: client.id });
          continue;
        }
        changes.push({ row, kind: 'update', clientId: client.id, patch: planned.patch, expectedVersion: client.version });
      }

      // 5. Write through the clients import's writer (or, in a dry run, check what the write would check).
      const written = context.dryRun
        ? await Promise.all(changes.map((c) => dryRun(deps, context, c, headerOf, cellsByRow.get(c.row))))
        : await deps.writer.write(context, changes);
      for (const outcome of written) outcomes.set(outcome.row, renamedColumns(outcome, CLIENT_COLUMNS, headerOf, cellsByRow.get(outcome.row)));
      return [...outcomes.values()].sort((a, b) => a.row - b.row);
    },
  };
}

/** A dry run's update: the API's planning (scope, references) without the write; a category to create is not checked. */
async function dryRun(
  deps: ClientDeps,
  context: ImportContext,
  change: PlannedClientChange,
  headerOf: HeaderOf,
  cells: ReadonlyMap<string, string> | undefined,
): Promise<RowOutcome> {
  if (change.kind !== 'update') throw new Error('client terms never create');
  const { row, clientId } = change;
  const patch =
    typeof change.patch.categoryId === 'string' && change.patch.categoryId.startsWith('new:') ? { ...change.patch, categoryId: undefined } : change.patch;
  try {
    await planClientUpdate(deps)(context.actor, clientId, patch, change.expectedVersion, 'import');
    return { row, result: 'updated', recordId: clientId };
  } catch (error) {
    const errors = domainRowErrors(error, row, cells ?? new Map(), headerOf);
    if (!errors) throw error;
    return { row, result: 'failed', recordId: clientId, errors };
  }
}

/**
 * Whether the client's latest change is this job's import of this row (a repeat of the batch finds its
 * values already there): one history item, read only when the importing user made the client's last
 * change. The per-row writer's entries say `<jobId>#<row>`, the grouped writer's the job id alone (a
 * client is one row of a file: a second row about it fails `duplicate_in_file`).
 */
async function changedByRow(deps: Pick<ClientDeps, 'clients'>, client: Client, context: ImportContext, row: number): Promise<boolean> {
  if (client.updatedBy !== context.actor.userId) return false;
  const { items } = await deps.clients.history(client.tenantId, client.id, { limit: 1 });
  const last = items[0];
  return last?.operation === 'import' && !last.contactId && (last.operationId === context.jobId || last.operationId === importOperationId(context.jobId, row));
}
