/** Lower-case, accent-free form for sorting and prefix search ("Ñuñoa" → "nunoa"). */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** Bytes of the text in UTF-8, as DynamoDB counts key and item sizes. */
export function utf8Bytes(text: string): number {
  let bytes = 0;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
}

/** The longest start of `text` that fits in `maxBytes` of UTF-8, cut between code points. */
export function capUtf8(text: string, maxBytes: number): string {
  let bytes = 0;
  let end = 0;
  for (const char of text) {
    bytes += utf8Bytes(char);
    if (bytes > maxBytes) return text.slice(0, end);
    end += char.length;
  }
  return text;
}

/**
 * Sort keys hold at most this much of a folded name. Folding can grow text ninefold in bytes (a Hangul
 * syllable, 3 bytes, becomes three 3-byte jamo), and DynamoDB refuses sort keys over 1,024 bytes; names
 * sharing their first 256 bytes still sort among themselves by id.
 */
export const NAME_KEY_MAX_BYTES = 256;

/** The sort and prefix-search key of a name: folded, then capped in bytes (the same cut for names and prefixes). */
export const nameKeyOf = (text: string): string => capUtf8(fold(text), NAME_KEY_MAX_BYTES);
