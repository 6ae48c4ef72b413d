import type { Mailer } from '../../domain/messaging/ports.ts';
import { sesClient } from '../adapters/aws-clients.ts';
import { sesMailer } from '../adapters/ses/ses-mailer.ts';
import { sendRate } from '../adapters/ses/send-pacer.ts';
import type { RuntimeConfig } from '../config.ts';

/** Sends through SES v2 (locally the SES emulator), in the stage's configuration set. */
export const mailer = (config: RuntimeConfig): Mailer => sesMailer(sesClient(config), { configurationSet: config.sesConfigurationSet });

/** The mailer and the account's send rate (sends per second) the dispatcher keeps to. */
export const pacedMailer = (config: RuntimeConfig) => {
  const client = sesClient(config);
  return { mailer: sesMailer(client, { configurationSet: config.sesConfigurationSet }), rate: sendRate(client, config.sesSendRate) };
};
