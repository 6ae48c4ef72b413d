import type { ClientLookup } from '../../../domain/clients/ports.ts';
import { refKey, type ReceivableImportReader } from '../../../domain/imports/receivable-ports.ts';
import type { ClientRef } from '../../../domain/imports/receivable-rows.ts';
import { Id } from '../../../domain/shared/fields.ts';
import { clientFromItem } from './client-item.ts';
import { appliedIf } from './conditional.ts';
import type { DataService } from './entities/index.ts';
import { type BatchGettable, entityBatchGet } from './entity-batch-get.ts';

/** The guard scopes of the unique keys rows name clients and invoices by (client.repository.ts, invoice.repository.ts). */
const clientScope: Record<ClientLookup, string> = { email: 'client-email', taxId: 'client-taxid', customId: 'client-customid' };
const INVOICE_NUMBER_SCOPE = 'invoice-number';
/** Natural keys of imported payments (decision "imported payments keep a natural key"). */
const PAYMENT_KEY_SCOPE = 'import-payment-key';
export function dynamoReceivableImportReader(data: DataService): ReceivableImportReader {
  const { client: clientEntity, uniqueGuard } = data.entities;

  const guards = async (tenantId: string, scope: string, values: readonly string[]) =>
    new Map(
      (
        await entityBatchGet(
          uniqueGuard as unknown as BatchGettable<{ tenantId: string; scope: string; value: string }>,
          [...new Set(values)].map((value) => ({ tenantId, scope, value })),
          { consistent: true },
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
          await entityBatchGet(
            clientEntity as unknown as BatchGettable<{ tenantId: string; id: string }>,
            ids.map((id) => ({ tenantId, id })),
            { consistent: true },
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
