import type { ImportTypeSpec } from '../rows.ts';
import { clientMatchColumns } from './client-match.columns.ts';

/**
 * In a contacts sheet "E-mail", "email" and "correo" are the contact's own: the client's e-mail column
 * keeps only its full names (a header claimed by two columns would go to the first, the client's).
 */
const clientColumns = clientMatchColumns.map((c) => (c.key === 'client.email' ? { ...c, aliases: ['correo del cliente', 'client email'] } : c));

/**
 * Contacts of clients (domain/clients/contact.schema.ts): one row per contact. A row's contact is the one
 * with its contact id, else the one with its e-mail among the client's contacts; none: a new contact.
 */
export const contactsImportSpec: ImportTypeSpec = {
  type: 'contacts',
  sheet: { es: 'Contactos', en: 'Contacts' },
  columns: [
    {
      key: 'id',
      header: { es: 'Id contacto', en: 'Contact id' },
      aliases: ['id del contacto', 'contact id'],
      description: {
        es: 'El id del contacto, para modificar uno existente. Vacío: el contacto se busca por su e-mail entre los del cliente, y si no está se crea.',
        en: 'The contact’s id, to change an existing one. Empty: the contact is found by its e-mail among the client’s, and created when it is not there.',
      },
      width: 30,
    },
    ...clientColumns,
    {
      key: 'type',
      header: { es: 'Tipo', en: 'Type' },
      aliases: ['tipo de contacto', 'contact type'],
      required: 'create',
      description: {
        es: 'billing (facturación), collections (cobranza), commercial (comercial) u other (otro).',
        en: 'billing, collections, commercial or other.',
      },
      width: 14,
    },
    {
      key: 'name',
      header: { es: 'Nombre', en: 'Name' },
      aliases: ['nombre del contacto', 'contact name'],
      required: 'create',
      description: { es: 'Nombre de la persona de contacto (hasta 120 caracteres).', en: 'The contact person’s name (up to 120 characters).' },
      width: 28,
    },
    {
      key: 'email',
      header: { es: 'E-mail', en: 'E-mail' },
      aliases: ['correo', 'email'],
      description: {
        es: 'E-mail del contacto; no puede repetirse entre los contactos del mismo cliente.',
        en: 'The contact’s e-mail; it cannot repeat among the contacts of the same client.',
      },
      width: 28,
    },
    {
      key: 'phone',
      header: { es: 'Teléfono', en: 'Phone' },
      aliases: ['telefono', 'celular', 'phone'],
      description: { es: 'Teléfono con código de país, ej. +56 9 1234 5678.', en: 'Phone with country code, e.g. +56 9 1234 5678.' },
      width: 18,
    },
    {
      key: 'receives',
      header: { es: 'Recibe', en: 'Receives' },
      aliases: ['mensajes', 'messages'],
      description: {
        es: 'Qué mensajes recibe, separados por coma: invoices (facturas), payments (pagos), reminders (recordatorios), notices (avisos). Vacío: un contacto nuevo recibe los de su tipo; uno existente sigue como está.',
        en: 'Which messages it receives, comma separated: invoices, payments, reminders, notices. Empty: a new contact receives those of its type; an existing one stays as it is.',
      },
      width: 30,
    },
  ],
};
