import { SendEmailCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import { DeliveryUnknownError, type Mailer, SendThrottledError } from '../../../domain/messaging/ports.ts';
import { messageTags } from './message-tags.ts';

/**
 * The longest one send may take, SDK retries included. Far below the claim lease (LEASE_MS) and the
 * dispatcher's function timeout, so a send always ends, and is recorded, while its claim holds.
 */
export const SES_SEND_TIMEOUT_MS = 10_000;

/** Errors raised before a byte of the request left: SES cannot have the message. */
const connectErrorCodes = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);
const neverConnected = (error: unknown) => {
  const e = error as { code?: string; message?: string };
  return connectErrorCodes.has(e?.code ?? '') || /did not establish a connection/.test(e?.message ?? '');
};

/**
 * SES's refusals for the account's send rate. `LimitExceededException` also names the daily quota, which
 * waiting a minute does not fix: that one stays a provider error (retried after 3 hours).
 */
const RATE_ERRORS = new Set(['TooManyRequestsException', 'Throttling', 'ThrottlingException', 'LimitExceededException']);
export const isRateThrottle = (error: unknown) => {
  const e = error as { name?: string; message?: string };
  return RATE_ERRORS.has(e?.name ?? '') && !/daily|quota|24.?hour/i.test(e?.message ?? '');
};

/**
 * Sends through SES v2 (the local SES emulator speaks the same API), with a deadline of its own
 * (`timeoutMs`, default SES_SEND_TIMEOUT_MS) whatever the client's settings.
 *
 * Each HTTP attempt is watched right at the transport: a refusal or a connection that never opened
 * leaves it "not sent" (the SDK may retry it, and the dispatcher retries it later); a timeout or a
 * dropped connection after the request went out becomes `DeliveryUnknownError`, which the SDK does not
 * retry, so SES never gets a second copy of a message it may already have.
 */
export function sesMailer(client: SESv2Client, options: { timeoutMs?: number; configurationSet?: string | undefined } = {}): Mailer {
  const timeoutMs = options.timeoutMs ?? SES_SEND_TIMEOUT_MS;
  return {
    async send(message) {
      const command = new SendEmailCommand({
        FromEmailAddress: message.from,
        Destination: { ToAddresses: message.to },
        ...(message.replyTo ? { ReplyToAddresses: [message.replyTo] } : {}),
        // The configuration set publishes this message's events (delivery, bounce…) to the ses-events function; the tags find it again.
        ...(options.configurationSet ? { ConfigurationSetName: options.configurationSet } : {}),
        ...(message.ref ? { EmailTags: messageTags(message.ref) } : {}),
        Content: {
          Simple: {
            Subject: { Data: message.subject, Charset: 'UTF-8' },
            Body: {
              Text: { Data: message.text, Charset: 'UTF-8' },
              ...(message.html ? { Html: { Data: message.html, Charset: 'UTF-8' } } : {}),
            },
          },
        },
      });
      const signal = AbortSignal.timeout(timeoutMs);
      // What the transport saw of the last attempt: `out` (on the wire, no answer yet), `lost` (no answer
      // will come), or `answered` (with the status). The SDK may report an abort before the transport does.
      const wire = { state: 'idle' as 'idle' | 'out' | 'lost' | 'answered' };
      let accepted = false;
      const unknown = (error: unknown) =>
        new DeliveryUnknownError(
          `${signal.aborted ? `no answer from SES within ${timeoutMs} ms` : 'the connection to SES failed after the request was sent'}` +
            ` (${error instanceof Error ? `${error.name}: ${error.message}` : String(error)})`,
        );
      // Innermost middleware: `next` is the HTTP request itself, before the response is parsed.
      command.middlewareStack.add(
        (next) => async (args) => {
          wire.state = 'out';
          try {
            const result = await next(args);
            const status = (result.response as { statusCode?: number }).statusCode ?? 0;
            wire.state = 'answered';
            accepted = status >= 200 && status < 300;
            return result;
          } catch (error) {
            if (neverConnected(error)) {
              wire.state = 'idle';
              throw error;
            }
            wire.state = 'lost';
            // No `cause`: the SDK would find the transient error in it and send again.
            throw unknown(error);
          }
        },
        { step: 'deserialize', priority: 'low', name: 'deliveryOutcome' },
      );
      try {
        const result = await client.send(command, { abortSignal: signal });
        return result.MessageId ?? 'unknown';
      } catch (error) {
        if (error instanceof DeliveryUnknownError) throw error;
        // The deadline struck while the request was out (the SDK gives up before the transport does).
        if (wire.state === 'out' || wire.state === 'lost') throw unknown(error);
        // SES answered 2xx but its body could not be read: it has the message, we lack only its id.
        if (accepted) return 'accepted-id-unreadable';
        if (isRateThrottle(error)) throw new SendThrottledError(`${(error as Error).name}: ${(error as Error).message}`);
        throw error;
      }
    },
  };
}
