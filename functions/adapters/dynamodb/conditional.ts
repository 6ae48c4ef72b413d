/** True when DynamoDB refused a conditional write (ElectroDB wraps the SDK error in `cause`). */
export function isConditionalFailure(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const name = (e as { name?: string }).name;
    if (name === 'ConditionalCheckFailedException' || name === 'TransactionCanceledException') return true;
  }
  return false;
}

/** Runs a conditional write: true when it was applied, false when its condition refused it; other errors stand. */
export async function appliedIf(write: () => Promise<unknown>): Promise<boolean> {
  try {
    const result = await write();
    // ElectroDB resolves a cancelled transaction as `{ canceled: true }` instead of throwing: without this,
    // two note edits on the same version at once were both "applied" and the first was lost.
    return !(typeof result === 'object' && result !== null && (result as { canceled?: unknown }).canceled === true);
  } catch (error) {
    if (isConditionalFailure(error)) return false;
    throw error;
  }
}

/** Drops `undefined` and the key/meta attributes ElectroDB does not return anyway. */
export function compact<T extends Record<string, unknown>>(item: T): T {
  return Object.fromEntries(Object.entries(item).filter(([, v]) => v !== undefined && v !== null)) as T;
}
