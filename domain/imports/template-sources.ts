import { scopeOf } from '../clients/client-scope.ts';
import type { Client } from '../clients/client.schema.ts';
import type { CatalogRepository, ClientRepository } from '../clients/ports.ts';
import type { Actor } from '../shared/actor.ts';
import type { TenantRepository, UserRepository } from '../workspace/ports.ts';
import { countryCurrencies } from '../workspace/tenant-currency.ts';
import type { CellValue } from './rows.ts';
import type { Language, TemplateRows, TenantListKind, TenantLists } from './templates.ts';

/** A tenant list longer than this is cut in the dropdown (the instructions still say what is accepted). */
const MAX_LIST_VALUES = 5_000;
const PAGE = 500;

/** What a template row names by text instead of by id: category and zone names, users' e-mails. */
export interface TemplateNames {
  categories: ReadonlyMap<string, string>;
  zones: ReadonlyMap<string, string>;
  users: ReadonlyMap<string, string>;
}

export interface TemplateSourceDeps {
  catalogs: Pick<CatalogRepository, 'list'>;
  users: Pick<UserRepository, 'list'>;
  tenants: Pick<TenantRepository, 'get'>;
}

async function catalogNames(deps: TemplateSourceDeps, tenantId: string, kind: 'category' | 'zone'): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  let cursor: string | undefined;
  do {
    const page = await deps.catalogs.list(tenantId, kind, { limit: 100, cursor });
    for (const entry of page.items) names.set(entry.id, entry.name);
    cursor = page.cursor;
  } while (cursor && names.size < MAX_LIST_VALUES);
  return names;
}

async function userEmails(deps: TemplateSourceDeps, tenantId: string): Promise<Map<string, string>> {
  const emails = new Map<string, string>();
  let cursor: string | undefined;
  do {
    const page = await deps.users.list(tenantId, { limit: 100, cursor }, { status: 'active' });
    for (const user of page.items) emails.set(user.id, user.email);
    cursor = page.cursor;
  } while (cursor && emails.size < MAX_LIST_VALUES);
  return emails;
}

/** The tenant's names, read once per template (the lists and the pre-filled rows both use them). */
export const templateNames = async (deps: TemplateSourceDeps, tenantId: string): Promise<TemplateNames> => {
  const [categories, zones, users] = await Promise.all([
    catalogNames(deps, tenantId, 'category'),
    catalogNames(deps, tenantId, 'zone'),
    userEmails(deps, tenantId),
  ]);
  return { categories, zones, users };
};

const sorted = (values: Iterable<string>) => [...new Set(values)].sort((a, b) => a.localeCompare(b, 'es')).slice(0, MAX_LIST_VALUES);

/** The dropdowns' tenant lists: category and zone names, active users' e-mails, the currencies the tenant bills in. */
export function tenantLists(deps: TemplateSourceDeps, names: (actor: Actor) => Promise<TemplateNames>): TenantLists {
  return async (actor: Actor, kind: TenantListKind) => {
    if (kind === 'currencies') {
      const tenant = await deps.tenants.get(actor.tenantId);
      if (!tenant) return [];
      return sorted([tenant.currency, ...countryCurrencies[tenant.country]]);
    }
    const all = await names(actor);
    return sorted((kind === 'categories' ? all.categories : kind === 'zones' ? all.zones : all.users).values());
  };
}

/**
 * The caller's clients (active, in the scope of their access level, as `GET /v1/clients` lists them),
 * page by page, each rendered as a row by `render`: at most one page of clients in memory at a time.
 */
export function scopedClientRows(
  deps: { clients: Pick<ClientRepository, 'list'> },
  names: (actor: Actor) => Promise<TemplateNames>,
  render: (client: Client, names: TemplateNames, lang: Language) => Record<string, CellValue>,
): TemplateRows {
  return async function* (actor: Actor, lang: Language) {
    const known = await names(actor);
    let cursor: string | undefined;
    do {
      const page = await deps.clients.list(actor.tenantId, { scope: scopeOf(actor), status: 'active' }, { limit: PAGE, cursor });
      for (const client of page.items) yield render(client, known, lang);
      cursor = page.cursor;
    } while (cursor);
  };
}

/** `names` for one request: read on first use, then shared by the lists and the rows of the same template. */
export function namesOnce(deps: TemplateSourceDeps): (actor: Actor) => Promise<TemplateNames> {
  const byTenant = new Map<string, Promise<TemplateNames>>();
  return (actor) => {
    let names = byTenant.get(actor.tenantId);
    if (!names) {
      names = templateNames(deps, actor.tenantId);
      byTenant.set(actor.tenantId, names);
    }
    return names;
  };
}
