import type { Client } from '../../domain/clients/client.schema.ts';
import type { CellValue, ImportType, ImportTypeSpec, Localized } from '../../domain/imports/rows.ts';
import { simpleImportSpecs } from '../../domain/imports/specs/index.ts';
import { namesOnce, scopedClientRows, type TemplateNames, type TemplateSourceDeps, tenantLists } from '../../domain/imports/template-sources.ts';
import type { TemplateDeps, TemplateRows } from '../../domain/imports/templates.ts';
import type { ClientRepository } from '../../domain/clients/ports.ts';

/** A type whose template is pre-filled: its spec and how one of the caller's clients becomes a row. */
export interface PrefilledType {
  spec: ImportTypeSpec;
  render: (client: Client, names: TemplateNames, lang: keyof Localized) => Record<string, CellValue>;
}

/**
 * The templates' dependencies for one request (the tenant's names are read once per template, never kept
 * between requests). `prefilled` adds the types whose rows come from the caller's clients: the clients
 * spec and its row renderer are plugged in here (`clients: { spec: clientImportSpec, render: clientTemplateRow }`).
 */
export function templateDeps(
  deps: TemplateSourceDeps & { clients: Pick<ClientRepository, 'list'> },
  prefilled: Partial<Record<ImportType, PrefilledType>> = {},
  maxRows?: number,
): () => TemplateDeps {
  return () => {
    const names = namesOnce(deps);
    const specs = { ...simpleImportSpecs };
    const rows: Partial<Record<ImportType, TemplateRows>> = {};
    for (const [type, entry] of Object.entries(prefilled) as Array<[ImportType, PrefilledType]>) {
      specs[type] = entry.spec;
      rows[type] = scopedClientRows(deps, names, entry.render);
    }
    return { specs, rows, lists: tenantLists(deps, names), ...(maxRows ? { maxRows } : {}) };
  };
}
