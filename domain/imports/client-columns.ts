import type { Client, PersonType } from '../clients/client.schema.ts';
import { formatTaxId, taxIdSchemes, type TaxIdScheme } from '../clients/tax-id.ts';
import type { CellValue, ColumnSpec, ImportTypeSpec, Localized } from './rows.ts';

/**
 * The clients import and template: one column per field a person fills for a client (`NewClient`), in
 * the order the template shows them. Keys are the fields they fill (`taxId.value`, `billing.tax`); the
 * category, zone and assigned users are written by name and e-mail, and read back to their ids.
 * Wording from seeds 000 and 002 (the ERP the product replaces).
 */

const col = (key: string, es: string, en: string, description: Localized, extra: Omit<ColumnSpec, 'key' | 'header' | 'description'> = {}): ColumnSpec => ({
  key,
  header: { es, en },
  description,
  ...extra,
});

export const clientColumns: readonly ColumnSpec[] = [
  col(
    'id',
    'ID',
    'ID',
    {
      es: 'El id del cliente en el sistema. No lo cambies: al subir el archivo de nuevo, la fila actualiza ese cliente. Déjalo vacío para crear un cliente nuevo.',
      en: "The client's id in the system. Do not change it: when the file is uploaded again, the row updates that client. Leave it empty to create a new client.",
    },
    { aliases: ['ID cliente', 'Client ID', 'id interno', 'internal id'], width: 28 },
  ),
  col(
    'customId',
    'ID personalizado',
    'Custom ID',
    {
      es: 'Tu propio código del cliente (único en la empresa), por ejemplo C-1024. Si la fila no tiene ID, se busca el cliente por este código.',
      en: 'Your own code for the client (unique in the company), e.g. C-1024. When the row has no ID, the client is found by this code.',
    },
    { aliases: ['ID Cliente Personalizable', 'ID personalizable', 'Código', 'Código cliente', 'Code', 'Client code'], width: 16 },
  ),
  col(
    'personType',
    'Tipo de persona',
    'Person type',
    {
      es: 'Otro (solo Nombre), Persona natural (nombres y apellidos) o Persona jurídica (razón social y nombre de fantasía). Vacío al crear: Otro.',
      en: 'Other (Name only), Natural person (given names and surnames) or Legal person (legal and trade name). Empty when creating: Other.',
    },
    { allowed: 'personTypes', width: 18 },
  ),
  col(
    'name',
    'Nombre',
    'Name',
    {
      es: 'Nombre completo del cliente, para el tipo de persona Otro. Ejemplo: Ferretería Sur.',
      en: "The client's full name, for the person type Other. Example: Ferretería Sur.",
    },
    { aliases: ['Nombre completo', 'Full name'], width: 30 },
  ),
  col(
    'firstName',
    'Primer nombre',
    'First name',
    { es: 'Para Persona natural (obligatorio). Ejemplo: Ana.', en: 'For a natural person (required). Example: Ana.' },
    { aliases: ['Given name'], width: 16 },
  ),
  col(
    'middleName',
    'Segundo nombre',
    'Middle name',
    { es: 'Para Persona natural. Ejemplo: María.', en: 'For a natural person. Example: María.' },
    { width: 16 },
  ),
  col(
    'firstSurname',
    'Primer apellido',
    'First surname',
    { es: 'Para Persona natural (obligatorio). Ejemplo: Muñoz.', en: 'For a natural person (required). Example: Muñoz.' },
    { aliases: ['Apellido', 'Surname', 'Last name'], width: 16 },
  ),
  col(
    'secondSurname',
    'Segundo apellido',
    'Second surname',
    { es: 'Para Persona natural. Ejemplo: Pérez.', en: 'For a natural person. Example: Pérez.' },
    { width: 16 },
  ),
  col(
    'legalName',
    'Razón social',
    'Legal name',
    { es: 'Para Persona jurídica (obligatoria). Ejemplo: Comercial Andes SpA.', en: 'For a legal person (required). Example: Comercial Andes SpA.' },
    { aliases: ['Company name'], width: 30 },
  ),
  col(
    'tradeName',
    'Nombre de fantasía',
    'Trade name',
    { es: 'Para Persona jurídica: el nombre con que se la conoce. Ejemplo: Andes.', en: 'For a legal person: the name it trades under. Example: Andes.' },
    { aliases: ['Nombre comercial'], width: 24 },
  ),
  col(
    'taxId.scheme',
    'Tipo de identificación tributaria',
    'Tax id scheme',
    {
      es: 'CL_RUT, AR_CUIT, CO_NIT, CO_CC, CO_CE, EC_CI, EC_RUC, MX_RFC u OTHER (también RUT, CUIT, NIT…). Vacío: el de tu empresa.',
      en: "CL_RUT, AR_CUIT, CO_NIT, CO_CC, CO_CE, EC_CI, EC_RUC, MX_RFC or OTHER (RUT, CUIT, NIT… too). Empty: your company's.",
    },
    { allowed: 'taxIdSchemes', aliases: ['Tipo de documento tributario', 'Tax id type'], width: 14 },
  ),
  col(
    'taxId.value',
    'Número de identificación tributaria',
    'Tax id number',
    {
      es: 'RUT, CUIT/CUIL, NIT, cédula, RUC o RFC, con su dígito verificador, escrito como quieras: 13.456.783-K o 13456783K. Único en la empresa; sin ID ni ID personalizado, se busca el cliente por él.',
      en: 'RUT, CUIT/CUIL, NIT, cédula, RUC or RFC, with its check digit, written any usual way: 13.456.783-K or 13456783K. Unique in the company; without ID or custom ID, the client is found by it.',
    },
    { aliases: ['Identificación tributaria', 'Tax id', 'RUT', 'CUIT', 'CUIL', 'NIT', 'RUC', 'RFC'], width: 18 },
  ),
  col(
    'email',
    'E-mail',
    'E-mail',
    {
      es: 'E-mail de contacto del cliente, único en la empresa. Sin ID, ID personalizado ni identificación tributaria, se busca el cliente por él.',
      en: "The client's contact e-mail, unique in the company. Without ID, custom ID or tax id, the client is found by it.",
    },
    { aliases: ['Correo', 'Correo electrónico', 'E-mail de contacto', 'Email address'], width: 28 },
  ),
  col(
    'notifyEmails',
    'E-mails a notificar',
    'Notification e-mails',
    {
      es: 'Otros e-mails que reciben las facturas, separados por coma. Ejemplo: pagos@andes.cl, ana@andes.cl.',
      en: 'Other e-mails that receive the invoices, separated by commas. Example: pagos@andes.cl, ana@andes.cl.',
    },
    { aliases: ['Emails a notificar', 'Notify e-mails'], width: 30 },
  ),
  col(
    'phone',
    'Teléfono',
    'Phone',
    { es: 'Teléfono fijo. Ejemplo: +56 2 2345 6789.', en: 'Landline. Example: +56 2 2345 6789.' },
    { aliases: ['Teléfono fijo', 'Landline'], width: 16 },
  ),
  col(
    'mobile',
    'Teléfono celular',
    'Mobile',
    { es: 'Celular. Ejemplo: +56 9 1234 5678.', en: 'Mobile phone. Example: +56 9 1234 5678.' },
    { aliases: ['Celular', 'Móvil', 'Mobile phone', 'Cell phone'], width: 16 },
  ),
  col(
    'address',
    'Dirección',
    'Address',
    { es: 'Calle y número. Ejemplo: Av. Italia 1234.', en: 'Street and number. Example: Av. Italia 1234.' },
    { width: 30 },
  ),
  col(
    'neighbourhood',
    'Barrio',
    'Neighbourhood',
    { es: 'Barrio o comuna.', en: 'Neighbourhood or district.' },
    { aliases: ['Comuna', 'Neighborhood'], width: 18 },
  ),
  col('city', 'Ciudad', 'City', { es: 'Ciudad. Ejemplo: Santiago.', en: 'City. Example: Santiago.' }, { width: 18 }),
  col(
    'region',
    'Provincia/estado/región',
    'Region',
    { es: 'Provincia, estado o región. Ejemplo: Metropolitana.', en: 'Province, state or region. Example: Metropolitana.' },
    { aliases: ['Región', 'Provincia', 'Estado', 'State', 'Province'], width: 18 },
  ),
  col(
    'zoneId',
    'Zona',
    'Zone',
    {
      es: 'El nombre de una de tus zonas (lista en la hoja de valores). Ejemplo: Norte.',
      en: 'The name of one of your zones (listed on the values sheet). Example: North.',
    },
    { allowed: 'zones', width: 16 },
  ),
  col(
    'nationalDocument',
    'Documento/cédula',
    'Identity document',
    {
      es: 'Documento o cédula de identidad (DNI, cédula u otro según el país).',
      en: 'Identity document or card (DNI, cédula or another, depending on the country).',
    },
    { aliases: ['Documento de identidad', 'Cédula', 'DNI', 'National document'], width: 16 },
  ),
  col(
    'categoryId',
    'Categoría',
    'Category',
    {
      es: 'El nombre de una de tus categorías de clientes (lista en la hoja de valores). Vacía: el cliente queda en «Sin info».',
      en: 'The name of one of your client categories (listed on the values sheet). Empty: the client stays uncategorized.',
    },
    { allowed: 'categories', aliases: ['Categoría de cliente', 'Client category'], width: 18 },
  ),
  col(
    'sellerId',
    'Vendedor (e-mail)',
    'Seller (e-mail)',
    {
      es: 'El e-mail del usuario vendedor del cliente. Ejemplo: marta@tuempresa.cl.',
      en: "The e-mail of the client's seller (a user). Example: marta@yourcompany.com.",
    },
    { allowed: 'users', aliases: ['Vendedor', 'Seller'], width: 26 },
  ),
  col(
    'collectorId',
    'Recaudador (e-mail)',
    'Collector (e-mail)',
    { es: 'El e-mail del usuario recaudador del cliente.', en: "The e-mail of the client's collector (a user)." },
    { allowed: 'users', aliases: ['Recaudador', 'Cobrador', 'Collector'], width: 26 },
  ),
  col(
    'agentId',
    'Agente preferido (e-mail)',
    'Preferred agent (e-mail)',
    { es: 'El e-mail del usuario agente preferido del cliente.', en: "The e-mail of the client's preferred agent (a user)." },
    { allowed: 'users', aliases: ['Agente preferido', 'Agente', 'Preferred agent', 'Agent'], width: 26 },
  ),
  col(
    'paymentTermsDays',
    'Plazo de pago (días)',
    'Payment terms (days)',
    {
      es: 'Días desde la emisión hasta el vencimiento de sus facturas, de 0 a 365. Ejemplo: 30.',
      en: 'Days from issue to due date of its invoices, 0 to 365. Example: 30.',
    },
    { aliases: ['Plazo de pago', 'Payment terms'], width: 12 },
  ),
  col(
    'collectionsEnabled',
    'Cobranza activada',
    'Collections enabled',
    {
      es: 'Sí o No: si se le envían recordatorios y avisos de vencimiento. Vacía al crear: Sí.',
      en: 'Yes or No: whether reminders and due-date notices are sent to it. Empty when creating: Yes.',
    },
    { allowed: 'yesNo', aliases: ['Cobranza', 'Collections'], width: 12 },
  ),
  col(
    'billing.legalEntityId',
    'Entidad de facturación',
    'Billing entity',
    { es: 'La razón social de tu empresa con que se le factura.', en: 'The legal entity of your company that bills it.' },
    { aliases: ['Razón social de facturación'], width: 20 },
  ),
  col(
    'billing.taxCondition',
    'Condición de IVA',
    'Tax condition',
    { es: 'Condición de IVA (condición impositiva) del cliente.', en: "The client's VAT (tax) condition." },
    { aliases: ['Condición impositiva'], width: 18 },
  ),
  col(
    'billing.invoiceType',
    'Tipo de factura',
    'Invoice type',
    { es: 'Tipo de factura que se le emite.', en: 'The kind of invoice issued to it.' },
    { width: 14 },
  ),
  col('billing.tax', 'Impuesto', 'Tax', { es: 'El impuesto que se le aplica.', en: 'The tax applied to it.' }, { width: 14 }),
  col(
    'observations',
    'Observaciones',
    'Observations',
    { es: 'Notas sobre el cliente (hasta 4.000 caracteres).', en: 'Notes about the client (up to 4,000 characters).' },
    { aliases: ['Notas', 'Notes'], width: 40 },
  ),
];

export const clientImportSpec: ImportTypeSpec = {
  type: 'clients',
  sheet: { es: 'Clientes', en: 'Clients' },
  columns: clientColumns,
};

/** How each person type is written in a cell; `aliases` are read too (folded). */
export const personTypeLabels: Record<PersonType, Localized & { aliases: readonly string[] }> = {
  other: { es: 'Otro', en: 'Other', aliases: ['other', 'otra'] },
  natural: { es: 'Persona natural', en: 'Natural person', aliases: ['natural', 'persona fisica', 'physical person', 'individual', 'person'] },
  legal: { es: 'Persona jurídica', en: 'Legal person', aliases: ['legal', 'juridica', 'empresa', 'company', 'legal entity'] },
};

/** Tax-id schemes by the names people give them, besides their codes (`CL_RUT`). */
export const taxIdSchemeAliases: Record<TaxIdScheme, readonly string[]> = {
  CL_RUT: ['RUT', 'RUN'],
  AR_CUIT: ['CUIT', 'CUIL', 'CUIT/CUIL'],
  CO_NIT: ['NIT'],
  CO_CC: ['CC', 'Cédula de ciudadanía'],
  CO_CE: ['CE', 'Cédula de extranjería'],
  EC_CI: ['CI', 'Cédula'],
  EC_RUC: ['RUC'],
  MX_RFC: ['RFC'],
  OTHER: ['Otro', 'Other'],
};

export const yesNoLabels = { yes: { es: 'Sí', en: 'Yes' }, no: { es: 'No', en: 'No' } } as const;

/** The values of the lists that are the same for every tenant, as a template's dropdowns show them. */
export function fixedAllowedValues(lang: keyof Localized): { personTypes: string[]; taxIdSchemes: string[]; yesNo: string[] } {
  return {
    personTypes: Object.values(personTypeLabels).map((l) => l[lang]),
    taxIdSchemes: [...taxIdSchemes],
    yesNo: [yesNoLabels.yes[lang], yesNoLabels.no[lang]],
  };
}

/** Names of the tenant's records a client row shows instead of ids. */
export interface ClientRowNames {
  categories: ReadonlyMap<string, string>;
  zones: ReadonlyMap<string, string>;
  /** User id → e-mail. */
  users: ReadonlyMap<string, string>;
}

/**
 * An existing client as a row of the template, in the import's columns: reading the row back gives the
 * client's own values, so a template uploaded unchanged changes nothing. A reference whose name is
 * unknown (a deleted category) is left empty, which the import reads as "leave it as it is".
 */
export function clientTemplateRow(client: Client, names: ClientRowNames, lang: keyof Localized = 'es'): Record<string, CellValue> {
  const row: Record<string, CellValue> = {};
  const set = (key: string, value: CellValue | undefined) => {
    if (value !== undefined && value !== '') row[key] = value;
  };
  set('id', client.id);
  set('customId', client.customId);
  set('personType', personTypeLabels[client.personType][lang]);
  for (const key of ['name', 'firstName', 'middleName', 'firstSurname', 'secondSurname', 'legalName', 'tradeName'] as const) set(key, client[key]);
  if (client.taxId) {
    set('taxId.scheme', client.taxId.scheme);
    set('taxId.value', client.taxId.formatted ?? formatTaxId(client.taxId as { scheme: TaxIdScheme; value: string }));
  }
  set('email', client.email);
  set('notifyEmails', client.notifyEmails.length ? client.notifyEmails.join(', ') : undefined);
  for (const key of ['phone', 'mobile', 'address', 'neighbourhood', 'city', 'region', 'nationalDocument', 'observations'] as const) set(key, client[key]);
  set('zoneId', client.zoneId && names.zones.get(client.zoneId));
  set('categoryId', client.categoryId && names.categories.get(client.categoryId));
  set('sellerId', client.sellerId && names.users.get(client.sellerId));
  set('collectorId', client.collectorId && names.users.get(client.collectorId));
  set('agentId', client.agentId && names.users.get(client.agentId));
  set('paymentTermsDays', client.paymentTermsDays);
  set('collectionsEnabled', (client.collectionsEnabled ? yesNoLabels.yes : yesNoLabels.no)[lang]);
  for (const key of ['legalEntityId', 'taxCondition', 'invoiceType', 'tax'] as const) set(`billing.${key}`, client.billing?.[key]);
  return row;
}

/**
 * How an upload is read, for the top of the instructions sheet (docs/decisions.md, "Clients import:
 * which client a row is"): matching, modes, empty cells, repeated rows.
 */
export const clientImportNotes: readonly Localized[] = [
  {
    es: 'Cada fila es un cliente. La fila se asocia a un cliente existente por su ID; si no tiene ID, por su ID personalizado; si tampoco, por su número de identificación tributaria; y si tampoco, por su e-mail. Cuenta solo el primero de esos datos que la fila tenga: si no coincide con ningún cliente, la fila crea uno nuevo.',
    en: 'Each row is one client. A row goes with an existing client by its ID; without an ID, by its custom ID; without one, by its tax id number; and without one, by its e-mail. Only the first of these the row has counts: if it matches no client, the row creates a new one.',
  },
  {
    es: 'Modo «crear»: una fila que coincide con un cliente existente no se importa. Modo «actualizar»: una fila que no coincide con ninguno no se importa. Modo «crear y actualizar»: crea o actualiza según coincida. Una fila que no cambia nada no se escribe.',
    en: 'Mode "create": a row that matches an existing client is not imported. Mode "update": a row that matches none is not imported. Mode "upsert": creates or updates as it matches. A row that changes nothing is not written.',
  },
  {
    es: 'Una celda vacía no cambia el dato del cliente (al crear, toma el valor por omisión). Para borrar un dato, hazlo en el cliente.',
    en: "An empty cell leaves the client's value as it is (when creating, the default applies). To remove a value, do it on the client.",
  },
  {
    es: 'Dos filas no pueden tener el mismo ID, ID personalizado, identificación tributaria ni e-mail: la segunda no se importa y el error indica la primera.',
    en: 'Two rows cannot have the same ID, custom ID, tax id or e-mail: the second is not imported and its error names the first.',
  },
];
