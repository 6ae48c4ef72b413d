import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { ClientPatch, NewClient } from '../../domain/clients/client.schema.ts';
import type { HistoryEntry } from '../../domain/clients/history.ts';
import type { RouteContext, RouteImpl, RouteImpls } from '../../functions/http/http-api.ts';
import type { RouteSpec } from '../../functions/http/route-spec.ts';
import type { clientRoutes } from '../../functions/http/routes/clients.routes.ts';
import type { workspaceRoutes } from '../../functions/http/routes/workspace.routes.ts';

type Route<Routes extends readonly RouteSpec[], Id extends string> = Extract<Routes[number], { operationId: Id }>;
type ClientRoute<Id extends string> = Route<typeof clientRoutes, Id>;

const handlersDir = join(import.meta.dirname, '../../functions/http');

describe('typed routes', () => {
  // These assertions are checked by `tsc --noEmit` (part of `npm test`); at run time they are no-ops.
  it("gives each implementation its route's parsed params, query and body, and checks what it returns", () => {
    expectTypeOf<RouteContext<ClientRoute<'createClient'>>['body']>().toEqualTypeOf<NewClient>();
    expectTypeOf<RouteContext<ClientRoute<'updateClient'>>['body']>().toEqualTypeOf<ClientPatch>();
    expectTypeOf<RouteContext<ClientRoute<'updateClient'>>['params']>().toEqualTypeOf<{ clientId: string }>();
    expectTypeOf<RouteContext<ClientRoute<'getCategory'>>['params']>().toEqualTypeOf<{ categoryId: string }>();
    expectTypeOf<RouteContext<ClientRoute<'getClient'>>['body']>().toEqualTypeOf<undefined>();
    expectTypeOf<RouteContext<ClientRoute<'getClientHistory'>>['query']>().toEqualTypeOf<{ limit: number; cursor?: string | undefined }>();
    expectTypeOf<RouteContext<ClientRoute<'listClients'>>['query']['collectionsEnabled']>().toEqualTypeOf<boolean | undefined>();
    expectTypeOf<RouteContext<Route<typeof workspaceRoutes, 'deactivateUser'>>['query']>().toEqualTypeOf<{ proceed: boolean }>();
    expectTypeOf<ReturnType<RouteImpl<ClientRoute<'getClientHistory'>>>>()
      .resolves.toHaveProperty('body')
      .toEqualTypeOf<{ items: HistoryEntry[]; cursor?: string | undefined } | undefined>();

    const impls = {} as RouteImpls<typeof clientRoutes>;
    // @ts-expect-error — a body the route does not take.
    impls.getClient = async ({ body }) => ({ body: body.email });
    // @ts-expect-error — a response its success schema does not describe.
    impls.getClient = async () => ({ body: { id: 1 } });
    expect(impls.getClient).toBeTypeOf('function');
  });

  it('leaves no cast of a request part in any handler', () => {
    const handlers = readdirSync(handlersDir).filter((file) => file.endsWith('.handler.ts'));
    expect(handlers.length).toBeGreaterThanOrEqual(4);
    const casts = handlers.flatMap((file) =>
      readFileSync(join(handlersDir, file), 'utf8')
        .split('\n')
        .filter((line) => /\b(body|query|params)\b.*\bas\s+[A-Z{(]/.test(line) || /\b(params|query)\.\w+!/.test(line))
        .map((line) => `${file}: ${line.trim()}`),
    );
    expect(casts).toEqual([]);
  });
});
