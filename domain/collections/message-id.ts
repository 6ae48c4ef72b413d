/**
 * The deterministic id of a collection message: the same tenant, subject (invoice or client), type or
 * concept and step always give the same id, so every planner that computes the message writes the same
 * outbox key and only the first write lands (CollectionMessageStore.planOnce). A hash keeps the key short
 * whatever the ids; 128-bit FNV-1a, computed here because the domain imports no node:crypto.
 */
export interface MessageKey {
  tenantId: string;
  subject: { kind: 'invoice' | 'client'; id: string };
  /** The reminder type, or `notice:<conceptId>`. */
  what: string;
  /** Due date, repetition number, statement period or payment id. */
  step: string;
}

const FNV_OFFSET = 0x6c62272e07bb014262b821756295c58dn;
const FNV_PRIME = 0x0000000001000000000000000000013bn;
const MASK = (1n << 128n) - 1n;
const encoder = new TextEncoder();

export function fnv1a128(text: string): string {
  let hash = FNV_OFFSET;
  for (const byte of encoder.encode(text)) hash = ((hash ^ BigInt(byte)) * FNV_PRIME) & MASK;
  return hash.toString(16).padStart(32, '0');
}

/** `col_` + 32 hex digits. The parts are joined by NUL, which no id or date contains, so no two keys meet. */
export const collectionMessageId = (key: MessageKey): string =>
  `col_${fnv1a128([key.tenantId, key.subject.kind, key.subject.id, key.what, key.step].join('\u0000'))}`;
