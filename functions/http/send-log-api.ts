import type { ClientRepository } from '../../domain/clients/ports.ts';
import type { OutboxRepository } from '../../domain/messaging/ports.ts';
import { decideMessage, listSendLog, type SendLogRepository } from '../../domain/messaging/send-log.ts';
import type { Clock } from '../../domain/shared/ports.ts';
import { messageView } from './routes/send-log.routes.ts';

/**
 * The send log's route implementations (send-log.routes.ts), for the function that serves them
 * (`collections-api`): spread into its `impls`, with its deps.
 */
export function sendLogImpls(deps: { sendLog: SendLogRepository; clients: Pick<ClientRepository, 'get'>; outbox: OutboxRepository; clock: Clock }) {
  const list = listSendLog(deps);
  const decide = decideMessage(deps);
  const page = async (...args: Parameters<typeof list>) => {
    const result = await list(...args);
    return { body: { items: result.items.map(messageView), ...(result.cursor ? { cursor: result.cursor } : {}) } };
  };
  return {
    listCollectionMessages: ({
      actor,
      query,
    }: {
      actor: Parameters<typeof list>[0];
      query: { limit: number; cursor?: string | undefined } & Parameters<typeof list>[1];
    }) => {
      const { limit, cursor, ...filter } = query;
      return page(actor, filter, { limit, cursor });
    },
    listClientMessages: ({
      actor,
      params,
      query,
    }: {
      actor: Parameters<typeof list>[0];
      params: { clientId: string };
      query: { limit: number; cursor?: string | undefined } & Parameters<typeof list>[1];
    }) => {
      const { limit, cursor, ...filter } = query;
      return page(actor, { ...filter, clientId: params.clientId }, { limit, cursor });
    },
    decideCollectionMessage: async ({
      actor,
      params,
      body,
    }: {
      actor: Parameters<typeof decide>[0];
      params: { messageId: string };
      body: { decision: 'resend' | 'delivered' | 'drop' };
    }) => {
      return { body: messageView(await decide(actor, params.messageId, body.decision)) };
    },
  };
}
