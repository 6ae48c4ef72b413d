import * as z from 'zod';
import { requireAccess, requireCompanyLevel, type Actor } from '../shared/actor.ts';
import { invalidFields, type FieldIssue } from '../shared/errors.ts';
import type { IdGenerator } from '../shared/ports.ts';
import { User } from '../workspace/user.schema.ts';
import type { ClientDeps } from './client.use-cases.ts';
import { applyToAll, matchingClientIds, type KeepGoing, type MassResult } from './mass-update.use-case.ts';

/** A user and how many clients have it as preferred agent. */
export const AgentLoad = z.object({ agent: User.pick({ id: true, name: true, email: true, status: true }), clients: z.number() });
export type AgentLoad = z.infer<typeof AgentLoad>;

export interface AgentCounter {
  /** Clients (any status) whose preferred agent is `agentId`; served by the agent index. */
  countByAgent(tenantId: string, agentId: string): Promise<number>;
}

/** The tenant's users with how many clients each has as preferred agent (users with none included). */
export const listAgentLoads =
  (deps: Pick<ClientDeps, 'users'> & { counter: AgentCounter }) =>
  async (actor: Actor): Promise<AgentLoad[]> => {
    // Counts are tenant-wide (one COUNT per user on the agent index): company level only.
    requireCompanyLevel(actor);
    const users: User[] = [];
    let cursor: string | undefined;
    do {
      const page = await deps.users.list(actor.tenantId, { limit: 100, cursor }, { status: 'all' });
      users.push(...page.items);
      cursor = page.cursor;
    } while (cursor);
    const loads = await Promise.all(
      users.map(async (u) => ({
        agent: { id: u.id, name: u.name, email: u.email, status: u.status },
        clients: await deps.counter.countByAgent(actor.tenantId, u.id),
      })),
    );
    return loads.sort((a, b) => b.clients - a.clients || a.agent.name.localeCompare(b.agent.name));
  };

/**
 * Moves every client of each old agent to its new agent in one operation (needs the
 * `clients.reassign_agent` permission). Each move is in the client's history; each old agent's
 * result lists its clients as a mass update does. Once `keepGoing` says no, no further client is
 * started: the books not reached report their clients as remaining.
 */
export const reassignAgents =
  (deps: ClientDeps & { ids: IdGenerator }) =>
  async (actor: Actor, moves: Record<string, string>, keepGoing: KeepGoing = () => true): Promise<Record<string, MassResult>> => {
    requireAccess(actor, { level: 2, permission: 'clients.reassign_agent' });
    const loops = Object.entries(moves).filter(([from, to]) => from === to);
    if (loops.length) {
      throw invalidFields(
        'an agent cannot be moved to itself',
        loops.map(([from]) => ({ pointer: `/moves/${from}`, code: 'same_agent' })),
      );
    }
    // Every new agent must be an active user of the tenant before anything moves.
    const unknown: FieldIssue[] = [];
    for (const [from, to] of Object.entries(moves)) {
      const user = await deps.users.get(actor.tenantId, to);
      if (!user) unknown.push({ pointer: `/moves/${from}`, code: 'unknown_reference', params: { entity: 'user', id: to } });
      else if (user.status !== 'active')
        unknown.push({ pointer: `/moves/${from}`, code: 'unknown_reference', params: { entity: 'user', id: to, name: user.name, status: user.status } });
    }
    if (unknown.length) throw invalidFields('new agents must be active users', unknown);
    // The map applies to the clients as they are before anything moves: in { A: B, B: A } the two
    // books swap, and in { A: B, B: C } A's clients end with B, not C. So every book is read first.
    const books = await Promise.all(Object.keys(moves).map((from) => matchingClientIds(deps, actor, { status: 'all', agentId: from })));
    const results: Record<string, MassResult> = {};
    for (const [i, [from, to]] of Object.entries(moves).entries()) {
      results[from] = await applyToAll(deps, actor, books[i]!, { agentId: to }, 'agent_reassignment', keepGoing);
    }
    return results;
  };
