import { Entity } from 'electrodb';
import { SERVICE, keyFields } from './model.ts';

/** A note's own partition: the note (`NOTE`) and its earlier versions (`V#<version>`). */
export const notePk = { field: keyFields.pk, composite: ['tenantId', 'id'], template: 'T#${tenantId}#NOTE#${id}', casing: 'none' } as const;

/** A deleted note leaves every index (it stays readable by id, for level 1, with its history). */
const live = (attr: { deletedAt?: unknown }) => !attr.deletedAt;
const byDate = (field: string) => ({ field, composite: ['createdAt', 'id'], template: '${createdAt}#${id}', casing: 'none' }) as const;
const byClient = (field: string) =>
  ({ field, composite: ['clientId', 'createdAt', 'id'], template: '${clientId}#${createdAt}#${id}', casing: 'none' }) as const;

/**
 * A follow-up note on a client (docs/data-model.md, "Follow-up notes"). Four streams, none keyed by the
 * author's units (visibility follows the author's current units, read from the users at query time):
 * the tenant's notes by date (gsi1) and by client (gsi3), one author's by date (gsi4) and by client (gsi5).
 */
export const noteEntity = () =>
  new Entity({
    model: { entity: 'note', version: '1', service: SERVICE },
    attributes: {
      tenantId: { type: 'string', required: true },
      id: { type: 'string', required: true },
      clientId: { type: 'string', required: true },
      authorId: { type: 'string', required: true },
      text: { type: 'string', required: true },
      location: { type: 'any' },
      treatment: { type: 'string' },
      /** The task created with the note (its next action). */
      taskId: { type: 'string' },
      writtenIn: { type: 'any', required: true },
      version: { type: 'number', required: true },
      createdAt: { type: 'string', required: true },
      updatedAt: { type: 'string', required: true },
      updatedBy: { type: 'string', required: true },
      deletedAt: { type: 'string' },
      deletedBy: { type: 'string' },
    },
    indexes: {
      byId: { pk: notePk, sk: { field: keyFields.sk, composite: [], template: 'NOTE', casing: 'none' } },
      tenantByDate: {
        index: keyFields.gsi1.index,
        condition: live,
        pk: { field: keyFields.gsi1.pk, composite: ['tenantId'], template: 'T#${tenantId}#NOTES', casing: 'none' },
        sk: byDate(keyFields.gsi1.sk),
      },
      tenantByClient: {
        index: keyFields.gsi3.index,
        condition: live,
        pk: { field: keyFields.gsi3.pk, composite: ['tenantId'], template: 'T#${tenantId}#NOTES#BYCLIENT', casing: 'none' },
        sk: byClient(keyFields.gsi3.sk),
      },
      authorByDate: {
        index: keyFields.gsi4.index,
        condition: live,
        pk: { field: keyFields.gsi4.pk, composite: ['tenantId', 'authorId'], template: 'T#${tenantId}#NOTES#AUTHOR#${authorId}', casing: 'none' },
        sk: byDate(keyFields.gsi4.sk),
      },
      authorByClient: {
        index: keyFields.gsi5.index,
        condition: live,
        pk: { field: keyFields.gsi5.pk, composite: ['tenantId', 'authorId'], template: 'T#${tenantId}#NOTES#AUTHOR#${authorId}#BYCLIENT', casing: 'none' },
        sk: byClient(keyFields.gsi5.sk),
      },
    },
  });

/** An earlier version of a note, kept when it is edited or deleted (the note's history). */
export const noteVersionEntity = () =>
  new Entity({
    model: { entity: 'noteVersion', version: '1', service: SERVICE },
    attributes: {
      tenantId: { type: 'string', required: true },
      id: { type: 'string', required: true },
      /** The version number, zero-padded so versions sort by number. */
      versionKey: { type: 'string', required: true },
      note: { type: 'any', required: true },
    },
    indexes: {
      byId: { pk: notePk, sk: { field: keyFields.sk, composite: ['versionKey'], template: 'V#${versionKey}', casing: 'none' } },
    },
  });
