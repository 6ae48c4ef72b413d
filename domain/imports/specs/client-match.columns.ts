import type { ColumnSpec } from '../rows.ts';

/**
 * The columns that find the client a row is about, in matching order (id, else custom id, else tax id,
 * else e-mail): the types whose rows belong to a client (terms, contacts, invoices, payments) start with them.
 */
export const clientMatchColumns: readonly ColumnSpec[] = [
  {
    key: 'clientId',
    header: { es: 'Id cliente', en: 'Client id' },
    aliases: ['id', 'client id', 'id del cliente'],
    description: {
      es: 'El id del cliente en el sistema (26 caracteres, como 01J9Z3…). Si falta, se busca el cliente por id propio, documento tributario o e-mail.',
      en: 'The client’s id in the system (26 characters, like 01J9Z3…). When empty, the client is found by custom id, tax id or e-mail.',
    },
    width: 30,
  },
  {
    key: 'client.customId',
    header: { es: 'Id propio del cliente', en: 'Client custom id' },
    aliases: ['id propio', 'custom id', 'código cliente'],
    description: { es: 'El código que tu empresa da al cliente, si no hay id.', en: 'Your company’s own code for the client, when there is no id.' },
    width: 20,
  },
  {
    key: 'client.taxId',
    header: { es: 'Documento tributario del cliente', en: 'Client tax id' },
    aliases: ['rut', 'cuit', 'nit', 'rfc', 'ruc', 'tax id', 'documento'],
    description: {
      es: 'RUT, CUIT, NIT, RFC… del cliente, con o sin puntos y guion (ej. 76.543.210-3), si no hay id ni id propio.',
      en: 'The client’s RUT, CUIT, NIT, RFC…, with or without dots and dash (e.g. 76.543.210-3), when there is no id or custom id.',
    },
    width: 22,
  },
  {
    key: 'client.email',
    header: { es: 'E-mail del cliente', en: 'Client e-mail' },
    aliases: ['email', 'correo', 'e-mail'],
    description: { es: 'El e-mail principal del cliente, si no hay otro dato para encontrarlo.', en: 'The client’s main e-mail, when nothing else finds it.' },
    width: 28,
  },
];
