import { SendEmailCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import type { Mailer } from '../../../domain/messaging/ports.ts';

/** Sends through SES v2 (the local SES emulator speaks the same API). */
export function sesMailer(client: SESv2Client): Mailer {
  return {
    async send(message) {
      const result = await client.send(new SendEmailCommand({
        FromEmailAddress: message.from,
        Destination: { ToAddresses: message.to },
        Content: {
          Simple: {
            Subject: { Data: message.subject, Charset: 'UTF-8' },
            Body: {
              Text: { Data: message.text, Charset: 'UTF-8' },
              ...(message.html ? { Html: { Data: message.html, Charset: 'UTF-8' } } : {}),
            },
          },
        },
      }));
      return result.MessageId ?? 'unknown';
    },
  };
}
