import type { Actor } from '../shared/actor.ts';
import type { UserRepository } from '../workspace/ports.ts';
import type { CatalogEntry } from './catalog.schema.ts';
import type { Client } from './client.schema.ts';
import { getClient } from './client.use-cases.ts';
import type { Contact } from './contact.schema.ts';
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
  /** One entry per registered section (empty until those modules exist). */
  sections: Record<string, Record<string, unknown>>;
}

/** The client with everything around it, in one call. */
export const clientOverview =
  (deps: { clients: ClientRepository; catalogs: CatalogRepository; users: UserRepository; contacts: ContactRepository; sections?: OverviewSection[] }) =>
  async (actor: Actor, clientId: string): Promise<ClientOverview> => {
    const client = await getClient(deps)(actor, clientId);
    const user = async (id: string | undefined) => {
      if (!id) return undefined;
      const u = await deps.users.get(actor.tenantId, id);
      return u ? { id: u.id, name: u.name, email: u.email, status: u.status } : undefined;
    };
    const [category, zone, contacts, seller, collector, agent, sectionValues] = await Promise.all([
      client.categoryId ? deps.catalogs.get(actor.tenantId, 'category', client.categoryId) : undefined,
      client.zoneId ? deps.catalogs.get(actor.tenantId, 'zone', client.zoneId) : undefined,
      deps.contacts.list(actor.tenantId, clientId),
      user(client.sellerId), user(client.collectorId), user(client.agentId),
      Promise.all((deps.sections ?? []).map(async (s) => [s.name, await s.summarize(actor.tenantId, clientId)] as const)),
    ]);
    return {
      client, category, zone, contacts,
      assigned: { seller, collector, agent },
      counts: { contacts: contacts.length },
      sections: Object.fromEntries(sectionValues),
    };
  };
