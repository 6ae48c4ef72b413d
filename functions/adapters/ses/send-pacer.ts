import { GetAccountCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import type { SendPacer } from '../../../domain/messaging/ports.ts';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Longest wait before a retry of a throttled send: the run has a minute, and several retries to make. */
export const THROTTLE_BACKOFF_CAP_MS = 4_000;

/**
 * A token bucket of `ratePerSecond` sends a second (a burst of one second's worth), for one dispatcher
 * run: every send of the run, whatever partition it drains, takes a token first. A throttled send also
 * halves the pace for the rest of the run (SES counts recipients, and other senders share the account).
 */
export function tokenBucket(ratePerSecond: number, now: () => number = Date.now): SendPacer {
  let rate = Math.max(ratePerSecond, 0.1);
  let tokens = Math.max(1, Math.floor(rate));
  let last = now();
  let queue = Promise.resolve();
  const refill = () => {
    const at = now();
    tokens = Math.min(Math.max(1, rate), tokens + ((at - last) / 1000) * rate);
    last = at;
  };
  return {
    acquire() {
      // One waiter at a time, in arrival order, so concurrent partitions share the rate fairly.
      const turn = queue.then(async () => {
        refill();
        if (tokens < 1) {
          await sleep(Math.ceil(((1 - tokens) / rate) * 1000));
          refill();
        }
        tokens -= 1;
      });
      queue = turn.catch(() => undefined);
      return turn;
    },
    async backoff(attempt) {
      rate = Math.max(rate / 2, 0.1);
      tokens = Math.min(tokens, 0);
      await sleep(Math.floor(Math.random() * Math.min(250 * 2 ** (attempt + 1), THROTTLE_BACKOFF_CAP_MS)));
    },
  };
}

/**
 * The account's send rate: the configured one (the stage's `sesSendRate`, set from SES's MaxSendRate or
 * less; locally the emulator's), else SES's own (`GetAccount` → `SendQuota.MaxSendRate`, which needs
 * `ses:GetAccount` on `*`: the stack grants it to no function, so in AWS the configured rate is the one),
 * read once per cold start; 1/s if neither answers.
 */
export function sendRate(client: SESv2Client, configured: number | undefined): () => Promise<number> {
  let known: Promise<number> | undefined;
  return () =>
    (known ??=
      configured !== undefined
        ? Promise.resolve(configured)
        : client.send(new GetAccountCommand({})).then(
            (account) => account.SendQuota?.MaxSendRate ?? 1,
            () => 1,
          ));
}
