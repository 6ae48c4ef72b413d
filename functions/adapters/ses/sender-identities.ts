import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { request as httpsRequest } from 'node:https';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { SignatureV4 } from '@smithy/signature-v4';
import type { MailboxStatus, SenderIdentities } from '../../../domain/collections/settings-ports.ts';

/** SigV4's hash: SHA-256, or HMAC-SHA-256 when given a key (node:crypto, no bundled hashing library). */
type Data = string | ArrayBuffer | ArrayBufferView;
const bytes = (data: Data) =>
  typeof data === 'string' ? data : ArrayBuffer.isView(data) ? Buffer.from(data.buffer, data.byteOffset, data.byteLength) : Buffer.from(data);

class Sha256 {
  private readonly hash: Hash | Hmac;
  constructor(secret?: Data) {
    this.hash = secret ? createHmac('sha256', bytes(secret)) : createHash('sha256');
  }
  update(data: Data): void {
    this.hash.update(bytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
}

const TIMEOUT_MS = 5_000;

interface Answer {
  status: number;
  /** The AWS error type (`NotFoundException`, …) of a refused call. */
  error?: string | undefined;
  body: Record<string, unknown>;
}

/**
 * The two SES v2 calls the mailbox verification needs, signed (SigV4) and sent with node:https: the SES
 * client would add ≈ 70 KB to the workspace and collections bundles, past their budget (decision
 * "Collector's mailbox verification"). REST JSON: `POST /v2/email/identities`, `GET /v2/email/identities/{e}`.
 */
export function sesIdentityCalls(region: string) {
  const signer = new SignatureV4({ service: 'ses', region, credentials: defaultProvider(), sha256: Sha256 });
  const hostname = `email.${region}.amazonaws.com`;
  return async (method: 'GET' | 'POST', path: string, body?: unknown): Promise<Answer> => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const signed = (await signer.sign({
      method,
      protocol: 'https:',
      hostname,
      path,
      headers: { host: hostname, ...(payload ? { 'content-type': 'application/json' } : {}) },
      ...(payload ? { body: payload } : {}),
    } as never)) as unknown as { headers: Record<string, string> };
    return new Promise<Answer>((resolve, reject) => {
      const req = httpsRequest({ method, hostname, path, headers: signed.headers, timeout: TIMEOUT_MS }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: Record<string, unknown> = {};
          try {
            parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
          } catch {
            parsed = {};
          }
          const status = res.statusCode ?? 0;
          const type = String(res.headers['x-amzn-errortype'] ?? parsed.__type ?? '')
            .split(':')[0]!
            .split('#')
            .at(-1);
          resolve({ status, error: status >= 300 ? type || `HTTP ${status}` : undefined, body: parsed });
        });
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new Error(`no answer from SES within ${TIMEOUT_MS} ms`)));
      req.on('error', reject);
      req.end(payload);
    });
  };
}

type Call = ReturnType<typeof sesIdentityCalls>;

const failure = (answer: Answer) => Object.assign(new Error(`SES answered ${answer.status} ${answer.error}`), { name: answer.error ?? 'SESError' });

/**
 * SES v2 e-mail identities: creating one makes SES e-mail the address a verification link; its status is
 * `SUCCESS` once the link was followed. An identity that exists already is read, not created again.
 */
export function sesSenderIdentities(call: Call): SenderIdentities {
  const status = async (email: string): Promise<MailboxStatus> => {
    const answer = await call('GET', `/v2/email/identities/${encodeURIComponent(email)}`);
    if (answer.error === 'NotFoundException') return 'failed';
    if (answer.error) throw failure(answer);
    if (answer.body.VerifiedForSendingStatus === true || answer.body.VerificationStatus === 'SUCCESS') return 'verified';
    return answer.body.VerificationStatus === 'FAILED' ? 'failed' : 'pending';
  };
  return {
    status,
    async startVerification(email) {
      const answer = await call('POST', '/v2/email/identities', { EmailIdentity: email });
      if (answer.error === 'AlreadyExistsException') return status(email);
      if (answer.error) throw failure(answer);
      return 'pending';
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
