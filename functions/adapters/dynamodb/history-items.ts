import type { HistoryEntry } from '../../../domain/clients/history.ts';
import { compact } from './conditional.ts';

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/**
 * A history entry as stored: one item per change. `change` names it (the client version it produced,
 * the contact, invoice or estimate and its version), so two changes in the same millisecond never share a key.
 */
export const historyItem = (h: HistoryEntry) => ({
  ...h,
  change: h.invoiceId
    ? `I${h.invoiceId}.${pad(h.version, 8)}`
    : h.sourceId
      ? `S${h.sourceId}.${pad(h.version, 8)}`
      : h.estimateId
        ? `E${h.estimateId}.${pad(h.version, 8)}`
        : h.contactId
          ? `C${h.contactId}.${pad(h.version, 8)}`
          : `V${pad(h.version, 8)}`,
});

export const fromHistoryItem = (item: Record<string, unknown>): HistoryEntry => {
  const { change: _change, ...rest } = item;
  return compact(rest) as unknown as HistoryEntry;
};
