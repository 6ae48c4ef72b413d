import { setTimeout as sleep } from 'node:timers/promises';
import type { SequenceDraw } from '../../../domain/receivables/ports.ts';
import { appliedIf, isConditionalFailure } from './conditional.ts';
import type { DataService } from './entities/index.ts';
import type { SequenceEntity } from './entities/sequence.entity.ts';

/** A sequence as a transaction's callback gets it (every sequence has the same model). */
type TxSequence = Parameters<Parameters<DataService['transaction']['write']>[0]>[0]['invoiceSequence'];

/**
 * The lease of a tenant's document sequence (invoices, estimates; decision on gap-free numbering): a
 * writer takes the sequence, reads its last number, and its document's transaction moves the number and
 * releases the lease together, so a failed write consumes nothing.
 */

/** How long a writer holds the sequence at most: a writer that dies holding it delays the others this long, never a number. */
const LEASE_MS = 3_000;
/** How long a writer waits for the sequence before answering 503 (within the API's 29 s). */
const LEASE_WAIT_MS = 15_000;
/** Mean pause between tries of a held lease. */
const LEASE_POLL_MS = 20;

/** Takes the sequence for `claimant` (waiting while another writer holds it) and answers its last number. */
export async function drawSequence(sequence: SequenceEntity, tenantId: string, claimant: string): Promise<number> {
  const deadline = Date.now() + LEASE_WAIT_MS;
  while (Date.now() < deadline) {
    const now = Date.now();
    try {
      const { data: item } = await sequence
        .update({ tenantId })
        .set({ leaseOwner: claimant, leaseUntil: now + LEASE_MS })
        .where((attr, op) => `${op.notExists(attr.leaseUntil)} OR ${op.lt(attr.leaseUntil, now)} OR ${op.eq(attr.leaseOwner, claimant)}`)
        .go({ response: 'all_new' });
      return (item as { last?: number }).last ?? 0;
    } catch (error) {
      if (!isConditionalFailure(error)) throw error;
      await sleep(LEASE_POLL_MS / 2 + Math.random() * LEASE_POLL_MS);
    }
  }
  // Named as DynamoDB names contention: a 503 that says to retry, nothing written.
  throw Object.assign(new Error(`${sequence.schema.model.entity} of ${tenantId} held for over ${LEASE_WAIT_MS} ms`), { name: 'TransactionConflictException' });
}

/** The sequence's move and the lease's release (a transaction item), conditioned on the value the writer read (absent before the first draw) and on its lease. */
export const sequenceDrawItem = (sequence: TxSequence, tenantId: string, draw: SequenceDraw) =>
  sequence
    .update({ tenantId })
    .set({ last: draw.to })
    .remove(['leaseOwner', 'leaseUntil'])
    .where((attr, op) => `${draw.from === 0 ? op.notExists(attr.last) : op.eq(attr.last, draw.from)} AND ${op.eq(attr.leaseOwner, draw.claimant)}`)
    .commit();

/** Gives the lease back after a write that will not draw (best effort: it lapses anyway). */
export const releaseSequence = (sequence: SequenceEntity, tenantId: string, claimant: string) =>
  appliedIf(() =>
    sequence
      .update({ tenantId })
      .remove(['leaseOwner', 'leaseUntil'])
      .where((attr, op) => op.eq(attr.leaseOwner, claimant))
      .go(),
  ).catch(() => false);

/** The last number the sequence gave (0 before the first), read consistently. */
export async function lastNumber(sequence: SequenceEntity, tenantId: string): Promise<number> {
  const { data: item } = await sequence.get({ tenantId }).go({ consistent: true });
  return item?.last ?? 0;
}
