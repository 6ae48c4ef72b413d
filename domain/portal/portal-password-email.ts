import { pendingEmail, type OutboundEmail } from '../messaging/outbound-email.schema.ts';
import type { Tenant } from '../workspace/tenant.schema.ts';

/** The outbox kind of the e-mail that carries a portal password. */
export const PORTAL_PASSWORD_KIND = 'portal.password';

const texts = {
  es: (t: Tenant, clientName: string, email: string, password: string, signIn: string) => ({
    subject: `Tu contraseña del portal de clientes de ${t.name}`,
    text:
      `Hola ${clientName}:\n\n${t.name} generó una contraseña para que consultes tus facturas, pagos y estado de cuenta en su portal de clientes.\n\n` +
      `Correo: ${email}\nContraseña: ${password}\n\nIngresa en ${signIn}. Cualquier contraseña anterior dejó de funcionar.\n` +
      `Si no esperabas este correo, avísale a ${t.name}.\n`,
  }),
  en: (t: Tenant, clientName: string, email: string, password: string, signIn: string) => ({
    subject: `Your ${t.name} client portal password`,
    text:
      `Hello ${clientName},\n\n${t.name} generated a password for you to see your invoices, payments and statement of account in its client portal.\n\n` +
      `E-mail: ${email}\nPassword: ${password}\n\nSign in at ${signIn}. Any earlier password no longer works.\n` +
      `If you did not expect this e-mail, let ${t.name} know.\n`,
  }),
};

/**
 * The e-mail that hands the client its new password, in the tenant's language and from the tenant's sender
 * (the platform's when it has none). The only place the password is written out; it is never logged.
 */
export function portalPasswordEmail(input: {
  tenant: Tenant;
  clientName: string;
  to: string;
  password: string;
  id: string;
  now: Date;
  fallbackSender: string;
}): OutboundEmail {
  const { tenant, id, now } = input;
  const signIn = `POST /v1/portal/${tenant.id}/sign-in`;
  const { subject, text } = texts[tenant.locale](tenant, input.clientName, input.to, input.password, signIn);
  return pendingEmail(
    { id, tenantId: tenant.id, kind: PORTAL_PASSWORD_KIND, from: tenant.senderEmail ?? input.fallbackSender, to: input.to, subject, text },
    now,
  );
}
