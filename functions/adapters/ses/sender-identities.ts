import { CreateEmailIdentityCommand, GetEmailIdentityCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import type { MailboxStatus, SenderIdentities } from '../../../domain/collections/settings-ports.ts';

const named = (error: unknown, name: string) => (error as { name?: string } | undefined)?.name === name;

/**
 * SES v2 e-mail identities: creating one makes SES e-mail the address a verification link; its status is
 * `SUCCESS` once the link was followed. An identity that exists already is read, not created again.
 */
export function sesSenderIdentities(client: SESv2Client): SenderIdentities {
  const status = async (email: string): Promise<MailboxStatus> => {
    try {
      const identity = await client.send(new GetEmailIdentityCommand({ EmailIdentity: email }));
      if (identity.VerifiedForSendingStatus || identity.VerificationStatus === 'SUCCESS') return 'verified';
      return identity.VerificationStatus === 'FAILED' ? 'failed' : 'pending';
    } catch (error) {
      if (named(error, 'NotFoundException')) return 'failed';
      throw error;
    }
  };
  return {
    status,
    async startVerification(email) {
      try {
        await client.send(new CreateEmailIdentityCommand({ EmailIdentity: email }));
        return 'pending';
      } catch (error) {
        if (named(error, 'AlreadyExistsException')) return status(email);
        throw error;
      }
    },
  };
}

/**
 * The local stand-in (the SES emulator has no identities, decision "Collector's mailbox verification"):
 * a request is pending, as in SES right after it, and the next look finds it verified, as if the
 * person had followed the link. So locally `POST /v1/me/mailbox/verify` answers `pending` and the next
 * `GET /v1/me` shows `verified`.
 */
export function localSenderIdentities(): SenderIdentities {
  return {
    startVerification: async () => 'pending',
    status: async () => 'verified',
  };
}
