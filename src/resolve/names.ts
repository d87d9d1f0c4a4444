/** Name comparison shared by in-document and cross-document resolution. */

/**
 * Folded forms already computed. Resolution folds every mention several times and compares each with many
 * others; names repeat across a document and a corpus, so a bounded memo turns most folds into one lookup.
 */
const folds = new Map<string, string>();
const squashes = new Map<string, string>();
const MEMO_MAX = 50_000;

function remember(memo: Map<string, string>, key: string, value: string): string {
  if (memo.size >= MEMO_MAX) memo.clear();
  memo.set(key, value);
  return value;
}

/** Lower case, no accents, curly apostrophes straight, no possessive, spaces collapsed: "Goïta's" → "goita". */
export function foldName(name: string): string {
  return folds.get(name) ?? remember(folds, name, computeFold(name));
}

function computeFold(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[’‘`´]/g, "'")
    .replace(/'s$/i, '')
    .replace(/[-‐‑–]/g, ' ')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** The folded name without apostrophes and spaces: what spelling variants are compared on. */
export function squash(name: string): string {
  return squashes.get(name) ?? remember(squashes, name, foldName(name).replace(/['\s]/g, ''));
}

/** Levenshtein distance, bounded: returns max+1 as soon as the distance exceeds max. */
export function editDistance(a: string, b: string, max = 3): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    prev = cur;
  }
  return prev[b.length]!;
}

/** Spelling variants and transliterations of one name: Sergei/Sergey, al-Qaeda/al-Qaida, Goïta/Goita. */
export function sameNameVariant(a: string, b: string): boolean {
  const x = squash(a);
  const y = squash(b);
  if (x === y) return true;
  if (x.length < 5 || y.length < 5 || x[0] !== y[0]) return false;
  return editDistance(x, y, 2) <= (Math.min(x.length, y.length) >= 8 ? 2 : 1);
}

/** Words of a person's name without particles' case: "Jean-Yves Le Drian" → ["jean yves", "le drian"] is overkill; tokens suffice. */
export function nameTokens(name: string): string[] {
  return foldName(name).split(' ').filter(Boolean);
}
