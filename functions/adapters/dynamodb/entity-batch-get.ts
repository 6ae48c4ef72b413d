/** An ElectroDB entity's batch get, as the import readers call it. */
export interface BatchGettable<K> {
  get(keys: K[]): { go(options: { consistent: boolean }): Promise<{ data: unknown[]; unprocessed: unknown[] }> };
}

/** BatchGetItem takes 100 keys a request. */
const BATCH = 100;
/**
 * No item of ours is keyed by a longer value (the API bounds e-mails, custom ids, tax ids, numbers and ids far
 * below), and a key past DynamoDB's 1,024 bytes fails the whole request: a key holding one names nothing, unread.
 */
export const MAX_KEY_VALUE = 320;
const readable = (key: object) => Object.values(key).every((v) => typeof v !== 'string' || v.length <= MAX_KEY_VALUE);

/**
 * Every item of `keys` that exists, in requests of 100 keys run side by side. Unprocessed keys (throttling) are
 * asked again after a jittered backoff; still unread after `attempts` rounds, the call fails as a throttling
 * error, which the import runner retries as transient.
 */
export async function entityBatchGet<K extends object>(
  entity: BatchGettable<K>,
  keys: readonly K[],
  { consistent, attempts = 8 }: { consistent: boolean; attempts?: number },
): Promise<Array<Record<string, unknown>>> {
  const wanted = keys.filter(readable);
  const chunks: K[][] = [];
  for (let i = 0; i < wanted.length; i += BATCH) chunks.push(wanted.slice(i, i + BATCH));
  const found = await Promise.all(
    chunks.map(async (chunk) => {
      const items: Array<Record<string, unknown>> = [];
      let pending = chunk;
      for (let attempt = 0; pending.length; attempt++) {
        if (attempt >= attempts) throw Object.assign(new Error(`${pending.length} items could not be read (throttled)`), { name: 'ThrottlingException' });
        if (attempt) await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(1_000, 25 * 2 ** attempt)));
        const answer = await entity.get(pending).go({ consistent });
        items.push(...(answer.data as Array<Record<string, unknown>>));
        pending = answer.unprocessed as K[];
      }
      return items;
    }),
  );
  return found.flat();
}
