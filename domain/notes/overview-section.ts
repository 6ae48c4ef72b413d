import type { OverviewSection } from '../clients/overview.use-case.ts';
import { LAST_PER_CLIENT } from './note-streams.ts';
import { latestClientNotes, type NoteDeps } from './note.use-cases.ts';

/** The client overview's `notes` section: the newest three notes the caller may see (seed 003's levels). */
export const notesOverviewSection = (deps: NoteDeps): OverviewSection => ({
  name: 'notes',
  summarize: async (_tenantId, clientId, actor) => ({ latest: await latestClientNotes(deps)(actor, clientId, LAST_PER_CLIENT) }),
});
