import { createClient, planClientUpdate, updateClient, type ClientDeps } from '../../domain/clients/client.use-cases.ts';
import type { Client } from '../../domain/clients/client.schema.ts';
import type { ClientRepository } from '../../domain/clients/ports.ts';
import { importRecordId, type ClientImportWriter, type ImportContext, type PlannedClientChange, type RowOutcome } from '../../domain/imports/rows.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { domainRowErrors } from './client-row-errors.ts';

/**
 * The reference `ClientImportWriter`: each planned change through the client use cases themselves
 * (`createClient`, `updateClient`), so an imported row meets every rule a request meets. One transaction
 * per row (the issue measured 36 rows/s one at a time through `createClient`): right for small files and as
 * the yardstick the bulk writer is tested against, not for 100,000 rows.
 *
 * Doing a batch again changes nothing more: a create draws the row's own id (`importRecordId`), so
 * meeting it already written is the row's earlier write (`createClient` answers with the stored client);
 * an update that finds its values already there reports `updated` when the client's last change was this
 * very row's (its history entry carries the operation id `<jobId>#<row>`), `unchanged` otherwise.
 */

/** The history operation id of an import row's change: which job, which row. */
export const importOperationId = (jobId: string, row: number) => `${jobId}#${row}`;

/** Whether the client's latest change is this row's update (one query of one history item). */
export async function lastChangeWasRow(clients: Pick<ClientRepository, 'history'>, client: Client, context: ImportContext, row: number): Promise<boolean> {
  // Only the importing user's own changes can be this job's: anyone else's needs no read.
  if (client.updatedBy !== context.actor.userId) return false;
  const { items } = await clients.history(client.tenantId, client.id, { limit: 1 });
  const last = items[0];
  return last?.operation === 'import' && last.operationId === importOperationId(context.jobId, row);
}

/** Rows written at once: enough to overlap round trips, few enough not to crowd one tenant's partition. */
const CONCURRENCY = 4;

export function perRowClientWriter(deps: ClientDeps): ClientImportWriter {
  async function writeOne(context: ImportContext, change: PlannedClientChange): Promise<RowOutcome> {
    const { row } = change;
    try {
      if (change.kind === 'create') {
        const ids = { next: () => importRecordId(context.jobId, row) };
        const client = await createClient({ ...deps, ids })(context.actor, change.input, { source: 'import', importJobId: context.jobId });
        return { row, result: 'created', recordId: client.id };
      }
      const operationId = importOperationId(context.jobId, row);
      try {
        await updateClient(deps)(context.actor, change.clientId, change.patch, change.expectedVersion, 'import', operationId);
      } catch (error) {
        // Changed since the row was planned (another writer, or this row's own earlier delivery): the row's
        // values go over the current version; finding them already there is not a second change.
        if (!(error instanceof DomainError) || error.code !== 'version_mismatch') throw error;
        const plan = await planClientUpdate(deps)(context.actor, change.clientId, change.patch, 'any', 'import', operationId);
        if (plan.history.length === 0) {
          const again = await lastChangeWasRow(deps.clients, plan.current, context, row);
          return { row, result: again ? 'updated' : 'unchanged', recordId: change.clientId };
        }
        await updateClient(deps)(context.actor, change.clientId, change.patch, plan.current.version, 'import', operationId);
      }
      return { row, result: 'updated', recordId: change.clientId };
    } catch (error) {
      const errors = domainRowErrors(error, row, cellsOf(change));
      if (!errors) throw error;
      return { row, result: 'failed', ...(change.kind === 'update' ? { recordId: change.clientId } : {}), errors };
    }
  }

  return {
    async write(context, changes) {
      const outcomes: RowOutcome[] = new Array(changes.length);
      let next = 0;
      const worker = async () => {
        while (next < changes.length) {
          const i = next++;
          outcomes[i] = await writeOne(context, changes[i]!);
        }
      };
      await Promise.all(Array.from({ length: Math.min(CONCURRENCY, changes.length) }, worker));
      return outcomes;
    },
  };
}

/** The values a write error may quote, by column (the unique fields a conflict names). */
function cellsOf(change: PlannedClientChange): Map<string, string> {
  const values = change.kind === 'create' ? change.input : change.patch;
  const cells = new Map<string, string>();
  if (typeof values.email === 'string') cells.set('email', values.email);
  if (typeof values.customId === 'string') cells.set('customId', values.customId);
  const taxId = values.taxId;
  if (taxId && typeof taxId === 'object') cells.set('taxId.value', taxId.formatted ?? taxId.value);
  else if (typeof taxId === 'string') cells.set('taxId.value', taxId);
  return cells;
}
