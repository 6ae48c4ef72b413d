import type { ClientLookup } from '../../../domain/clients/ports.ts';
import { refKey, type ReceivableImportReader } from '../../../domain/imports/receivable-ports.ts';
import type { ClientRef } from '../../../domain/imports/receivable-rows.ts';
import { Id } from '../../../domain/shared/fields.ts';
import { clientFromItem } from './client-item.ts';
import { appliedIf } from './conditional.ts';
import type { DataService } from './entities/index.ts';

/** The guard scopes of the unique keys rows name clients and invoices by (client.repository.ts, invoice.repository.ts). */
const clientScope: Record<ClientLookup, string> = { email: 'client-email', taxId: 'client-taxid', customId: 'client-customid' };
const INVOICE_NUMBER_SCOPE = 'invoice-number';
/** Natural keys of imported payments (decision "imported payments keep a natural key"). */
const PAYMENT_KEY_SCOPE = 'import-payment-key';
/** BatchGetItem takes 100 keys a request; unprocessed keys are asked again, a few times. */
const BATCH = 100;
const ATTEMPTS = 8;
/**
 * No guard holds a longer value (the API bounds e-mails, custom ids, tax ids and numbers far below), and a key past
 * DynamoDB's 1,024 bytes would fail the whole request: such a value names nothing, unread.
 */
const MAX_VALUE = 320;
const readable = (value: string) => value.length <= MAX_VALUE;

export function dynamoReceivableImportReader(data: DataService): ReceivableImportReader {
  const { client: clientEntity, uniqueGuard } = data.entities;

  async function batchGet<K>(entity: { get(keys: K[]): { go(o: { consistent: boolean }): Promise<{ data: unknown[]; unprocessed: unknown[] }> } }, keys: K[]) {
    const found: Array<Record<string, unknown>> = [];
    for (let i = 0; i < keys.length; i += BATCH) {
      let pending = keys.slice(i, i + BATCH);
      for (let attempt = 0; pending.length; attempt++) {
        if (attempt >= ATTEMPTS) throw Object.assign(new Error(`${pending.length} items could not be read (throttled)`), { name: 'ThrottlingException' });
        if (attempt) await new Promise((resolve) => setTimeout(resolve, 25 * 2 ** attempt));
        const { data: items, unprocessed } = await entity.get(pending).go({ consistent: true });
        found.push(...(items as Array<Record<string, unknown>>));
        pending = unprocessed as K[];
      }
    }
    return found;
  }

  const guards = async (tenantId: string, scope: string, values: readonly string[]) =>
    new Map(
      (
        await batchGet(
          uniqueGuard as never,
          [...new Set(values)].filter(readable).map((value) => ({ tenantId, scope, value })),
        )
      ).map((g) => [g.value as string, g.ownerId as string]),
    );

  return {
    async clients(tenantId, refs) {
      const byLookup = new Map<ClientLookup, string[]>();
      for (const ref of refs) if (ref.by !== 'id') byLookup.set(ref.by, [...(byLookup.get(ref.by) ?? []), ref.value]);
      const owners = new Map<string, string>();
      await Promise.all(
        [...byLookup].map(async ([lookup, values]) => {
          for (const [value, owner] of await guards(tenantId, clientScope[lookup], values)) owners.set(`${lookup}:${value}`, owner);
        }),
      );
      const idOf = (ref: ClientRef) => (ref.by === 'id' ? ref.value : owners.get(refKey(ref)));
      // An id that is not one of ours (odd characters, too long for a key) names no client, unread.
      const ids = [...new Set(refs.map(idOf).filter((id): id is string => id !== undefined && Id.safeParse(id).success))];
      const items = new Map(
        (
          await batchGet(
            clientEntity as never,
            ids.map((id) => ({ tenantId, id })),
          )
        ).map((item) => [item.id as string, clientFromItem(item)]),
      );
      const found = new Map<string, ReturnType<typeof clientFromItem>>();
      for (const ref of refs) {
        const id = idOf(ref);
        const client = id !== undefined ? items.get(id) : undefined;
        if (client && client.tenantId === tenantId) found.set(refKey(ref), client);
      }
      return found;
    },

    async invoiceIds(tenantId, numbers) {
      return guards(
        tenantId,
        INVOICE_NUMBER_SCOPE,
        numbers.map((n) => n.toLowerCase()),
      );
    },

    async paymentKeyOwners(tenantId, keys) {
      return guards(tenantId, PAYMENT_KEY_SCOPE, keys);
    },

    async claimPaymentKey(tenantId, key, paymentId, takeOverFrom) {
      const item = { tenantId, scope: PAYMENT_KEY_SCOPE, value: key, ownerId: paymentId };
      // Ours already (a redo of this row), or free, or (a take-over) still the abandoned claim read.
      return appliedIf(() =>
        uniqueGuard
          .put(item)
          .where((a, op) => `${op.notExists(a.ownerId)} OR ${op.eq(a.ownerId, paymentId)}${takeOverFrom ? ` OR ${op.eq(a.ownerId, takeOverFrom)}` : ''}`)
          .go(),
      );
    },
  };
}
