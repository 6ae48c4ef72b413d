import { verifiedMailbox } from '../../../domain/collections/mailbox.use-cases.ts';
import type { User } from '../../../domain/workspace/user.schema.ts';
import type { Client } from '../../../domain/clients/client.schema.ts';
import type { Contact } from '../../../domain/clients/contact.schema.ts';
import type { Collector, PlanInvoice } from '../../../domain/collections/plan-day.ts';
import type { CollectorDirectory, OpenInvoicesByDue, PlannerClients } from '../../../domain/collections/planner-ports.ts';
import { clientFromItem, contactsOfItem } from './client-item.ts';
import { compact } from './conditional.ts';
import type { DataService } from './entities/index.ts';

const MAX_ID = '\u{10FFFF}';
/** Index queries and contact reads in flight at once for one tenant. */
const CONCURRENCY = 8;

async function inBatches<T, R>(items: readonly T[], size: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map(run))));
  return out;
}

/**
 * Open invoices by due date: gsi2 `T#<t>#INVOICES#OPEN`, `gsi2sk BETWEEN <from> AND <to>#U+10FFFF`, one
 * query per range (data-model "Collections planner"). The index holds open invoices only, so the paid
 * history is never read. The index is eventually consistent: an invoice paid a moment ago may still be
 * listed, which the dispatcher's re-check catches before sending.
 */
export function dynamoOpenInvoicesByDue(data: DataService): OpenInvoicesByDue {
  const { invoice } = data.entities;
  return {
    async dueIn(tenantId, ranges) {
      const pages = await inBatches(ranges, CONCURRENCY, async ({ from, to }) => {
        const { data: items } = await invoice.query
          .open({ tenantId } as never)
          .between({ dueDate: from } as never, { dueDate: to, id: MAX_ID } as never)
          .go({ pages: 'all' });
        return items as unknown as Array<Record<string, unknown>>;
      });
      return pages.flat().map(
        (i): PlanInvoice => ({
          id: i.id as string,
          clientId: i.clientId as string,
          number: i.number as string | undefined,
          issueDate: i.issueDate as string,
          dueDate: i.dueDate as string,
          currency: i.currency as PlanInvoice['currency'],
          total: i.total as number,
          balance: i.balance as number,
          status: i.status as PlanInvoice['status'],
          ...(i.hold ? { hold: i.hold as PlanInvoice['hold'] } : {}),
        }),
      );
    },
  };
}

/**
 * The clients of a day's messages: one BatchGetItem per 100, then each client's contacts (one query
 * per client, skipped when the client item says none of its contacts has an e-mail).
 */
export function dynamoPlannerClients(data: DataService): PlannerClients {
  const { client, contact } = data.entities;
  return {
    async getMany(tenantId, clientIds) {
      const items = await batchGet(client as never, tenantId, clientIds);
      const found = [...items.values()];
      const withContacts = await inBatches(found, CONCURRENCY, async (item) => {
        const c: Client = clientFromItem(item);
        if (!contactsOfItem(item).contactEmails.length) return { client: c, contacts: [] as Contact[] };
        const { data: contacts } = await contact.query.byClient({ tenantId, clientId: c.id }).go({ pages: 'all' });
        return { client: c, contacts: contacts.map((x) => compact(x as Record<string, unknown>) as unknown as Contact) };
      });
      return new Map(withContacts.map((x) => [x.client.id, x]));
    },
  };
}

/**
 * Collectors by id (BatchGetItem of users). Whether the mailbox is verified is read from the user item
 * (`mailboxVerification`, written by POST /v1/me/mailbox/verify: verified, and for the current mailbox),
 * never from SES; otherwise its mail goes from the tenant's sender with Reply-To the collector.
 */
export function dynamoCollectorDirectory(data: DataService): CollectorDirectory {
  const { user } = data.entities;
  return {
    async getMany(tenantId, userIds) {
      const items = await batchGet(user as never, tenantId, userIds);
      const collectors = new Map<string, Collector>();
      for (const [id, u] of items) {
        if (u.status !== 'active') continue;
        const mailbox = u.mailbox as string | undefined;
        // The one rule of what counts as verified (a verification of an older mailbox does not).
        const verified = verifiedMailbox(u as Pick<User, 'mailbox' | 'mailboxVerification'>) !== undefined;
        collectors.set(id, { id, name: u.name as string, email: u.email as string, ...(mailbox ? { mailbox } : {}), mailboxVerified: verified });
      }
      return collectors;
    },
  };
}

interface BatchGettable {
  get(keys: Array<{ tenantId: string; id: string }>): { go(): Promise<{ data: Array<Record<string, unknown>>; unprocessed: unknown[] }> };
}

/** Items by id, one BatchGetItem per 100 keys (ElectroDB splits), unprocessed keys retried. */
async function batchGet(entity: BatchGettable, tenantId: string, ids: readonly string[]): Promise<Map<string, Record<string, unknown>>> {
  const found = new Map<string, Record<string, unknown>>();
  let keys = [...new Set(ids)].map((id) => ({ tenantId, id }));
  for (let attempt = 0; keys.length && attempt < 5; attempt++) {
    const { data: items, unprocessed } = await entity.get(keys).go();
    for (const item of items) found.set(item.id as string, item);
    keys = unprocessed as typeof keys;
  }
  if (keys.length) throw new Error(`${keys.length} items could not be read (throttled)`);
  return found;
}
