import type { ImportType, ImportTypeSpec } from '../rows.ts';
import { clientTermsImportSpec } from './client-terms.spec.ts';
import { contactsImportSpec } from './contacts.spec.ts';
import { invoicesImportSpec } from './invoices.spec.ts';
import { paymentsImportSpec } from './payments.spec.ts';

/** The column specs of the simpler import types; the clients spec (client-columns.ts) joins them where they are wired. */
export const simpleImportSpecs: Partial<Record<ImportType, ImportTypeSpec>> = {
  client_terms: clientTermsImportSpec,
  contacts: contactsImportSpec,
  invoices: invoicesImportSpec,
  payments: paymentsImportSpec,
};
