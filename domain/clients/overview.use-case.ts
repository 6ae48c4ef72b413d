import type { Actor } from '../shared/actor.ts';
import type { UserRepository } from '../workspace/ports.ts';
import type { CatalogEntry } from './catalog.schema.ts';
import type { Client } from './client.schema.ts';
import { getClient } from './client.use-cases.ts';
import type { Contact } from './contact.schema.ts';
import { routeAllMessages, type MessageRouting } from './contact.use-cases.ts';
import type { HistoryEntry } from './history.ts';
import type { CatalogRepository, ClientRepository, ContactRepository } from './ports.ts';

export interface UserSummary { id: string; name: string; email: string; status: string }

/**
 * What another module adds to a client's overview (invoices, payments, notes, tasks as they land):
 * a name and a small summary object, computed for one client.
 */
export interface OverviewSection {
  name: string;
  summarize(tenantId: string, clientId: string): Promise<Record<string, unknown>>;
}

export interface ClientOverview {
  client: Client;
  category?: CatalogEntry | undefined;
  zone?: CatalogEntry | undefined;
  contacts: Contact[];
  assigned: { seller?: UserSummary | undefined; collector?: UserSummary | undefined; agent?: UserSummary | undefined };
  counts: { contacts: number };
  /** Who receives each kind of message, as the senders will route it. */
  messaging: MessageRouting[];
  /** The newest changes of the client and its contacts (the full history is paged separately). */
  recentChanges: HistoryEntry[];
  /**
   * One entry per registered section. A section that fails shows `{ unavailable: true }` instead of
   * failing the whole overview: one module's outage must not hide the client.
   */
  sections: Record<string, Record<string, unknown>>;
}

export const RECENT_CHANGES = 5;

/** The client with everything around it, in one call. */
export const clientOverview =
  (deps: { clients: ClientRepository; catalogs: CatalogRepository; users: UserRepository; contacts: ContactRepository; overviewSections?: OverviewSection[] }) =>
  async (actor: Actor, clientId: string): Promise<ClientOverview> => {
    const client = await getClient(deps)(actor, clientId);
    const user = async (id: string | undefined) => {
      if (!id) return undefined;
      const u = await deps.users.get(actor.tenantId, id);
      return u ? { id: u.id, name: u.name, email: u.email, status: u.status } : undefined;
    };
    // A section that throws, synchronously or not, only marks itself unavailable.
    const section = async (s: OverviewSection) =>
      [s.name, await Promise.resolve().then(() => s.summarize(actor.tenantId, clientId)).catch(() => ({ unavailable: true }))] as const;
    const [category, zone, contacts, seller, collector, agent, recent, sectionValues] = await Promise.all([
      client.categoryId ? deps.catalogs.get(actor.tenantId, 'category', client.categoryId) : undefined,
      client.zoneId ? deps.catalogs.get(actor.tenantId, 'zone', client.zoneId) : undefined,
      deps.contacts.list(actor.tenantId, clientId),
      user(client.sellerId), user(client.collectorId), user(client.agentId),
      deps.clients.history(actor.tenantId, clientId, { limit: RECENT_CHANGES }),
      Promise.all((deps.overviewSections ?? []).map(section)),
    ]);
    return {
      client, category, zone, contacts,
      assigned: { seller, collector, agent },
      counts: { contacts: contacts.length },
      messaging: routeAllMessages(client, contacts),
      recentChanges: recent.items,
      sections: Object.fromEntries(sectionValues),
    };
  };
