import type { ClientNoticeSettings, CollectionsSettings, NoticeConcept } from './collections.schema.ts';

/**
 * What a tenant has before it saves anything (decision "Collections settings: defaults and storage"):
 * the three invoice reminders on (3 days before, on the day, from 1 day after every 7 days, 4 times),
 * the statement off (monthly, on the 1st), the payment receipt on, business days only.
 */
export const defaultCollectionsSettings = (): CollectionsSettings => ({
  reminders: {
    due_soon: { enabled: true, daysBefore: 3 },
    due_today: { enabled: true },
    overdue: { enabled: true, daysAfter: 1, everyDays: 7, maxTimes: 4 },
    statement: { enabled: false, frequency: 'monthly', dayOfMonth: 1 },
    payment_received: { enabled: true },
  },
  businessDaysOnly: true,
  version: 0,
});

/** The id of the item that says a tenant's catalogue was written (never a concept's: ours are ULIDs). */
export const CATALOGUE_MARKER_ID = '_catalogue';

/** "Never set": the time a default (version 0) client setting carries. */
export const NEVER = '1970-01-01T00:00:00.000Z';

/** The seed's two concepts, in the tenant's language, dated when the tenant was created. */
export function builtInConcepts(locale: 'es' | 'en', createdAt: string): NoticeConcept[] {
  const at = { version: 1, createdAt, updatedAt: createdAt };
  return [
    { id: 'before-7', description: locale === 'en' ? '7 days before' : '7 días antes', days: 7, relation: 'before', ...at },
    { id: 'after-7', description: locale === 'en' ? '7 days after' : '7 días después', days: 7, relation: 'after', ...at },
  ];
}

/**
 * A client that never set its notices: on, to the client only (not its contacts), with every concept of
 * the catalogue, so a concept the tenant adds applies to them at once and one it deletes stops.
 */
export function defaultClientNoticeSettings(clientId: string, catalogue: readonly NoticeConcept[]): ClientNoticeSettings {
  return {
    clientId,
    enabled: true,
    toContacts: false,
    beforeConceptIds: catalogue.filter((c) => c.relation === 'before').map((c) => c.id),
    afterConceptIds: catalogue.filter((c) => c.relation === 'after').map((c) => c.id),
    version: 0,
    updatedAt: NEVER,
  };
}

/** A stored client setting as it applies now: concepts deleted from the catalogue since drop out. */
export function effectiveClientNoticeSettings(stored: ClientNoticeSettings, catalogue: readonly NoticeConcept[]): ClientNoticeSettings {
  const relation = new Map(catalogue.map((c) => [c.id, c.relation]));
  return {
    ...stored,
    beforeConceptIds: stored.beforeConceptIds.filter((id) => relation.get(id) === 'before'),
    afterConceptIds: stored.afterConceptIds.filter((id) => relation.get(id) === 'after'),
  };
}
