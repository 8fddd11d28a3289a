/**
 * Lower-case text without Vietnamese (or any) diacritics, so "su co may chu" finds "Sự cố máy chủ".
 * Done in the application rather than with PostgreSQL's `unaccent`, whose dictionary-based
 * function is not IMMUTABLE and so cannot back an index; the normalised copy is stored and
 * indexed with pg_trgm.
 */
export function normaliseForSearch(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The part of a search text that follows a code with no spaces in it:
 * `normaliseForSearch(code + ' ' + rest) === normaliseForSearch(code) + searchTextAfterCode(rest)`.
 * Lets the database put the code's digits in the middle (IncidentsService.takeCode).
 */
export function searchTextAfterCode(rest: string): string {
  const normalised = normaliseForSearch(rest);
  return normalised ? ` ${normalised}` : '';
}
