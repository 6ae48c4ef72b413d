import type { MailboxVerificationStore } from '../../../domain/collections/mailbox.use-cases.ts';
import { appliedIf } from './conditional.ts';
import type { DataService } from './entities/index.ts';

/**
 * The mailbox verification on the user's item (`T#<t>` / `USER#<id>`): one UpdateItem, only while the
 * mailbox is the one verified, with the version moved so a concurrent edit of the user (a whole-item put
 * on the version it read) cannot write the old verification back.
 */
export function dynamoMailboxVerificationStore(data: DataService): MailboxVerificationStore {
  const { user } = data.entities;
  return {
    set: (tenantId, userId, verification) =>
      appliedIf(() =>
        user
          .patch({ tenantId, id: userId })
          .set({ mailboxVerification: verification })
          .add({ version: 1 })
          .where(({ mailbox }, { eq }) => eq(mailbox, verification.email))
          .go(),
      ),
  };
}
