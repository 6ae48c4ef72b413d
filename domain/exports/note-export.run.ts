import { canSee } from '../clients/client-scope.ts';
import { displayName, type Client } from '../clients/client.schema.ts';
import type { NoteRepository } from '../notes/ports.ts';
import { notesReport } from '../notes/note.use-cases.ts';
import type { Actor } from '../shared/actor.ts';
import type { Page, PageRequest } from '../shared/ports.ts';
import type { OrgUnitRepository, TenantRepository, UserRepository } from '../workspace/ports.ts';
import type { OrgUnitKind } from '../workspace/org-unit.schema.ts';
import type { Tenant } from '../workspace/tenant.schema.ts';
import type { User } from '../workspace/user.schema.ts';
import type { ExportJob, NoteExportSelection } from './export-job.schema.ts';
import { noteColumns, noteRow, noteSheetName } from './note-export-columns.ts';
import type { ExportFiles } from './ports.ts';
import { writePages } from './write-pages.ts';

/** Notes asked of the report per page (its `limit`; with "last three per client" it counts clients). */
export const NOTE_EXPORT_PAGE = 500;

/** What the notes export reads besides the runner's own ports. */
export interface NoteExportDeps {
  notes: Pick<NoteRepository, 'read'>;
  orgUnits: Pick<OrgUnitRepository, 'list'>;
  /** Clients by id in batches, for their names (BatchGetItem of 100). */
  clients: { getMany(tenantId: string, ids: readonly string[]): Promise<Map<string, Client>> };
}

export interface NoteWorkbookDeps {
  files: ExportFiles;
  users: Pick<UserRepository, 'list'>;
  tenants: Pick<TenantRepository, 'get'>;
  noteExport: NoteExportDeps;
  /** Called every few thousand rows; false = the claim was lost (the run stops). */
  progress: (rows: number) => Promise<boolean>;
  progressEvery: number;
}

/** Every page of a listing, read once. */
async function all<T>(read: (page: PageRequest) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await read({ limit: 100, cursor });
    items.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  return items;
}

/**
 * Streams the notes report into the job's file through the very use case of `GET /v1/notes`, as the
 * requester's level and units at the request (job.scope) let them read it. The tenant's users are read
 * once for the whole run (the report reads them per page otherwise), so a user moved mid-run does not
 * change the file halfway. A client's name is written only when the requester may see that client (the
 * JSON report gives its id alone); branch and department names from the tenant's catalogue (tens).
 */
export async function writeNotesWorkbook(deps: NoteWorkbookDeps, job: ExportJob & NoteExportSelection, tenant: Tenant): Promise<number> {
  const { tenantId, language } = job;
  const actor: Actor = { tenantId, ...job.scope, permissions: [] };
  const [users, branches, departments] = await Promise.all([
    all<User>((page) => deps.users.list(tenantId, page, { status: 'all' })),
    ...(['branch', 'department'] as OrgUnitKind[]).map((kind) => all((page) => deps.noteExport.orgUnits.list(tenantId, kind, page))),
  ]);
  const names = (units: Array<{ id: string; name: string }>) => new Map(units.map((u) => [u.id, u.name]));
  const branchName = names(branches as Array<{ id: string; name: string }>);
  const departmentName = names(departments as Array<{ id: string; name: string }>);
  const snapshot: Pick<UserRepository, 'list'> = { list: async () => ({ items: users }) };
  const report = notesReport({ notes: deps.noteExport.notes, users: snapshot, tenants: deps.tenants });
  const clientNames = new Map<string, string | undefined>();
  const sink = await deps.files.open(job.objectKey, noteSheetName[language], noteColumns(language));
  return writePages({
    sink,
    read: (cursor) => report(actor, job.filter, { limit: NOTE_EXPORT_PAGE, cursor }),
    async *rowsOf(notes) {
      const unknown = [...new Set(notes.map((n) => n.clientId))].filter((id) => !clientNames.has(id));
      if (unknown.length) {
        const found = await deps.noteExport.clients.getMany(tenantId, unknown);
        for (const id of unknown) {
          const client = found.get(id);
          clientNames.set(id, client && canSee(actor, client) ? client.displayName || displayName(client) : undefined);
        }
      }
      for (const note of notes) {
        const context = {
          clientName: clientNames.get(note.clientId),
          branchName: note.author.branchId ? branchName.get(note.author.branchId) : undefined,
          departmentName: note.author.departmentId ? departmentName.get(note.author.departmentId) : undefined,
          timeZone: tenant.timeZone,
        };
        yield noteRow(note, context, language);
      }
    },
    progress: deps.progress,
    progressEvery: deps.progressEvery,
  });
}
