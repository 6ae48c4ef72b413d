import { randomUUID } from 'node:crypto';

/** The parts of an SES EventBridge sample this rewrites; the rest is kept as the sample has it. */
interface SesSample {
  id: string;
  detail: {
    mail: {
      destination?: string[];
      commonHeaders?: { to?: string[] };
      tags?: Record<string, string[]>;
    };
    bounce?: { bouncedRecipients: Array<{ emailAddress: string }> };
    complaint?: { complainedRecipients: Array<{ emailAddress: string }> };
  };
}

/**
 * A sample SES event (events/samples/ses/) aimed at a message the local stack really sent: its tenant and
 * message tags, and its recipients (bounced or complained ones included), so `npm run invoke -- ses-events
 * <sample> --message <id>` changes that message and suppresses its address. A fresh event id: feeding
 * the same sample twice is two events, as two SES notifications would be.
 */
export function retargetSesSample<T>(sample: T, message: { tenantId: string; id: string; to: readonly string[] }): T {
  const event = structuredClone(sample) as unknown as SesSample;
  const to = [...message.to];
  const { mail } = event.detail;
  event.id = randomUUID();
  const tags = Object.fromEntries(Object.entries(mail.tags ?? {}).filter(([name]) => !/^(tenant_id|message_id)(_b64)?$/.test(name)));
  const tag = (name: string, value: string) =>
    /^[A-Za-z0-9_-]{1,256}$/.test(value) ? { [name]: [value] } : { [`${name}_b64`]: [Buffer.from(value, 'utf8').toString('base64url')] };
  mail.tags = { ...tags, ...tag('tenant_id', message.tenantId), ...tag('message_id', message.id) };
  mail.destination = to;
  if (mail.commonHeaders) mail.commonHeaders.to = to;
  if (event.detail.bounce) event.detail.bounce.bouncedRecipients = to.map((emailAddress) => ({ ...event.detail.bounce!.bouncedRecipients[0], emailAddress }));
  if (event.detail.complaint)
    event.detail.complaint.complainedRecipients = to.map((emailAddress) => ({ ...event.detail.complaint!.complainedRecipients[0], emailAddress }));
  return event as unknown as T;
}
