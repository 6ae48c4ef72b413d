import { envNames } from '../../functions/catalogue.ts';

export interface StoredEmail {
  messageId: string;
  from: string;
  destination: { to: string[] };
  subject: string;
  body: { text?: string; html?: string };
}

/** The SES emulator's store of sent mail, for one recipient (tests share the emulator). */
export async function inboxOf(recipient: string, endpoint = process.env[envNames.sesEndpoint]!): Promise<StoredEmail[]> {
  const response = await fetch(`${endpoint}/store`);
  const { emails } = (await response.json()) as { emails: StoredEmail[] };
  return emails.filter((e) => e.destination.to.includes(recipient));
}
