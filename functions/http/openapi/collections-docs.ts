import { placeholders } from '../../../domain/collections/placeholders.ts';
import { defaultCollectionsSettings } from '../../../domain/collections/settings-defaults.ts';
import type { OperationDoc } from './operations.ts';
import { sample } from './samples.ts';

/** What the document says about the collections settings operations (spread into operations.ts). */

const { client, at } = sample;
const versioned =
  '\n\nSend the `ETag` of your last read in `If-Match` (`"3"`, `3` or `*`): a stale one is a 412, none a 428. The response carries the new `ETag`.';
const placeholderList = Object.values(placeholders)
  .map((p) => `\`{{${p.es}}}\` / \`{{${p.en}}}\` (${p.about})`)
  .join('; ');
const templates = `\n\nTemplates (\`template\`: \`es\` and/or \`en\`, each \`subject\`, \`text\`, optional \`html\`; a language left out uses the built-in text of the type) may name these placeholders, in either language: ${placeholderList}. An unknown placeholder is a 400 naming it; all the templates of one save together must stay under 300 KB. Client data is HTML-escaped in the HTML part; without \`html\`, the HTML part is the text, escaped, with the invoices as a table. The built-in templates sign with \`{{firma}}\`: the collector's name over the business's, or the business's name alone when the client has no collector (\`{{cobrador}}\` alone falls back to the business's name, so \`{{cobrador}}\` followed by \`{{empresa}}\` would print it twice).`;

const settings = {
  ...defaultCollectionsSettings(),
  reminders: {
    ...defaultCollectionsSettings().reminders,
    overdue: {
      enabled: true,
      daysAfter: 5,
      everyDays: 7,
      maxTimes: 3,
      template: { es: { subject: 'Facturas vencidas: {{total}}', text: 'Estimado(a) {{cliente}}:\n\n{{facturas}}\n\nTotal: {{total}}\n\n{{firma}}' } },
    },
  },
  version: 4,
  updatedAt: at,
};
const { version: _v, updatedAt: _u, ...settingsInput } = settings;
const concept = {
  id: '01JNE2K4M6P8R0T2V4X6Z8B0D2',
  description: '15 días después',
  days: 15,
  relation: 'after' as const,
  version: 1,
  createdAt: at,
  updatedAt: at,
};
const builtIn = [
  { id: 'before-7', description: '7 días antes', days: 7, relation: 'before' as const, version: 1, createdAt: at, updatedAt: at },
  { id: 'after-7', description: '7 días después', days: 7, relation: 'after' as const, version: 1, createdAt: at, updatedAt: at },
];
const clientNotices = {
  clientId: client.id,
  enabled: true,
  toContacts: true,
  beforeConceptIds: ['before-7'],
  afterConceptIds: ['after-7', concept.id],
  template: { es: { subject: 'Aviso de vencimiento — {{empresa}}', text: 'Estimado(a) {{cliente}}:\n\n{{facturas}}\n\nSaludos,\n{{firma}}' } },
  version: 2,
  updatedAt: at,
};
const { clientId: _c, version: _cv, updatedAt: _cu, ...clientNoticesInput } = clientNotices;

export const collectionsDocs = {
  getCollectionsSettings: {
    description:
      'The five reminder types of the company (`due_soon` N days before the due date, `due_today`, `overdue` from N days after and every M days up to K times while unpaid, `statement` weekly or monthly, `payment_received`), each on or off with its timing and template, and `businessDaysOnly`. A company that never saved them reads the defaults (version 0): due-soon 3 days before, on the day, overdue from 1 day after every 7 days 4 times, the receipt on, the statement off (monthly on the 1st), business days only.',
    response: settings,
  },
  putCollectionsSettings: {
    description: `Replaces the collections settings (level 1 and the \`collections.manage\` permission). A weekly statement needs \`weekday\` (1 = Monday … 7), a monthly one \`dayOfMonth\` (a short month uses its last day). The first save names version 0 (\`If-Match: 0\`).${templates}${versioned}`,
    request: settingsInput,
    response: { ...settings, version: 5 },
  },
  listNoticeConcepts: {
    description:
      'The notice catalogue ("avisos"): concepts of a number of days before or after the due date. Every company starts with "7 días antes" and "7 días después" (ids `before-7`, `after-7`), in its language.',
    response: { items: [...builtIn, concept] },
  },
  createNoticeConcept: {
    description:
      'Adds a concept (level 1 and `collections.manage`). Clients that never chose their concepts get every concept of the catalogue, this one included.\n\nSend an `Idempotency-Key` to retry safely: the same request again within 24 h gets the first response with `Idempotency-Replayed: true`.',
    request: { description: '15 días después', days: 15, relation: 'after' },
    response: concept,
  },
  updateNoticeConcept: {
    description: `Changes a concept's description, days or relation (level 1 and \`collections.manage\`).${versioned}`,
    request: { days: 20, description: '20 días después' },
    response: { ...concept, days: 20, description: '20 días después', version: 2 },
  },
  deleteNoticeConcept: {
    description: `Removes a concept (level 1 and \`collections.manage\`). Clients that chose it stop getting it at once: their settings are read against the catalogue, so nothing else is rewritten.${versioned}`,
  },
  getClientNoticeSettings: {
    description:
      "A client's notices: on or off, to its contacts too, the before-due and after-due concepts that apply, and its own template. A client that never set them reads the defaults (version 0): on, to the client only, every concept of the catalogue. Only clients within your access level's reach exist for you; any other id is a 404.",
    response: clientNotices,
  },
  putClientNoticeSettings: {
    description: `Replaces a client's notice settings (\`collections.manage\`, a client of your reach). \`beforeConceptIds\` must name \`before\` concepts of the catalogue and \`afterConceptIds\` \`after\` ones.${templates}${versioned}`,
    request: clientNoticesInput,
    response: { ...clientNotices, version: 3 },
  },
  previewCollectionMessage: {
    description: `Renders a message for a client of your reach with their real open invoices, as it would be sent: \`type\` (a reminder type or \`notice\`) or \`conceptId\` (a notice of that concept); \`template\` to preview unsaved edits, else the saved one (the client's for notices), else the built-in one; \`language\` defaults to the company's. The invoices are those the type is about (due within the due-soon window, due today, overdue; before or after due for a concept), or every open one when none is; a receipt shows a sample payment.${templates}`,
    request: { type: 'overdue', clientId: client.id, language: 'es' },
    response: {
      type: 'overdue',
      language: 'es',
      subject: 'Facturas vencidas con Comercial Andes SpA: $1.434.567',
      text: 'Estimado(a) Ferretería Sur:\n\n…\n\n- N° F-101 · vence 1 de noviembre de 2026 · saldo $1.234.567\n…',
      html: '<!doctype html><html lang="es">…<table>…</table>…</html>',
      invoiceCount: 2,
    },
  },
  verifyMailbox: {
    description:
      "Starts the verification of your mailbox (the `mailbox` of your user) as the sender of your clients' collection e-mails: SES e-mails it a link. `GET /v1/me` shows the status (`user.mailboxVerification`) and asks SES again while it is pending. Until it is `verified`, your clients' e-mails go out from the company's sender with Reply-To your mailbox. A user without a mailbox gets a 409. Locally the SES emulator has no identities: the request answers `pending` and the next `GET /v1/me` shows `verified`.",
    response: { mailbox: 'cobranza.ana@ferreteria.cl', status: 'pending' },
  },
} satisfies Record<string, OperationDoc>;
