/** Lower-case, accent-free form for sorting and prefix search ("Ñuñoa" → "nunoa"). */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}
