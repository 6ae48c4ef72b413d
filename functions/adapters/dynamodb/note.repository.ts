import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Note } from '../../../domain/notes/note.schema.ts';
import type { NoteRepository, NoteStream } from '../../../domain/notes/ports.ts';
import { conflict } from '../../../domain/shared/errors.ts';
import { appliedIf, compact, isConditionalFailure } from './conditional.ts';
import { keyFields } from './entities/model.ts';
import type { DataService } from './entities/index.ts';
import { createTaskItems } from './task-items.ts';
import { sendWithUnits } from './task-units.ts';

const NOTE_FIELDS = [
  'tenantId',
  'id',
  'clientId',
  'authorId',
  'text',
  'location',
  'treatment',
  'taskId',
  'writtenIn',
  'version',
  'createdAt',
  'updatedAt',
  'updatedBy',
  'deletedAt',
  'deletedBy',
] as const;

const fromItem = (item: Record<string, unknown>): Note => compact(Object.fromEntries(NOTE_FIELDS.map((f) => [f, item[f]]))) as unknown as Note;
const versionKey = (version: number) => String(version).padStart(6, '0');

/** The index and partition of a stream (entities/note.entity.ts). */
function streamKey(tenantId: string, stream: NoteStream) {
  const base = `T#${tenantId}#NOTES`;
  if (stream.authorId === undefined) return stream.order === 'date' ? { gsi: keyFields.gsi1, pk: base } : { gsi: keyFields.gsi3, pk: `${base}#BYCLIENT` };
  const author = `${base}#AUTHOR#${stream.authorId}`;
  return stream.order === 'date' ? { gsi: keyFields.gsi4, pk: author } : { gsi: keyFields.gsi5, pk: `${author}#BYCLIENT` };
}

/**
 * Notes in their own partitions (`T#<t>#NOTE#<id>`: the note and its versions), read through four sparse
 * streams (docs/data-model.md, "Follow-up notes"). Stream reads are plain key-range queries with `Limit`:
 * never a filter, so a page reads only what it returns (plus one item to know more follow).
 */
export function dynamoNoteRepository(data: DataService, document: DynamoDBDocumentClient, tableName: string): NoteRepository {
  const { note: entity } = data.entities;
  const unchanged = (previous: Note) =>
    (({ version }: { version: never }, { eq }: { eq: (a: never, b: number) => string }) => eq(version, previous.version)) as never;
  return {
    async create(note, task) {
      try {
        const create = entity.create(compact(note as unknown as Record<string, unknown>) as never);
        if (!task) await create.go();
        // The note → task seam: the note's put (as ElectroDB builds it) and the task's items in one transaction.
        // (the assignee's units read here and checked in the transaction, as every task write does).
        else
          await sendWithUnits(document, tableName, { tenantId: task.tenantId, userId: task.assigneeId }, undefined, (units) => [
            { Put: create.params() as never },
            ...createTaskItems(tableName, task, units),
          ]);
      } catch (error) {
        if (isConditionalFailure(error)) throw conflict('note', 'id', note.id);
        throw error;
      }
    },
    async get(tenantId, id) {
      const { data: item } = await entity.get({ tenantId, id }).go({ consistent: true });
      return item ? fromItem(item as Record<string, unknown>) : undefined;
    },
    async update(next, previous) {
      return appliedIf(() =>
        data.transaction
          .write(({ note, noteVersion }) => [
            note
              .put(compact(next as unknown as Record<string, unknown>) as never)
              .where(unchanged(previous))
              .commit(),
            noteVersion
              .create({ tenantId: previous.tenantId, id: previous.id, versionKey: versionKey(previous.version), note: compact(previous as never) } as never)
              .commit(),
          ])
          .go(),
      );
    },
    async history(tenantId, id) {
      const { data: items } = await data.entities.noteVersion.query.byId({ tenantId, id }).go({ order: 'desc', pages: 'all' });
      return items.map((v) => fromItem((v as { note: Record<string, unknown> }).note));
    },
    async read(tenantId, stream, range, limit, ascending = false) {
      const { gsi, pk } = streamKey(tenantId, stream);
      // An empty lower bound is no bound (a key condition cannot hold an empty string).
      const bounded = range.lo !== '';
      const result = await document.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: gsi.index,
          KeyConditionExpression: bounded ? '#pk = :pk AND #sk BETWEEN :lo AND :hi' : '#pk = :pk AND #sk <= :hi',
          ExpressionAttributeNames: { '#pk': gsi.pk, '#sk': gsi.sk },
          ExpressionAttributeValues: { ':pk': pk, ':hi': range.hi, ...(bounded ? { ':lo': range.lo } : {}) },
          ScanIndexForward: ascending,
          Limit: limit,
        }),
      );
      return (result.Items ?? []).map(fromItem);
    },
  };
}
