import type { MessageRef } from '../../../domain/messaging/ports.ts';

/**
 * The SES message tags that let an SES event find its outbox e-mail again (tenant + message id), and the
 * reverse. A tag value may hold only ASCII letters, digits, `_` and `-` (at most 256): a value with any
 * other character goes under the `_b64` name, base64url-encoded, so every id makes the trip unchanged.
 */
export const TAG = { tenant: 'tenant_id', message: 'message_id', type: 'message_type' } as const;

const SAFE = /^[A-Za-z0-9_-]{1,256}$/;

const encode = (name: string, value: string): { Name: string; Value: string } =>
  SAFE.test(value) ? { Name: name, Value: value } : { Name: `${name}_b64`, Value: Buffer.from(value, 'utf8').toString('base64url') };

export function messageTags(ref: MessageRef): Array<{ Name: string; Value: string }> {
  return [encode(TAG.tenant, ref.tenantId), encode(TAG.message, ref.id), encode(TAG.type, ref.type)];
}

/** SES events carry tags as `{ name: [value] }`. Undefined when the tenant or message tag is missing. */
export function refFromTags(tags: Record<string, readonly string[] | undefined> | undefined): Omit<MessageRef, 'type'> | undefined {
  const read = (name: string) => {
    const plain = tags?.[name]?.[0];
    if (plain !== undefined) return plain;
    const encoded = tags?.[`${name}_b64`]?.[0];
    return encoded === undefined ? undefined : Buffer.from(encoded, 'base64url').toString('utf8');
  };
  const tenantId = read(TAG.tenant);
  const id = read(TAG.message);
  return tenantId && id ? { tenantId, id } : undefined;
}
