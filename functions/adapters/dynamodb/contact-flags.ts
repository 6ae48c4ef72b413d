import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { contactEmailKey } from '../../../domain/clients/contact-email.ts';
import { TERM_MAX_BYTES } from '../../../domain/clients/search-terms.ts';
import { capUtf8, fold } from '../../../domain/shared/text.ts';
import type { DataService } from './entities/index.ts';

/** At most this many clients are looked at for one address (a shared mailbox on many clients is rare). */
const MAX_CLIENTS = 100;

/**
 * Flags the contacts that have an address, without an index of its own: the quick-search term items
 * already map a folded e-mail to the clients whose first 10 contacts with an e-mail (or own e-mail) have
 * it (`T#<t>#SEARCH#<first char>` / `<term>#<clientId>`: one Query), then each such client's contacts are
 * read (one Query per client) and the matching ones updated. A contact beyond its client's first 10
 * e-mails is not found; the suppression item still keeps mail from it.
 */
export function dynamoContactFlags(data: DataService, document: DynamoDBDocumentClient, table: string) {
  const { searchTerm, contact } = data.entities;
  return {
    async flagContacts(tenantId: string, email: string, why: { reason: 'hard_bounce' | 'complaint'; at: string }): Promise<number> {
      const address = contactEmailKey(email);
      if (!address) return 0;
      const term = capUtf8(fold(address), TERM_MAX_BYTES);
      const shard = String.fromCodePoint(term.codePointAt(0)!);
      const terms = await searchTerm.query
        .byTerm({ tenantId, shard })
        .begins({ term } as never)
        .go({ limit: MAX_CLIENTS, pages: 1 });
      const clientIds = [...new Set(terms.data.filter((t) => t.term === term).map((t) => t.clientId))];
      let flagged = 0;
      for (const clientId of clientIds) {
        const contacts = (await contact.query.byClient({ tenantId, clientId }).go({ pages: 'all' })).data;
        for (const c of contacts.filter((c) => contactEmailKey(c.email) === address && !c.emailSuppressed)) {
          // Only while the contact still has this address (a change of it meanwhile wins).
          try {
            await document.send(
              new UpdateCommand({
                TableName: table,
                Key: { pk: `T#${tenantId}`, sk: `CONTACT#${clientId}#${c.id}` },
                UpdateExpression: 'SET emailSuppressed = :why',
                ConditionExpression: 'attribute_exists(pk) AND email = :email',
                ExpressionAttributeValues: { ':why': why, ':email': c.email },
              }),
            );
            flagged += 1;
          } catch (error) {
            if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
          }
        }
      }
      return flagged;
    },
  };
}
