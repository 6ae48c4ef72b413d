import type { ImportTypeSpec } from '../rows.ts';
import { clientMatchColumns } from './client-match.columns.ts';

/** Contacts of clients (domain/clients/contact.schema.ts): one row per contact. */
export const contactsImportSpec: ImportTypeSpec = {
  type: 'contacts',
  sheet: { es: 'Contactos', en: 'Contacts' },
  columns: [
    {
      key: 'id',
      header: { es: 'Id contacto', en: 'Contact id' },
      aliases: ['id del contacto', 'contact id'],
      description: {
        es: 'El id del contacto, para modificar uno existente; vacío para crear uno nuevo.',
        en: 'The contact’s id, to change an existing one; empty to create a new one.',
      },
      width: 30,
    },
    ...clientMatchColumns,
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
        es: 'Qué mensajes recibe, separados por coma: invoices, payments, reminders, notices. Vacío: los de su tipo.',
        en: 'Which messages it receives, comma separated: invoices, payments, reminders, notices. Empty: those of its type.',
      },
      width: 30,
    },
  ],
};
