import type { User } from '../workspace/user.schema.ts';
import type { UserRepository } from '../workspace/ports.ts';
import { assigneeDepartments } from './client.use-cases.ts';
import type { ClientRepository } from './ports.ts';

/**
 * Moving a user to another department moves the level-3 visibility of every client they hold
 * (seed 003: visibility follows the user's current department). Re-derives `assignedDepartmentIds`
 * of each client where the user is seller, collector or preferred agent, through the same scope
 * indexes a level-4 list reads: cost = the user's clients (one read and at most one write each),
 * never the tenant. Idempotent: running it again changes nothing.
 */
export const refreshAssigneeDepartments =
  (deps: { clients: ClientRepository; users: Pick<UserRepository, 'get'> }) =>
  async (tenantId: string, userId: string): Promise<{ clients: number; changed: number }> => {
    // Each assignee is read once for the whole run, not once per client.
    const cache = new Map<string, Promise<User | undefined>>();
    const users = { get: (t: string, id: string) => cache.get(id) ?? cache.set(id, deps.users.get(t, id)).get(id)! };
    let cursor: string | undefined;
    let clients = 0;
    let changed = 0;
    do {
      const page = await deps.clients.list(tenantId, { scope: { kind: 'user', userId }, status: 'all' }, { limit: 100, cursor });
      for (const listed of page.items) {
        clients++;
        // A concurrent edit of the client wins the version; re-read and derive again (twice at most).
        for (let attempt = 0, client = listed; attempt < 3; attempt++) {
          const departments = await assigneeDepartments({ users } as never, tenantId, client);
          if (departments.join() === (client.assignedDepartmentIds ?? []).join()) break;
          if (await deps.clients.setAssignedDepartments(client, departments)) {
            changed++;
            break;
          }
          const fresh = await deps.clients.get(tenantId, client.id);
          if (!fresh) break;
          client = fresh;
        }
      }
      cursor = page.cursor;
    } while (cursor);
    return { clients, changed };
  };
