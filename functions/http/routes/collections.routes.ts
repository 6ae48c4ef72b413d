import * as z from 'zod';
import { ClientNoticeSettings, CollectionMessageType, CollectionsSettings, NoticeConcept } from '../../../domain/collections/collections.schema.ts';
import {
  ClientNoticeSettingsInput,
  CollectionsSettingsInput,
  manageClientNotices,
  manageCollections,
  NewNoticeConcept,
  NoticeConceptPatch,
  PreviewRequest,
  readCollections,
} from '../../../domain/collections/settings.use-cases.ts';
import { anyLevel, Id, type RouteSpec } from '../route-spec.ts';

const tag = 'Collections';

const SettingsView = CollectionsSettings.meta({
  id: 'CollectionsSettings',
  description:
    'The five reminder types, each on or off with its timing and template, and whether weekends and holidays are skipped. Version 0: never saved (the defaults)',
});
const ConceptView = NoticeConcept.meta({
  id: 'NoticeConcept',
  description: 'A concept of the notice catalogue ("avisos"): `days` before or after the due date',
});
const ClientNoticesView = ClientNoticeSettings.meta({
  id: 'ClientNoticeSettings',
  description: "A client's notices: on or off, to its contacts too, which concepts apply, and its own template. Version 0: never set (the defaults)",
});
const PreviewView = z
  .object({
    type: CollectionMessageType,
    language: z.enum(['es', 'en']),
    subject: z.string(),
    text: z.string(),
    html: z.string().describe('A whole HTML document; every value from the client or its invoices is HTML-escaped'),
    invoiceCount: z.number().int().describe("How many of the client's open invoices the message lists"),
  })
  .meta({ id: 'CollectionMessagePreview', description: 'A collection e-mail rendered for a client, as it would be sent' });
export const MailboxVerification = z
  .object({
    mailbox: z.string(),
    status: z.enum(['pending', 'verified', 'failed']).describe('`pending`: SES sent a link to the mailbox; `verified`: messages go out from it'),
  })
  .meta({ id: 'MailboxVerification', description: "The verification of the caller's mailbox as a sender" });

const conceptId = z.strictObject({ conceptId: Id });
const clientId = z.strictObject({ clientId: Id });

export const collectionsRoutes = [
  {
    operationId: 'getCollectionsSettings',
    method: 'GET',
    path: '/v1/collections/settings',
    summary: "The company's collections settings (the defaults until saved)",
    tag,
    requires: readCollections,
    success: { status: 200, description: 'The settings', schema: SettingsView },
  },
  {
    operationId: 'putCollectionsSettings',
    method: 'PUT',
    path: '/v1/collections/settings',
    summary: 'Replace the collections settings (level 1 and collections.manage)',
    tag,
    body: CollectionsSettingsInput,
    conditional: true,
    requires: manageCollections,
    success: { status: 200, description: 'The saved settings', schema: SettingsView },
  },
  {
    operationId: 'listNoticeConcepts',
    method: 'GET',
    path: '/v1/collections/notice-concepts',
    summary: 'The notice catalogue ("7 días antes", "7 días después" until changed)',
    tag,
    requires: readCollections,
    success: { status: 200, description: 'Every concept', schema: z.object({ items: z.array(ConceptView) }) },
  },
  {
    operationId: 'createNoticeConcept',
    method: 'POST',
    path: '/v1/collections/notice-concepts',
    summary: 'Add a concept to the notice catalogue (level 1 and collections.manage)',
    tag,
    body: NewNoticeConcept,
    idempotent: true,
    requires: manageCollections,
    success: { status: 201, description: 'The new concept', schema: ConceptView },
  },
  {
    operationId: 'updateNoticeConcept',
    method: 'PATCH',
    path: '/v1/collections/notice-concepts/{conceptId}',
    summary: 'Change a concept of the notice catalogue (level 1 and collections.manage)',
    tag,
    params: conceptId,
    body: NoticeConceptPatch,
    conditional: true,
    requires: manageCollections,
    success: { status: 200, description: 'The concept', schema: ConceptView },
  },
  {
    operationId: 'deleteNoticeConcept',
    method: 'DELETE',
    path: '/v1/collections/notice-concepts/{conceptId}',
    summary: 'Remove a concept from the catalogue and from every client that chose it (level 1 and collections.manage)',
    tag,
    params: conceptId,
    conditional: true,
    requires: manageCollections,
    success: { status: 204, description: 'Removed' },
  },
  {
    operationId: 'getClientNoticeSettings',
    method: 'GET',
    path: '/v1/clients/{clientId}/notice-settings',
    summary: "A client's notice settings (the defaults until set)",
    tag,
    params: clientId,
    requires: readCollections,
    success: { status: 200, description: 'The settings', schema: ClientNoticesView },
  },
  {
    operationId: 'putClientNoticeSettings',
    method: 'PUT',
    path: '/v1/clients/{clientId}/notice-settings',
    summary: "Replace a client's notice settings (collections.manage, a client of your scope)",
    tag,
    params: clientId,
    body: ClientNoticeSettingsInput,
    conditional: true,
    requires: manageClientNotices,
    success: { status: 200, description: 'The saved settings', schema: ClientNoticesView },
  },
  {
    operationId: 'previewCollectionMessage',
    method: 'POST',
    path: '/v1/collections/templates/preview',
    summary: 'Render a reminder or notice for a client with their open invoices: the saved template, or the one sent (unsaved edits)',
    tag,
    body: PreviewRequest,
    requires: readCollections,
    success: { status: 200, description: 'The rendered message', schema: PreviewView },
  },
  {
    operationId: 'verifyMailbox',
    method: 'POST',
    path: '/v1/me/mailbox/verify',
    summary: 'Start the verification of your mailbox as the sender of your clients’ collection e-mails',
    tag,
    requires: anyLevel,
    success: { status: 202, description: 'Verification started (or already done)', schema: MailboxVerification },
  },
] as const satisfies readonly RouteSpec[];
