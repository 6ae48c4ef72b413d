import type { CatalogEntry } from '../../../domain/clients/catalog.schema.ts';
import type { Client } from '../../../domain/clients/client.schema.ts';
import type { Contact, MessageRouting } from '../../../domain/clients/contact.schema.ts';
import type { HistoryEntry } from '../../../domain/clients/history.ts';
import { formatTaxId, parseTaxId, type TaxId } from '../../../domain/clients/tax-id.ts';
import type { ImportJobView } from '../../../domain/imports/import-job.schema.ts';
import { buildEstimate, NewEstimate } from '../../../domain/receivables/estimate.ts';
import { buildInvoice, NewInvoice } from '../../../domain/receivables/invoice.ts';
import type { OrgUnit } from '../../../domain/workspace/org-unit.schema.ts';
import type { Tenant } from '../../../domain/workspace/tenant.schema.ts';
import type { User } from '../../../domain/workspace/user.schema.ts';

/*
 * One small Chilean business, "Distribuidora Los Andes", whose records every example of the document
 * shows: the same ids everywhere, so a reader can follow a client from its creation to its history.
 * test/integration/openapi.test.ts parses each example with the operation's own schema.
 */

const tenantId = 'distribuidora-los-andes';
const at = '2026-03-02T13:45:10.512Z';
const later = '2026-03-09T15:02:44.108Z';
const rut = (value: string) => {
  const parsed = parseTaxId('CL_RUT', value);
  if (!parsed.ok) throw new Error(`sample RUT ${value} is invalid`);
  return { ...parsed.taxId, formatted: formatTaxId(parsed.taxId) } as TaxId & { formatted: string };
};

const tenant: Tenant = {
  id: tenantId,
  name: 'Distribuidora Los Andes SpA',
  country: 'CL',
  currency: 'CLP',
  timeZone: 'America/Santiago',
  locale: 'es',
  mailHour: 9,
  senderEmail: 'cobranza@losandes.cl',
  status: 'active',
  version: 3,
  createdAt: '2026-02-27T12:00:00.000Z',
  updatedAt: at,
};
const user: User = {
  id: '01JNB8Q2W4Y6A8C0E2G4J6M8P0',
  tenantId,
  email: 'carolina.munoz@losandes.cl',
  name: 'Carolina Muñoz',
  accessLevel: 2,
  branchId: '01JNB8K3M5P7R9T1V3X5Z7B9D1',
  permissions: ['clients.mass_update'],
  status: 'active',
  version: 2,
  createdAt: '2026-02-27T12:10:00.000Z',
  updatedAt: at,
  createdBy: '01JNB7Z0X2V4T6R8P0N2L4J6G8',
  updatedBy: '01JNB7Z0X2V4T6R8P0N2L4J6G8',
};
const otherUser: User = { ...user, id: '01JNB9A1C3E5G7J9L1N3Q5S7U9', email: 'jorge.soto@losandes.cl', name: 'Jorge Soto', accessLevel: 4, permissions: [] };
const branch: OrgUnit = {
  id: '01JNB8K3M5P7R9T1V3X5Z7B9D1',
  tenantId,
  kind: 'branch',
  name: 'Sucursal Temuco',
  version: 1,
  createdAt: '2026-02-27T12:05:00.000Z',
  updatedAt: '2026-02-27T12:05:00.000Z',
};
const department: OrgUnit = {
  id: '01JNB8N6Q8S0U2W4Y6A8C0E2G4',
  tenantId,
  kind: 'department',
  name: 'Cobranza',
  version: 1,
  createdAt: '2026-02-27T12:06:00.000Z',
  updatedAt: '2026-02-27T12:06:00.000Z',
};
const category: CatalogEntry = {
  id: '01JNBA2D4F6H8K0M2P4R6T8W0Y',
  tenantId,
  kind: 'category',
  name: 'Mayorista',
  color: '#1F7A4D',
  icon: 'store',
  version: 1,
  createdAt: '2026-02-28T10:00:00.000Z',
  updatedAt: '2026-02-28T10:00:00.000Z',
};
const zone: CatalogEntry = {
  id: '01JNBA5H7K9M1P3R5T7W9Y1B3D',
  tenantId,
  kind: 'zone',
  name: 'Araucanía Norte',
  version: 1,
  createdAt: '2026-02-28T10:05:00.000Z',
  updatedAt: '2026-02-28T10:05:00.000Z',
};

const client: Client = {
  id: '01JNC3T5V7X9Z1B3D5F7H9K1M3',
  tenantId,
  personType: 'natural',
  firstName: 'Ana',
  middleName: 'María',
  firstSurname: 'Muñoz',
  secondSurname: 'Pérez',
  displayName: 'Ana María Muñoz Pérez',
  sortName: 'Muñoz Pérez, Ana María',
  email: 'ana.munoz@gmail.com',
  notifyEmails: [],
  phone: '+56 45 221 3344',
  mobile: '+56 9 8765 4321',
  address: 'Av. Alemania 0671',
  city: 'Temuco',
  region: 'La Araucanía',
  zoneId: zone.id,
  categoryId: category.id,
  taxId: rut('13.456.783-K'),
  sellerId: otherUser.id,
  collectorId: user.id,
  branchId: branch.id,
  assignedDepartmentIds: [department.id],
  paymentTermsDays: 30,
  collectionsEnabled: true,
  status: 'active',
  provenance: { source: 'api' },
  version: 1,
  createdAt: at,
  createdBy: user.id,
  updatedAt: at,
  updatedBy: user.id,
};
const otherClient: Client = {
  ...client,
  id: '01JNC4A6C8E0G2J4L6N8Q0S2U4',
  personType: 'legal',
  firstName: undefined,
  middleName: undefined,
  firstSurname: undefined,
  secondSurname: undefined,
  legalName: 'Comercial Andes SpA',
  tradeName: 'Ferretería El Roble',
  displayName: 'Ferretería El Roble',
  sortName: 'Ferretería El Roble',
  email: 'pagos@elroble.cl',
  taxId: rut('76.543.210-3'),
  version: 4,
};
for (const key of Object.keys(otherClient) as Array<keyof Client>) if (otherClient[key] === undefined) delete otherClient[key];

const contact: Contact = {
  id: '01JNC5B7D9F1H3K5M7P9R1T3V5',
  tenantId,
  clientId: client.id,
  type: 'billing',
  name: 'Pedro Fuentes',
  email: 'pedro.fuentes@gmail.com',
  phone: '+56 9 7654 3210',
  receives: ['invoices', 'payments'],
  version: 1,
  createdAt: at,
  updatedAt: at,
};

const history: HistoryEntry = {
  tenantId,
  clientId: client.id,
  at: later,
  by: user.id,
  operation: 'update',
  version: 2,
  changes: [
    { field: 'phone', from: '+56 45 221 3344', to: '+56 45 298 1100' },
    { field: 'paymentTermsDays', from: 30, to: 45 },
  ],
};

const routing: MessageRouting[] = [
  {
    kind: 'invoices',
    sends: true,
    recipients: [
      { email: client.email!, source: 'client' },
      { email: contact.email!, source: 'contact', contactId: contact.id, name: contact.name },
    ],
  },
  {
    kind: 'payments',
    sends: true,
    recipients: [
      { email: client.email!, source: 'client' },
      { email: contact.email!, source: 'contact', contactId: contact.id, name: contact.name },
    ],
  },
  { kind: 'reminders', sends: true, recipients: [{ email: client.email!, source: 'client' }] },
  { kind: 'notices', sends: true, recipients: [{ email: client.email!, source: 'client' }] },
];

const importJob: ImportJobView = {
  id: '01JND1E3G5J7L9N1Q3S5U7W9Y1',
  type: 'clients',
  mode: 'upsert',
  dryRun: false,
  createMissingReferences: false,
  language: 'es',
  fileName: 'clientes-marzo.xlsx',
  objectKey: `imports/${tenantId}/01JND1E3G5J7L9N1Q3S5U7W9Y1.xlsx`,
  sizeBytes: 48_213,
  status: 'completed_with_errors',
  progress: { rowsRead: 412, created: 380, updated: 25, unchanged: 4, failed: 3 },
  checkpoint: 413,
  errorSample: [
    {
      row: 17,
      column: 'RUT',
      value: '76.543.210-1',
      code: 'invalid_format',
      message: { es: 'El dígito verificador del RUT no corresponde.', en: 'The RUT check digit does not match.' },
    },
  ],
  errorWorkbook: {
    url: `https://cobranza-uploads.s3.amazonaws.com/import-results/${tenantId}/01JND1E3G5J7L9N1Q3S5U7W9Y1.xlsx?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Expires=600`,
    expiresAt: '2026-03-02T13:58:02.331Z',
  },
  createdBy: user.id,
  createdAt: at,
  startedAt: '2026-03-02T13:46:02.331Z',
  finishedAt: '2026-03-02T13:46:09.812Z',
  updatedAt: '2026-03-02T13:46:09.812Z',
  version: 8,
};

/** An invoice of the client, issued with the next number of the sequence: two lines at 19 % IVA, due after its 30 days of terms. */
const invoiceInput = {
  clientId: client.id,
  issueDate: '2026-03-02',
  status: 'issued' as const,
  lines: [
    { description: 'Cemento Polpaico 25 kg', quantity: 40, unitPrice: 5290, taxRate: 19 },
    { description: 'Flete Temuco', quantity: 1, unitPrice: 18000, taxRate: 19 },
  ],
};
const invoice = {
  ...buildInvoice(NewInvoice.parse(invoiceInput), {
    id: '01JND6P8R0T2V4X6Z8B0D2F4H6',
    tenantId,
    today: '2026-03-02',
    tenantCurrency: 'CLP',
    by: user.id,
    at,
    paymentTermsDays: 30,
    nextNumber: '1024',
  }),
  categoryId: category.id,
  sellerId: otherUser.id,
  collectorId: user.id,
  branchId: branch.id,
  assignedDepartmentIds: [department.id],
  displayStatus: 'issued' as const,
  holdState: 'none' as const,
};

/** A quote for the same client, numbered from the estimate sequence, valid for a month. */
const estimateInput = {
  clientId: client.id,
  issueDate: '2026-03-02',
  validUntil: '2026-03-31',
  lines: [{ description: 'Cemento Polpaico 25 kg', quantity: 120, unitPrice: 5100, taxRate: 19 }],
};
const estimate = {
  ...buildEstimate(
    { ...NewEstimate.parse(estimateInput), number: '87' },
    { id: '01JND7A2C4E6G8J0L2N4Q6S8U0', tenantId, today: '2026-03-02', tenantCurrency: 'CLP', by: user.id, at },
  ),
  categoryId: category.id,
  sellerId: otherUser.id,
  collectorId: user.id,
  branchId: branch.id,
  assignedDepartmentIds: [department.id],
};

export const sample = {
  estimateInput,
  estimate,
  tenant,
  user,
  otherUser,
  branch,
  department,
  category,
  zone,
  client,
  otherClient,
  contact,
  history,
  routing,
  importJob,
  invoiceInput,
  invoice,
  at,
  later,
};
