import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { localDateTime, noteColumns, noteHeaders, noteRow } from '../../../domain/exports/note-export-columns.ts';
import { NoteLocationKind, type NoteView } from '../../../domain/notes/note.schema.ts';

const zones = ['America/Santiago', 'America/Mexico_City', 'America/Bogota', 'America/Argentina/Buenos_Aires', 'America/Guayaquil', 'UTC'];
const instant = fc.integer({ min: Date.parse('2000-01-01T00:00:00Z'), max: Date.parse('2040-12-31T23:59:59Z') }).map((ms) => new Date(ms).toISOString());
const text = fc.string({ maxLength: 40 });

const noteArb = fc.record({
  id: fc.stringMatching(/^[0-9A-Z]{26}$/),
  clientId: fc.stringMatching(/^[a-z0-9-]{1,20}$/),
  authorId: fc.stringMatching(/^[a-z0-9-]{1,20}$/),
  text: text.filter((t) => t.length > 0),
  treatment: fc.option(text, { nil: undefined }),
  location: fc.option(fc.record({ kind: fc.constantFrom(...NoteLocationKind.options), detail: fc.option(text, { nil: undefined }) }), { nil: undefined }),
  createdAt: instant,
  authorName: fc.option(text, { nil: undefined }),
});

type GeneratedNote = typeof noteArb extends fc.Arbitrary<infer T> ? T : never;
const view = (n: GeneratedNote): NoteView =>
  ({
    ...n,
    tenantId: 't',
    writtenIn: { departmentId: 'd' },
    version: 1,
    updatedAt: n.createdAt,
    updatedBy: n.authorId,
    author: { id: n.authorId, name: n.authorName, branchId: 'b1', departmentId: 'd1' },
  }) as NoteView;

describe('notes export rows', () => {
  it('have one cell per header, keep the note and client ids and the texts as written, in both languages', () => {
    fc.assert(
      fc.property(
        noteArb,
        fc.constantFrom('es' as const, 'en' as const),
        fc.constantFrom(...zones),
        fc.option(text, { nil: undefined }),
        (n, language, timeZone, clientName) => {
          const row = noteRow(view(n), { clientName, branchName: 'Casa Matriz', timeZone }, language);
          const headers = noteColumns(language);
          const cell = (key: keyof typeof noteHeaders) => row[headers.indexOf(noteHeaders[key][language])];
          expect(row).toHaveLength(headers.length);
          expect(cell('id')).toBe(n.id);
          expect(cell('clientId')).toBe(n.clientId);
          expect(cell('note')).toBe(n.text);
          expect(cell('treatment')).toBe(n.treatment ?? null);
          expect(cell('client')).toBe(clientName ?? null);
          expect(cell('author')).toBe(n.authorName ?? n.authorId);
          expect(cell('branch')).toBe('Casa Matriz');
          // No department name given: the id, never nothing.
          expect(cell('department')).toBe('d1');
          if (!n.location) expect(cell('location')).toBeNull();
          else if (n.location.detail) expect(String(cell('location')).endsWith(`: ${n.location.detail}`)).toBe(true);
        },
      ),
    );
  });

  it('date a note by the tenant’s wall clock: the local time that, read back in the zone, is the note’s minute', () => {
    fc.assert(
      fc.property(instant, fc.constantFrom(...zones), (at, timeZone) => {
        const local = localDateTime(at, timeZone);
        expect(local).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
        const sv = new Intl.DateTimeFormat('sv-SE', { timeZone, dateStyle: 'short', timeStyle: 'short' }).format(new Date(at));
        expect(local).toBe(sv);
      }),
    );
  });

  it('word every location kind in Spanish and English', () => {
    for (const kind of NoteLocationKind.options) {
      const n = {
        id: 'N',
        clientId: 'c',
        authorId: 'a',
        text: 'x',
        createdAt: '2026-03-02T13:45:10.000Z',
        location: { kind, detail: undefined },
        treatment: undefined,
        authorName: 'A',
      };
      const es = noteRow(view(n), { timeZone: 'UTC' }, 'es')[6];
      const en = noteRow(view(n), { timeZone: 'UTC' }, 'en')[6];
      expect(typeof es === 'string' && es.length > 0 && typeof en === 'string' && en.length > 0).toBe(true);
    }
    expect(
      noteRow(
        view({
          id: 'N',
          clientId: 'c',
          authorId: 'a',
          text: 'x',
          createdAt: '2026-03-02T13:45:10.000Z',
          location: { kind: 'client_home', detail: undefined },
          treatment: undefined,
          authorName: 'A',
        }),
        { timeZone: 'America/Santiago' },
        'es',
      )[2],
    ).toBe('2026-03-02 10:45');
  });
});
