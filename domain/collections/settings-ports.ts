import type { ClientNoticeSettings, CollectionsSettings, NoticeConcept } from './collections.schema.ts';
import type { ClientNoticeSettingsRepository, CollectionsSettingsRepository, NoticeCatalogRepository } from './ports.ts';

/**
 * The writes of the collections settings API, beside the reads the planner uses (ports.ts). Each write is
 * conditioned on the version read (`version_mismatch` otherwise); version 0 is "never saved".
 */
export interface CollectionsSettingsStore extends CollectionsSettingsRepository {
  save(tenantId: string, next: CollectionsSettings, previousVersion: number): Promise<void>;
}

export interface NoticeCatalogStore extends NoticeCatalogRepository {
  get(tenantId: string, id: string): Promise<NoticeConcept | undefined>;
  /** Writes the built-in concepts first when the tenant never changed its catalogue. */
  create(tenantId: string, concept: NoticeConcept): Promise<void>;
  update(tenantId: string, next: NoticeConcept, previousVersion: number): Promise<void>;
  delete(tenantId: string, concept: NoticeConcept): Promise<void>;
}

export interface ClientNoticeSettingsStore extends ClientNoticeSettingsRepository {
  /** One client's effective settings (the defaults, version 0, when it never set any). */
  get(tenantId: string, clientId: string): Promise<ClientNoticeSettings>;
  save(tenantId: string, next: ClientNoticeSettings, previousVersion: number): Promise<void>;
}

/** Where a collector's mailbox is verified as a sender (SES identities; locally a stand-in). */
export type MailboxStatus = 'pending' | 'verified' | 'failed';
export interface SenderIdentities {
  /** Asks the provider to verify the address (it e-mails a link); answers the status right after. */
  startVerification(email: string): Promise<MailboxStatus>;
  /** The provider's status of the address; `failed` when it does not know it. */
  status(email: string): Promise<MailboxStatus>;
}
