import * as z from 'zod';
import type { Actor } from '../shared/actor.ts';
import type { UserRepository } from '../workspace/ports.ts';
import { User } from '../workspace/user.schema.ts';
import { CatalogEntry } from './catalog.schema.ts';
import { Client } from './client.schema.ts';
import { getClient } from './client.use-cases.ts';
import { Contact, MessageRouting } from './contact.schema.ts';
import { routeAllMessages } from './contact.use-cases.ts';
import { HistoryEntry } from './history.ts';
import type { CatalogRepository, ClientRepository, ContactRepository } from './ports.ts';

export const UserSummary = User.pick({ id: true, name: true, email: true, status: true });
export type UserSummary = z.infer<typeof UserSummary>;

/**
 * What another module adds to a client's overview (invoices, payments, notes, tasks as they land):
 * a name and a small summary object, computed for one client.
 */
export interface OverviewSection {
  name: string;
  /** `actor`: for a section whose content depends on who asks (notes follow the caller's level). */
  summarize(tenantId: string, clientId: string, actor: Actor): Promise<Record<string, unknown>>;
}

/** The client with everything around it. */
export const ClientOverview = z.object({
  client: Client,
  category: CatalogEntry.optional(),
  zone: CatalogEntry.optional(),
  contacts: z.array(Contact),
  assigned: z.object({ seller: UserSummary.optional(), collector: UserSummary.optional(), agent: UserSummary.optional() }),
  counts: z.object({ contacts: z.number() }),
  messaging: z.array(MessageRouting).describe('Who receives each kind of message, as the senders will route it'),
  recentChanges: z.array(HistoryEntry).describe('The newest changes of the client and its contacts, newest first (the full history is paged at /history)'),
  sections: z
    .record(z.string(), z.record(z.string(), z.unknown()))
    .describe(
      "What other modules add, one entry per registered section (`receivables`: the client's open balance, overdue balance, credit, oldest overdue days and average days to pay per currency, as `/balance` answers them; `notes`: `latest`, the newest three follow-up notes the caller may see, as `GET /v1/clients/{id}/notes` lists them); a section that fails shows `{ unavailable: true }` instead of failing the whole overview: one module's outage must not hide the client",
    ),
});
export type ClientOverview = z.infer<typeof ClientOverview>;

export const RECENT_CHANGES = 5;

/** The client with everything around it, in one call. */
export const clientOverview =
  (deps: {
    clients: ClientRepository;
    catalogs: CatalogRepository;
    users: UserRepository;
    contacts: ContactRepository;
    overviewSections?: OverviewSection[];
  }) =>
  async (actor: Actor, clientId: string): Promise<ClientOverview> => {
    const client = await getClient(deps)(actor, clientId);
    const user = async (id: string | undefined) => {
      if (!id) return undefined;
      const u = await deps.users.get(actor.tenantId, id);
      return u ? { id: u.id, name: u.name, email: u.email, status: u.status } : undefined;
    };
    // A section that throws, synchronously or not, only marks itself unavailable.
    const section = async (s: OverviewSection) =>
      [
        s.name,
        await Promise.resolve()
          .then(() => s.summarize(actor.tenantId, clientId, actor))
          .catch(() => ({ unavailable: true })),
      ] as const;
    const [category, zone, contacts, seller, collector, agent, recent, sectionValues] = await Promise.all([
      client.categoryId ? deps.catalogs.get(actor.tenantId, 'category', client.categoryId) : undefined,
      client.zoneId ? deps.catalogs.get(actor.tenantId, 'zone', client.zoneId) : undefined,
      deps.contacts.list(actor.tenantId, clientId),
      user(client.sellerId),
      user(client.collectorId),
      user(client.agentId),
      deps.clients.history(actor.tenantId, clientId, { limit: RECENT_CHANGES }),
      Promise.all((deps.overviewSections ?? []).map(section)),
    ]);
    return {
      client,
      category,
      zone,
      contacts,
      assigned: { seller, collector, agent },
      counts: { contacts: contacts.length },
      messaging: routeAllMessages(client, contacts),
      recentChanges: recent.items,
      sections: Object.fromEntries(sectionValues),
    };
  };
