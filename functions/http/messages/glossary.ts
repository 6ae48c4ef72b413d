import type { Language } from './accept-language.ts';

/**
 * The words a person uses for the things our messages name, per language. Spanish nouns carry their
 * gender and number so articles and adjectives agree ("la categoría", "los permisos", "desactivada").
 */
export interface Term {
  es: string;
  en: string;
  /** Feminine in Spanish. */
  f?: true;
  /** Plural. */
  pl?: true;
  /** English takes no article ("item 2 of the permissions"). */
  bare?: true;
}

const m = (es: string, en: string): Term => ({ es, en });
const f = (es: string, en: string): Term => ({ es, en, f: true });
const mp = (es: string, en: string): Term => ({ es, en, pl: true });
const fp = (es: string, en: string): Term => ({ es, en, f: true, pl: true });

/** Things a domain error names (`entity` of not_found, conflict, version_mismatch, unknown_reference). */
export const entities: Record<string, Term> = {
  client: m('cliente', 'client'),
  user: m('usuario', 'user'),
  tenant: f('empresa', 'company'),
  contact: m('contacto', 'contact'),
  category: f('categoría', 'category'),
  zone: f('zona', 'zone'),
  branch: f('sucursal', 'branch'),
  department: m('departamento', 'department'),
  import: f('importación', 'import'),
  importTemplate: f('plantilla de importación', 'import template'),
  export: f('exportación', 'export'),
  invoice: f('factura', 'invoice'),
  payment: m('pago', 'payment'),
  creditNote: f('nota de crédito', 'credit note'),
  /** Raised and handled inside a numbered write (another writer moved the sequence); never shown. */
  invoiceSequence: f('numeración de facturas', 'invoice numbering'),
  estimate: m('presupuesto', 'estimate'),
  /** As `invoiceSequence`: never shown. */
  estimateSequence: f('numeración de presupuestos', 'estimate numbering'),
  outbound_email: m('e-mail saliente', 'outgoing e-mail'),
  /** A file of the API reference page (/docs/assets/…). */
  file: m('archivo', 'file'),
  record: m('registro', 'record'),
  note: f('nota', 'note'),
  noticeConcept: m('concepto de aviso', 'notice concept'),
  collectionsSettings: f('configuración de cobranza', 'collections settings'),
  clientNoticeSettings: f('configuración de avisos del cliente', "client's notice settings"),
  collectionMessage: m('mensaje de cobranza', 'collection message'),
  escalation: f('derivación a cobranza externa', 'escalation'),
  delivery: m('envío a la agencia', 'delivery to the agency'),
  task: f('tarea', 'task'),
  image: f('imagen', 'image'),
};

/** Where to find the existing ones of a kind, for "pick one" hints. */
export const listRoutes: Record<string, string> = {
  category: 'GET /v1/client-categories',
  zone: 'GET /v1/zones',
  branch: 'GET /v1/branches',
  department: 'GET /v1/departments',
  user: 'GET /v1/users',
  client: 'GET /v1/clients',
  invoice: 'GET /v1/invoices',
  payment: 'GET /v1/payments',
  creditNote: 'GET /v1/credit-notes',
  noticeConcept: 'GET /v1/collections/notice-concepts',

  estimate: 'GET /v1/estimates',
};

/** Request fields by their name in the schemas (the last part of a pointer), as the user calls them. */
export const fields: Record<string, Term> = {
  // Clients
  personType: m('tipo de persona', 'person type'),
  name: m('nombre', 'name'),
  firstName: m('primer nombre', 'first name'),
  middleName: m('segundo nombre', 'middle name'),
  firstSurname: m('primer apellido', 'first surname'),
  secondSurname: m('segundo apellido', 'second surname'),
  legalName: f('razón social', 'legal name'),
  tradeName: m('nombre de fantasía', 'trade name'),
  email: m('e-mail', 'e-mail'),
  notifyEmails: mp('e-mails adicionales de aviso', 'additional notification e-mails'),
  phone: m('teléfono', 'phone'),
  mobile: m('celular', 'mobile phone'),
  address: f('dirección', 'address'),
  neighbourhood: m('barrio', 'neighbourhood'),
  city: f('ciudad', 'city'),
  region: f('región', 'region'),
  zoneId: f('zona', 'zone'),
  customId: m('ID personalizado', 'custom id'),
  nationalDocument: m('documento de identidad', 'identity document'),
  observations: fp('observaciones', 'observations'),
  taxId: f('identificación tributaria', 'tax id'),
  'taxId.scheme': m('tipo de identificación tributaria', 'tax id scheme'),
  'taxId.value': m('número de identificación tributaria', 'tax id number'),
  sellerId: m('vendedor', 'seller'),
  collectorId: m('recaudador', 'collector'),
  agentId: m('agente preferido', 'preferred agent'),
  categoryId: f('categoría', 'category'),
  branchId: f('sucursal', 'branch'),
  departmentId: m('departamento', 'department'),
  paymentTermsDays: m('plazo de pago (días)', 'payment terms (days)'),
  billing: mp('datos de facturación', 'billing settings'),
  legalEntityId: f('entidad de facturación', 'billing entity'),
  taxCondition: f('condición de IVA', 'tax condition'),
  invoiceType: m('tipo de factura', 'invoice type'),
  tax: m('impuesto', 'tax'),
  collectionsEnabled: f('cobranza activada', 'collections setting'),
  // Contacts
  // Contacts and exports share the name: a neutral word fits both.
  type: m('tipo', 'type'),
  receives: mp('mensajes que recibe', 'messages it receives'),
  // Users
  accessLevel: m('nivel de acceso', 'access level'),
  permissions: mp('permisos', 'permissions'),
  mailbox: f('casilla de envío', 'sending mailbox'),
  status: m('estado', 'status'),
  // Tenant
  country: m('país', 'country'),
  currency: f('moneda', 'currency'),
  timeZone: f('zona horaria', 'time zone'),
  locale: m('idioma', 'language'),
  mailHour: f('hora de envío de e-mails', 'mail hour'),
  senderEmail: m('e-mail remitente', 'sender e-mail'),
  taxIdScheme: m('tipo de identificación tributaria de los clientes', 'tax id scheme of clients'),
  ageingBounds: mp('límites de los tramos de mora (días)', 'ageing bucket bounds (days)'),
  // Categories and zones
  color: m('color', 'colour'),
  icon: m('ícono', 'icon'),
  // Imports
  kind: m('tipo de importación', 'import kind'),
  fileName: m('nombre del archivo', 'file name'),
  contentType: m('tipo de imagen', 'image type'),
  sizeBytes: m('tamaño en bytes', 'size in bytes'),
  // Mass update and reassignment
  clientIds: mp('clientes seleccionados', 'selected clients'),
  filter: m('filtro', 'filter'),
  patch: m('cambio', 'change'),
  moves: fp('reasignaciones', 'moves'),
  // Invoices
  number: m('número', 'number'),
  clientId: m('cliente', 'client'),
  issueDate: f('fecha de emisión', 'issue date'),
  dueDate: f('fecha de vencimiento', 'due date'),
  lines: fp('líneas', 'lines'),
  description: f('descripción', 'description'),
  quantity: f('cantidad', 'quantity'),
  unitPrice: m('precio unitario', 'unit price'),
  taxRate: f('tasa de impuesto', 'tax rate'),
  promisedDate: f('fecha prometida de pago', 'promised payment date'),
  reason: m('motivo', 'reason'),
  issueFrom: f('emisión desde', 'issued from'),
  issueTo: f('emisión hasta', 'issued until'),
  dueFrom: m('vencimiento desde', 'due from'),
  dueTo: m('vencimiento hasta', 'due until'),
  minTotal: m('total mínimo', 'minimum total'),
  maxTotal: m('total máximo', 'maximum total'),
  // Statement of account
  from: f('fecha desde', 'start date'),
  to: f('fecha hasta', 'end date'),

  // Payments and credit notes
  amount: m('monto', 'amount'),
  date: f('fecha', 'date'),
  method: m('medio de pago', 'payment method'),
  reference: f('referencia', 'reference'),
  allocations: fp('asignaciones a facturas', 'allocations to invoices'),
  invoiceId: f('factura', 'invoice'),

  // Estimates
  validUntil: f('fecha de validez', 'valid-until date'),
  issue: f('emisión inmediata', 'immediate issue'),
  // Query parameters
  limit: m('límite', 'limit'),
  cursor: m('cursor', 'cursor'),
  q: m('texto de búsqueda', 'search text'),
  proceed: f('confirmación (proceed)', 'confirmation (proceed)'),
  // Operator payload
  action: f('acción', 'action'),
  operator: m('operador', 'operator'),
  tenantId: m('id de la empresa', 'company id'),
  adminEmail: m('e-mail del administrador', "administrator's e-mail"),
  adminName: m('nombre del administrador', "administrator's name"),
  lang: m('idioma de la respuesta', 'language of the answer'),
  // Follow-up notes
  text: m('texto de la nota', 'note text'),
  location: f('ubicación física', 'physical location'),
  'location.kind': m('tipo de ubicación', 'location kind'),
  'location.detail': m('detalle de la ubicación', 'location detail'),
  treatment: m('tratamiento', 'treatment'),
  userId: m('usuario', 'user'),
  lastThree: f('opción últimos tres registros', 'last-three option'),
  groupBy: f('agrupación', 'grouping'),
  // Tasks
  title: m('título', 'title'),
  assigneeId: m('responsable', 'assignee'),
  time: f('hora', 'time'),
  colour: m('color', 'colour'),
  notes: fp('notas', 'notes'),
  month: m('mes', 'month'),
  scope: m('alcance', 'scope'),
  'task.title': m('título de la tarea', 'task title'),
  'task.date': f('fecha de la tarea', 'task date'),
  'task.time': f('hora de la tarea', 'task time'),
  'task.type': m('tipo de tarea', 'task type'),
  'task.assigneeId': m('responsable de la tarea', 'task assignee'),
};

/** Entries of maps whose keys are ids the user chose (`moves: { oldAgent: newAgent }`). */
const keyed: Record<string, (key: string) => Term> = {
  moves: (key) => m(`agente que reemplaza a ${quote(key, 'es')}`, `agent replacing ${quote(key, 'en')}`),
};

/** The record each path parameter names (`clientId` → "el id del cliente"); the OpenAPI errors use it too. */
export const entityOfPathParam: Record<string, string> = {
  taskId: 'task',
  clientId: 'client',
  contactId: 'contact',
  userId: 'user',
  branchId: 'branch',
  departmentId: 'department',
  categoryId: 'category',
  zoneId: 'zone',
  importId: 'import',
  exportId: 'export',
  invoiceId: 'invoice',
  paymentId: 'payment',
  creditNoteId: 'creditNote',

  estimateId: 'estimate',
  noteId: 'note',
  conceptId: 'noticeConcept',
  messageId: 'collectionMessage',
  escalationId: 'escalation',
  deliveryId: 'delivery',
  tenantId: 'tenant',
};

/** Headers, by their lower-case name. */
const headers: Record<string, Term> = {
  'if-match': m('encabezado If-Match', 'If-Match header'),
  'idempotency-key': m('encabezado Idempotency-Key', 'Idempotency-Key header'),
  'content-type': m('encabezado Content-Type', 'Content-Type header'),
};

const esArticle = (t: Term) => (t.pl ? (t.f ? 'las' : 'los') : t.f ? 'la' : 'el');

/** "el e-mail", "la categoría", "los permisos" / "the e-mail". */
export const the = (t: Term, lang: Language) => (lang === 'es' ? `${esArticle(t)} ${t.es}` : t.bare ? t.en : `the ${t.en}`);

/** "del cliente", "de la categoría" / "of the client". */
export const ofThe = (t: Term, lang: Language) => {
  if (lang === 'en') return `of the ${t.en}`;
  const article = esArticle(t);
  return article === 'el' ? `del ${t.es}` : `de ${article} ${t.es}`;
};

/** "un cliente", "una categoría" / "a client". */
export const a = (t: Term, lang: Language) => (lang === 'es' ? `${t.f ? 'una' : 'un'} ${t.es}` : `${/^[aeiou]/i.test(t.en) ? 'an' : 'a'} ${t.en}`);

/** "ese e-mail", "esa razón social" / "this e-mail". */
export const that = (t: Term, lang: Language) => (lang === 'es' ? `${t.f ? 'esa' : 'ese'} ${t.es}` : `this ${t.en}`);

/** A Spanish adjective agreeing with the term: `agree(t, 'obligatori')` → obligatorio, obligatoria, obligatorios… */
export const agree = (t: Term, stem: string) => `${stem}${t.f ? 'a' : 'o'}${t.pl ? 's' : ''}`;

/** Whether the Spanish verb goes in plural ("los permisos deben…"). */
export const verb = (t: Term, singular: string, plural: string) => (t.pl ? plural : singular);

export const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** A value the user sent or a name they chose, quoted so it reads apart from our words. */
export const quote = (value: unknown, lang: Language) => (lang === 'es' ? `«${String(value)}»` : `"${String(value)}"`);

/** "a, b y c" / "a, b or c". */
export const list = (items: string[], lang: Language, joiner: 'and' | 'or' = 'or') => {
  const word = lang === 'es' ? (joiner === 'and' ? 'y' : 'o') : joiner;
  return items.length > 1 ? `${items.slice(0, -1).join(', ')} ${word} ${items.at(-1)}` : (items[0] ?? '');
};

const unescapePointer = (segment: string) => segment.replace(/~1/g, '/').replace(/~0/g, '~');

/**
 * The term for the field a pointer names (`/body/firstSurname`, `/query/limit`, `/path/clientId`,
 * `/header/if-match`, `/body/notifyEmails/2`). Array items are named by position, map entries by key,
 * and a name we have no word for is the name itself, quoted.
 */
export function fieldTerm(pointer: string): Term {
  const [part, ...rest] = pointer.split('/').slice(1).map(unescapePointer);
  if (part === 'header') return headers[rest[0] ?? ''] ?? m(`encabezado ${rest[0]}`, `${rest[0]} header`);
  if (rest.length === 0) {
    if (part === 'query') return mp('parámetros de consulta', 'query parameters');
    if (part === 'path') return f('ruta', 'path');
    return m('cuerpo', 'body');
  }
  const last = rest.at(-1)!;
  if (part === 'path' && entityOfPathParam[last]) {
    const entity = entities[entityOfPathParam[last]!]!;
    return m(`id ${ofThe(entity, 'es')}`, `${entity.en} id`);
  }
  const within = rest.at(-2);
  if (within !== undefined && fields[`${within}.${last}`]) return fields[`${within}.${last}`]!;
  if (within !== undefined && keyed[within]) return keyed[within]!(last);
  if (fields[last]) return fields[last]!;
  const parent = rest.length > 1 ? fieldTerm([`/${part}`, ...rest.slice(0, -1)].join('/')) : undefined;
  if (parent && /^\d+$/.test(last)) {
    const n = Number(last) + 1;
    return { ...m(`elemento ${n} ${ofThe(parent, 'es')}`, `item ${n} ${ofThe(parent, 'en')}`), bare: true };
  }
  if (parent) return m(`valor para ${quote(last, 'es')} en ${the(parent, 'es')}`, `value for ${quote(last, 'en')} in ${the(parent, 'en')}`);
  return m(`campo ${quote(last, 'es')}`, `field ${quote(last, 'en')}`);
}
