/**
 * What the benches on the embedded stack share: a tenant with its time zone and currency, an admin (level 1)
 * with a token from `claimsForUser`, timed calls to the local HTTP API, and the quantiles they print.
 */
import type { Actor } from '../../domain/shared/actor.ts';
import { claimsForUser } from '../../functions/auth/claims.ts';
import type { LocalRuntime } from '../../scripts/local/runtime.ts';

export const BENCH_ZONE = 'America/Santiago';

/** A Chilean tenant (CLP, Santiago's time zone), as the seed's. */
export async function createBenchTenant(deps: LocalRuntime['deps'], tenantId: string) {
  const at = new Date().toISOString();
  await deps.tenants.createIfAbsent({
    id: tenantId,
    name: tenantId,
    country: 'CL',
    currency: 'CLP',
    timeZone: BENCH_ZONE,
    locale: 'es',
    mailHour: 9,
    version: 1,
    createdAt: at,
    updatedAt: at,
  });
}

/** The tenant's admin (level 1) with `permissions`: its record, the actor the use cases take and the API's headers. */
export async function benchAdmin(runtime: LocalRuntime, tenantId: string, permissions: string[]) {
  const at = new Date().toISOString();
  const admin = {
    tenantId,
    id: 'bench-admin',
    email: `admin@${tenantId}.test`,
    name: 'Admin',
    accessLevel: 1 as const,
    permissions,
    status: 'active' as const,
    version: 1,
    createdAt: at,
    updatedAt: at,
    createdBy: 'b',
    updatedBy: 'b',
  };
  await runtime.deps.users.create(admin);
  const actor: Actor = { tenantId, userId: admin.id, accessLevel: 1, permissions };
  const headers = { authorization: `Bearer ${await runtime.issuer.sign(claimsForUser(admin))}`, 'content-type': 'application/json' };
  return { admin, actor, headers };
}

/** A call to the local API, timed up to its body read; anything but a 2xx throws with the answer. */
export const apiCaller =
  (runtime: LocalRuntime, headers: Record<string, string>) =>
  async (method: string, path: string, body?: unknown): Promise<{ ms: number; json: Record<string, unknown> }> => {
    const start = performance.now();
    const response = await fetch(`${runtime.apiUrl}${path}`, { method, headers, ...(body ? { body: JSON.stringify(body) } : {}) });
    const json = (await response.json()) as Record<string, unknown>;
    const ms = performance.now() - start;
    if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
    return { ms, json };
  };

export const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

/** "p50 / p95 ms" of the samples. */
export const stats = (samples: number[]) => {
  const s = [...samples].sort((a, b) => a - b);
  return `${quantile(s, 0.5).toFixed(1)} / ${quantile(s, 0.95).toFixed(1)} ms`;
};
