import type { Tenant } from '../workspace/tenant.schema.ts';
import type { User } from '../workspace/user.schema.ts';
import { pendingEmail, type OutboundEmail } from './outbound-email.schema.ts';

const texts = {
  es: (t: Tenant, u: User) => ({
    subject: `Te damos la bienvenida a ${t.name}`,
    text: `Hola ${u.name}:\n\nSe creó tu usuario en ${t.name} con el correo ${u.email}.\n`,
  }),
  en: (t: Tenant, u: User) => ({
    subject: `Welcome to ${t.name}`,
    text: `Hello ${u.name},\n\nYour user at ${t.name} was created with the e-mail ${u.email}.\n`,
  }),
};

/** The invitation a new user receives, in the tenant's language, from the tenant's sender. */
/** `fallbackSender` is the platform address, used when the tenant has no sender of its own. */
export function welcomeEmail(input: { tenant: Tenant; user: User; id: string; now: Date; fallbackSender: string }): OutboundEmail {
  const { tenant, user, id, now } = input;
  const { subject, text } = texts[tenant.locale](tenant, user);
  return pendingEmail({ id, tenantId: tenant.id, kind: 'user.invited', from: tenant.senderEmail ?? input.fallbackSender, to: user.email, subject, text }, now);
}
