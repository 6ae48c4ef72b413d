import { setTimeout as sleep } from 'node:timers/promises';
import type { Contact } from '../../../domain/clients/contact.schema.ts';
import type { ContactRepository } from '../../../domain/clients/ports.ts';
import { claimsEmail, contactEmailTaken, emailHolder } from '../../../domain/clients/contact-email.ts';
import { MAX_CONTACT_EMAILS } from '../../../domain/clients/search-terms.ts';
import type { HistoryEntry } from '../../../domain/clients/history.ts';
import { conflict, notFound, versionMismatch } from '../../../domain/shared/errors.ts';
import { fold } from '../../../domain/shared/text.ts';
import { clientFromItem, contactsOfItem } from './client-item.ts';
import { termChanges, termRecords, termWrites } from './client-search-items.ts';
import { compact } from './conditional.ts';
import type { DataService } from './entities/index.ts';
import { historyItem } from './history-items.ts';
import { writeWithGuards } from './unique-transaction.ts';

type Tx = Parameters<Parameters<DataService['transaction']['write']>[0]>[0];

/** How many times a contact write is tried when another write of the same client came between. */
const CLIENT_RACE_ATTEMPTS = 8;

const emailKey = (c: Contact | undefined) => (c?.email ? fold(c.email) : undefined);

/** The e-mails a client is searched by for its contacts: distinct, in contact creation (id) order, capped. */
const indexedEmails = (contacts: Contact[]) =>
  [...new Set([...contacts].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).flatMap((c) => (c.email ? [fold(c.email)] : [])))].slice(
    0,
    MAX_CONTACT_EMAILS,
  );

/**
 * Contacts live under their client; each change writes its client-history entries in the same
 * transaction. A change of a contact's e-mail also changes the client's search terms: the client item
 * keeps the indexed contact e-mails (`contactEmails`), so that write updates it too, on condition that
 * neither the client nor its contact e-mails changed since they were read (`contactsRev`). A write that
 * takes an e-mail checks the siblings it read for a holder and moves `contactsRev` even when the indexed
 * e-mails stay the same, so two writes taking one address for one client cannot both pass.
 */
export function dynamoContactRepository(data: DataService): ContactRepository {
  const { contact, client } = data.entities;
  const fromItem = (item: Record<string, unknown>) => compact(item) as unknown as Contact;

  /**
   * Writes one contact change (`next` absent: removal), with the client's search terms when its e-mail
   * changed. `contactOp` is the contact's own item (its condition is item 0 of the transaction).
   */
  async function write(previous: Contact | undefined, next: Contact | undefined, history: HistoryEntry[], contactOp: (tx: Tx) => unknown) {
    const subject = (next ?? previous)!;
    // A create refused on its own item means the id exists (a redo finds its contact: createOnce).
    const refused = () => (previous === undefined ? conflict('contact', 'id', subject.id) : versionMismatch('contact', subject.id));
    const plain = () =>
      writeWithGuards(
        data,
        () => data.transaction.write((tx) => [contactOp(tx) as never, ...history.map((h) => tx.clientHistory.create(historyItem(h)).commit())]).go(),
        [],
      );
    // Taking an address must see every sibling as of the write: such a write always moves `contactsRev`.
    const claims = claimsEmail(previous, next);
    if (!claims && emailKey(previous) === emailKey(next)) {
      if (!(await plain()).ok) throw refused();
      return;
    }
    for (let attempt = 1; attempt <= CLIENT_RACE_ATTEMPTS; attempt++) {
      if (attempt > 1) await sleep(Math.random() * 10 * attempt);
      // The client first, then its contacts: a contact write that lands between the two reads has moved
      // `contactsRev` past what was read, so this write fails its condition and reads again.
      const { data: clientItem } = await client.get({ tenantId: subject.tenantId, id: subject.clientId }).go({ consistent: true });
      if (!clientItem) throw notFound('client', subject.clientId);
      const { data: siblings } = await contact.query
        .byClient({ tenantId: subject.tenantId, clientId: subject.clientId })
        .go({ pages: 'all', consistent: true });
      const others = siblings.map(fromItem).filter((c) => c.id !== subject.id);
      const holder = claims ? emailHolder(others, next!) : undefined;
      if (holder) throw contactEmailTaken(holder);
      const after = [...others, ...(next ? [next] : [])];
      const stored = contactsOfItem(clientItem as Record<string, unknown>);
      const emails = indexedEmails(after);
      if (!claims && emails.join('\n') === stored.contactEmails.join('\n')) {
        if (!(await plain()).ok) throw refused();
        return;
      }
      const owner = clientFromItem(clientItem as Record<string, unknown>);
      const terms = termChanges(termRecords(owner, stored.contactEmails), termRecords(owner, emails));
      const outcome = await writeWithGuards(
        data,
        () =>
          data.transaction
            .write((tx) => [
              contactOp(tx) as never,
              tx.client
                .update({ tenantId: owner.tenantId, id: owner.id })
                .set({ contactEmails: emails, contactsRev: (stored.contactsRev ?? 0) + 1 })
                .where(
                  (attr, op) =>
                    `${op.eq(attr.version, owner.version)} AND ${stored.contactsRev === undefined ? op.notExists(attr.contactsRev) : op.eq(attr.contactsRev, stored.contactsRev)}`,
                )
                .commit(),
              ...termWrites(tx, terms),
              ...history.map((h) => tx.clientHistory.create(historyItem(h)).commit()),
            ])
            .go(),
        [],
      );
      if (outcome.ok) return;
      if (outcome.rejected.includes(0)) throw refused();
    }
    throw new Error(`contact ${subject.id}: its client kept changing during ${CLIENT_RACE_ATTEMPTS} attempts`);
  }

  return {
    async get(tenantId, clientId, id) {
      const { data: item } = await contact.get({ tenantId, clientId, id }).go();
      return item ? fromItem(item) : undefined;
    },
    async put(next, previous, history) {
      await write(previous, next, history, (tx) =>
        previous === undefined
          ? tx.contact.create(next).commit()
          : tx.contact
              .put(next)
              .where(({ version }, { eq }) => eq(version, previous.version))
              .commit(),
      );
    },
    async delete(existing, history) {
      await write(existing, undefined, history, (tx) =>
        tx.contact
          .delete({ tenantId: existing.tenantId, clientId: existing.clientId, id: existing.id })
          .where(({ version }, { eq }) => eq(version, existing.version))
          .commit(),
      );
    },
    async list(tenantId, clientId) {
      const result = await contact.query.byClient({ tenantId, clientId }).go({ pages: 'all' });
      return result.data.map(fromItem);
    },
  };
}
