import { assertVisible, canSee } from '../clients/client-scope.ts';
import type { ClientRepository } from '../clients/ports.ts';
import type { CollectionMessageType, SkipReason } from '../collections/collections.schema.ts';
import { requireAccess, type Actor, type Requirement } from '../shared/actor.ts';
import { notFound } from '../shared/errors.ts';
import type { Clock, Page, PageRequest } from '../shared/ports.ts';
import { decideUnknownEmail, type UnknownEmailDecision } from './decide-unknown-email.use-case.ts';
import type { OutboundEmail, OutboundEmailStatus } from './outbound-email.schema.ts';
import type { OutboxRepository } from './ports.ts';

/** What the send log can be narrowed to. `from`/`to`: tenant-less ISO dates (YYYY-MM-DD) of creation, both inclusive. */
export interface SendLogQuery {
  status?: OutboundEmailStatus | undefined;
  reason?: SkipReason | undefined;
  type?: CollectionMessageType | undefined;
  clientId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

/** The collection messages of a tenant (or of one client), newest first. */
export interface SendLogRepository {
  /**
   * A page of the log. Filters other than the client and the dates are applied while reading, within a
   * read budget: a page may come back shorter than `limit` (even empty) with a cursor to go on.
   */
  list(tenantId: string, query: SendLogQuery, page: PageRequest): Promise<Page<OutboundEmail>>;
}

/** Every level reads the log of the clients it sees; deciding an unknown outcome is the company level's. */
export const readSendLogRequirement: Requirement = { level: 4 };
export const decideMessageRequirement: Requirement = { level: 1 };

/**
 * The send log as the caller may see it: level 1 the tenant's, levels 2–4 the messages of the clients in
 * their scope (the page is read, then the clients it names, and what the caller may not see is left out);
 * a client the caller cannot see answers 404, as one of another tenant.
 */
export const listSendLog =
  (deps: { sendLog: SendLogRepository; clients: Pick<ClientRepository, 'get'> }) =>
  async (actor: Actor, query: SendLogQuery, page: PageRequest): Promise<Page<OutboundEmail>> => {
    requireAccess(actor, readSendLogRequirement);
    if (query.clientId) assertVisible(actor, await deps.clients.get(actor.tenantId, query.clientId), query.clientId);
    const result = await deps.sendLog.list(actor.tenantId, query, page);
    if (actor.accessLevel === 1 || query.clientId) return result;
    const ids = [...new Set(result.items.map((m) => m.collection?.clientId).filter((id): id is string => Boolean(id)))];
    const clients = await Promise.all(ids.map((id) => deps.clients.get(actor.tenantId, id)));
    const visible = new Set(clients.filter((c) => c !== undefined && canSee(actor, c)).map((c) => c!.id));
    return { ...result, items: result.items.filter((m) => m.collection && visible.has(m.collection.clientId)) };
  };

/** A person settles a message whose delivery is unknown (`resend`, `delivered`, `drop`): the tenant API's face of decideUnknownEmail. */
export const decideMessage =
  (deps: { outbox: OutboxRepository; clock: Clock }) =>
  async (actor: Actor, id: string, decision: UnknownEmailDecision): Promise<OutboundEmail> => {
    requireAccess(actor, decideMessageRequirement);
    // The send log's messages only: any other e-mail of the tenant (a welcome, an export link) is not found here.
    if (!(await deps.outbox.get(actor.tenantId, id))?.collection) throw notFound('outbound_email', id);
    return decideUnknownEmail(deps)({ tenantId: actor.tenantId, id, decision, by: actor.userId });
  };
