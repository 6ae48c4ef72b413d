import type { HistoryEntry } from '../../../domain/clients/history.ts';
import { compact } from './conditional.ts';

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/**
 * A history entry as stored. `change` names the change an entry belongs to (the client version it
 * produced, or the contact and its version), so two changes in the same millisecond never share a key.
 */
export const historyItem = (h: HistoryEntry) => ({
  ...h,
  seq: pad(h.seq, 4),
  change: h.contactId ? `C${h.contactId}.${pad(h.version, 8)}` : `V${pad(h.version, 8)}`,
});

export const fromHistoryItem = (item: Record<string, unknown>): HistoryEntry => {
  const { change: _change, ...rest } = item;
  return compact({ ...rest, seq: Number(item.seq) }) as unknown as HistoryEntry;
};
