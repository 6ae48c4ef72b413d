import type { Client, ClientPatch } from '../clients/client.schema.ts';
import { ClientPatch as ClientPatchSchema } from '../clients/client.schema.ts';
import type { TaxIdScheme } from '../clients/tax-id.ts';
import { fold } from '../shared/text.ts';
import { cellInteger, cellText, isEmptyCell } from './cells.ts';
import { cellIssue, readClientKey, reader, rowCells, type ClientKey } from './client-match.ts';
import { codeOfZod, flattenIssues, type RowIssue } from './client-rows.ts';
import type { HeaderMapping, SourceRow } from './rows.ts';

/**
 * One row of the client-terms import (seed 000: categories and payment terms by client) → the client it
 * names and what it sets, without I/O. Unlike the clients import, an **empty category cell clears the
 * category** (the client goes to "Sin info"): this sheet states each client's category, and "none" is one
 * of the answers (decision "Client terms import"). An empty payment-terms cell leaves the terms as they
 * are. A column the file does not have changes nothing.
 */

export interface TermsLookups {
  /** Folded name (`fold`) → category. */
  categories: ReadonlyMap<string, { id: string; name: string }>;
  /** The scheme a client's tax id is read in (the tenant's). */
  taxIdScheme: TaxIdScheme | undefined;
}

export interface TermsCandidate {
  row: number;
  key: ClientKey;
  /** Absent: the file has no category column. `null`: clear it. `missing`: a name to create first. */
  category?: { id: string } | { missing: string } | null;
  paymentTermsDays?: number;
  /** Cell text by column key, for errors found later. */
  cells: ReadonlyMap<string, string>;
}

export type TermsRead = { candidate: TermsCandidate } | { issues: RowIssue[] } | { blank: true } | { noClient: true; cells: ReadonlyMap<string, string> };

const termsSchema = ClientPatchSchema.pick({ paymentTermsDays: true });

export function readTermsRow(mapping: HeaderMapping, source: SourceRow, lookups: TermsLookups, options: { createMissingReferences: boolean }): TermsRead {
  const { row } = source;
  // A row with nothing in the import's columns (a blank line, notes in other columns) asks for nothing.
  if (![...mapping.columns.keys()].some((i) => !isEmptyCell(source.cells[i]))) return { blank: true };
  const cells = rowCells(mapping, source);
  const issues: RowIssue[] = [];
  const read = reader(row, cells, issues);
  const keyRead = readClientKey(row, cells, lookups.taxIdScheme);
  if ('issues' in keyRead) issues.push(...keyRead.issues);

  let category: TermsCandidate['category'];
  if ([...mapping.columns.values()].includes('category')) {
    const name = read('category', cellText, '/categoryId');
    if (name === undefined) category = issues.some((i) => i.column === 'category') ? undefined : null;
    else {
      const entry = lookups.categories.get(fold(name));
      if (entry) category = { id: entry.id };
      else if (options.createMissingReferences) category = { missing: name };
      else
        issues.push(
          cellIssue(row, cells, 'category', 'not_found', { pointer: '/categoryId', code: 'unknown_reference', params: { entity: 'category', id: name } }),
        );
    }
  }

  let paymentTermsDays: number | undefined;
  const terms = read('paymentTermsDays', cellInteger);
  if (terms !== undefined) {
    const parsed = termsSchema.safeParse({ paymentTermsDays: terms }, { reportInput: true });
    if (parsed.success) paymentTermsDays = parsed.data.paymentTermsDays ?? undefined;
    else
      for (const zodIssue of flattenIssues(parsed.error.issues)) {
        issues.push({
          row,
          column: 'paymentTermsDays',
          ...(cells.text.has('paymentTermsDays') ? { value: cells.text.get('paymentTermsDays')! } : {}),
          code: codeOfZod(zodIssue),
          issue: { zod: zodIssue },
        });
      }
  }

  if (issues.length) return { issues };
  if ('none' in keyRead) return { noClient: true, cells: cells.text };
  if (!('key' in keyRead)) return { issues };
  return {
    candidate: {
      row,
      key: keyRead.key,
      ...(category !== undefined ? { category } : {}),
      ...(paymentTermsDays !== undefined ? { paymentTermsDays } : {}),
      cells: cells.text,
    },
  };
}

/**
 * What the row changes on `current`: the category (its id, or `null` to clear it) and the payment terms,
 * only where they differ; `unchanged` when it changes nothing. `categoryId` is the category the row names,
 * resolved (a missing one created first), or `null` to clear.
 */
export function termsPatch(candidate: TermsCandidate, current: Client, categoryId: string | null | undefined): { patch: ClientPatch } | { unchanged: true } {
  const patch: ClientPatch = {};
  if (categoryId !== undefined && (current.categoryId ?? null) !== categoryId) patch.categoryId = categoryId;
  if (candidate.paymentTermsDays !== undefined && current.paymentTermsDays !== candidate.paymentTermsDays) patch.paymentTermsDays = candidate.paymentTermsDays;
  return Object.keys(patch).length ? { patch } : { unchanged: true };
}
