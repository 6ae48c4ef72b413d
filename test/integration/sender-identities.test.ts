import { describe, expect, it } from 'vitest';
import { sesSenderIdentities } from '../../functions/adapters/ses/sender-identities.ts';

/** SES v2's answers as the adapter reads them (status, error type, JSON body), from its API reference. */
const answering = (answers: Record<string, { status: number; error?: string; body?: Record<string, unknown> }>) => {
  const calls: string[] = [];
  const call = async (method: 'GET' | 'POST', path: string) => {
    calls.push(`${method} ${path}`);
    const a = answers[`${method} ${path.startsWith('/v2/email/identities/') ? 'one' : 'create'}`]!;
    return { status: a.status, error: a.error, body: a.body ?? {} };
  };
  return { calls, identities: sesSenderIdentities(call) };
};

describe('SES sender identities', () => {
  it('creates the identity (pending), reads one that exists instead, and maps SES statuses', async () => {
    // Prepare
    const fresh = answering({ 'POST create': { status: 200, body: { IdentityType: 'EMAIL_ADDRESS' } } });
    const existing = answering({
      'POST create': { status: 400, error: 'AlreadyExistsException' },
      'GET one': { status: 200, body: { VerificationStatus: 'SUCCESS', VerifiedForSendingStatus: true } },
    });
    const failed = answering({ 'GET one': { status: 200, body: { VerificationStatus: 'FAILED' } } });
    const unknown = answering({ 'GET one': { status: 404, error: 'NotFoundException' } });
    const throttled = answering({ 'GET one': { status: 429, error: 'TooManyRequestsException' } });

    // Act / Assess
    expect(await fresh.identities.startVerification('ana@empresa.cl')).toBe('pending');
    expect(await existing.identities.startVerification('ana@empresa.cl')).toBe('verified');
    expect(existing.calls).toEqual(['POST /v2/email/identities', 'GET /v2/email/identities/ana%40empresa.cl']);
    expect(await failed.identities.status('x@y.cl')).toBe('failed');
    expect(await unknown.identities.status('x@y.cl')).toBe('failed');
    await expect(throttled.identities.status('x@y.cl')).rejects.toMatchObject({ name: 'TooManyRequestsException' });
  });
});
