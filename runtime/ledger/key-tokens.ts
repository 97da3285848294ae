// Searchable tokens of a business key: the whole key and each part after a separator, upper-cased, so "1001" finds "PO-1001".

const SEPARATOR = /[^A-Za-z0-9]+/;
export const MAX_TOKEN_LENGTH = 128;

/** "po-1001/a" -> ["PO-1001/A", "1001/A", "A"]: every suffix that starts a word, so a prefix search matches inside keys. */
export function keyTokens(value: string): string[] {
  const upper = value.trim().toUpperCase().slice(0, MAX_TOKEN_LENGTH);
  if (!upper) return [];
  const tokens = new Set<string>([upper]);
  let index = 0;
  for (const part of upper.split(SEPARATOR)) {
    const at = upper.indexOf(part, index);
    if (part && at > 0) tokens.add(upper.slice(at));
    index = at + part.length;
  }
  return [...tokens];
}

/** The index range that holds every token starting with the search text. */
export function tokenRange(search: string): { from: string; to: string } | undefined {
  const from = search.trim().toUpperCase().slice(0, MAX_TOKEN_LENGTH);
  return from ? { from, to: `${from}\uffff` } : undefined;
}
