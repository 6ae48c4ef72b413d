import type { NoticeConcept } from '../../domain/collections/collections.schema.ts';
import type {
  ClientNoticeSettingsRepository,
  CollectionsSettingsRepository,
  NoticeCatalogRepository,
  RenderCollectionMessage,
  SuppressionList,
} from '../../domain/collections/ports.ts';

/**
 * MERGE: stand-ins for the parts the "settings" and "delivery" work implement (the settings, catalogue
 * and client-notice repositories, the renderer, the suppression list), so the planner runs on this
 * branch alone. At merge, collections-planner.ts takes the real ones instead and this file goes.
 */
const EPOCH = '1970-01-01T00:00:00.000Z';
const builtIn: NoticeConcept[] = [
  { id: 'before-7', description: '7 días antes', days: 7, relation: 'before', version: 0, createdAt: EPOCH, updatedAt: EPOCH },
  { id: 'after-7', description: '7 días después', days: 7, relation: 'after', version: 0, createdAt: EPOCH, updatedAt: EPOCH },
];

export const standInCollaborators = (): {
  settings: CollectionsSettingsRepository;
  concepts: NoticeCatalogRepository;
  notices: ClientNoticeSettingsRepository;
  suppression: SuppressionList;
  render: RenderCollectionMessage;
} => ({
  settings: {
    get: async () => ({
      reminders: {
        due_soon: { enabled: true, daysBefore: 3 },
        due_today: { enabled: true },
        overdue: { enabled: true, daysAfter: 1, everyDays: 7, maxTimes: 4 },
        statement: { enabled: false, frequency: 'monthly', dayOfMonth: 1 },
        payment_received: { enabled: true },
      },
      businessDaysOnly: true,
      version: 0,
    }),
  },
  concepts: { list: async () => builtIn },
  notices: {
    getMany: async (_tenantId, clientIds) =>
      new Map(
        clientIds.map((clientId) => [
          clientId,
          { clientId, enabled: true, toContacts: false, beforeConceptIds: ['before-7'], afterConceptIds: ['after-7'], version: 0, updatedAt: EPOCH },
        ]),
      ),
  },
  suppression: { suppressedAmong: async () => new Set<string>() },
  render: (type, context) => {
    const list = context.invoices.map((i) => `${i.number} ${i.dueDate} ${i.balance} ${i.currency}`).join('\n');
    return { subject: `${context.tenantName}: ${type}`, text: `${context.clientName}\n${list}`, html: `<pre>${type}</pre>` };
  },
});
