// Text folding for comparisons the UI makes itself (home group, duplicates).
// Contract: `fold` lowercases, removes accents and trims, the way the core compares groups and
// searches, so "Café du Lundi" and "cafe du lundi " are the same group.
export function fold(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().trim();
}

/** Whether two texts are the same once folded (never true for two blanks). */
export function sameText(a: string, b: string): boolean {
  const fa = fold(a);
  return fa !== '' && fa === fold(b);
}
