import type { SenderIdentities } from '../../domain/collections/settings-ports.ts';
import { localSenderIdentities, sesIdentityCalls, sesSenderIdentities } from '../adapters/ses/sender-identities.ts';
import type { RuntimeConfig } from '../config.ts';

/** SES v2 identities in AWS; the local stand-in when the stack points SES at the emulator (SES_ENDPOINT). */
export const senderIdentities = (config: RuntimeConfig): SenderIdentities =>
  config.sesEndpoint ? localSenderIdentities() : sesSenderIdentities(sesIdentityCalls(config.region));
