import type { Mailer } from '../../domain/messaging/ports.ts';
import { sesClient } from '../adapters/aws-clients.ts';
import { sesMailer } from '../adapters/ses/ses-mailer.ts';
import type { RuntimeConfig } from '../config.ts';

/** Sends through SES v2 (locally the SES emulator). */
export const mailer = (config: RuntimeConfig): Mailer => sesMailer(sesClient(config));
