/**
 * Character folding for gazetteer matching. Every table maps one UTF-16 code unit to one code unit, so folded
 * positions are the original positions (offsets never drift).
 *
 * - `FOLD`: lower case, diacritics removed (é→e, Ḩ→h, ï→i), curly and modifier apostrophes → `'`, hyphens (-, ‐, ‑)
 *   → space, every white space → space.
 * - `ACCENT`: the same but keeping case (used to compare acronyms case-sensitively: "Minusma" ≠ "MINUSMA" is
 *   decided on these).
 * - `WORD`: 1 for letters, digits and combining marks (a word character), else 0.
 */
export const FOLD = new Uint16Array(65536);
export const ACCENT = new Uint16Array(65536);
export const WORD = new Uint8Array(65536);
export const UPPER = new Uint8Array(65536);

const SPECIAL: Record<string, string> = {
  'ß': 's', 'ẞ': 'S', 'æ': 'a', 'Æ': 'A', 'œ': 'o', 'Œ': 'O', 'ø': 'o', 'Ø': 'O', 'đ': 'd', 'Đ': 'D', 'ł': 'l', 'Ł': 'L',
  'ı': 'i', 'İ': 'I', 'ħ': 'h', 'Ħ': 'H', 'ŧ': 't', 'Ŧ': 'T', 'ð': 'd', 'Ð': 'D', 'þ': 't', 'Þ': 'T',
};
const APOSTROPHES = "'’‘ʼʻ`´′ʽʿʾ";
const HYPHENS = '-‐‑';

(function init(): void {
  const letterOrDigit = /[\p{L}\p{N}\p{M}]/u;
  const space = /\s/u;
  // Above U+3000 (CJK, Hangul, surrogates, private use…) characters are word characters that fold to themselves,
  // except the few spaces and fullwidth punctuation handled below; computing those 53k entries by regex would
  // cost most of the load time.
  for (let c = 0x3000; c < 65536; c++) {
    FOLD[c] = c;
    ACCENT[c] = c;
    WORD[c] = 1;
  }
  for (const c of [0x3000, 0xfeff]) {
    FOLD[c] = ACCENT[c] = 32;
    WORD[c] = 0;
  }
  for (let c = 0x3001; c <= 0x303f; c++) WORD[c] = 0; // CJK punctuation
  for (let c = 0xff01; c <= 0xff0f; c++) WORD[c] = 0; // fullwidth punctuation
  for (let c = 0; c < 0x3000; c++) {
    const ch = String.fromCharCode(c);
    WORD[c] = letterOrDigit.test(ch) ? 1 : 0;
    let base = ch;
    if (SPECIAL[ch] !== undefined) base = SPECIAL[ch];
    else if (c >= 0xc0 && c < 0x2000) {
      const d = ch.normalize('NFD');
      if (d.length >= 1 && d.charCodeAt(0) < 0x250 && d.length <= 3) base = d[0];
    }
    if (APOSTROPHES.includes(ch)) base = "'";
    else if (HYPHENS.includes(ch)) base = ' ';
    else if (space.test(ch)) base = ' ';
    else if (c >= 0x300 && c <= 0x36f) base = ch; // lone combining mark: kept as is
    ACCENT[c] = base.charCodeAt(0);
    const lower = base.toLowerCase();
    FOLD[c] = lower.length === 1 ? lower.charCodeAt(0) : base.charCodeAt(0);
    UPPER[c] = WORD[c] && ch !== ch.toLowerCase() ? 1 : 0;
  }
})();

/** Folds a whole string (for keys): same length as the input. */
export function foldString(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += String.fromCharCode(FOLD[s.charCodeAt(i)]);
  return out;
}

/** Folds and collapses spaces, trimming them (the form a trie key takes). */
export function keyOf(s: string): string {
  return foldString(s).replace(/ {2,}/g, ' ').trim();
}

/** Accent-folds a string keeping case. */
export function accentFold(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += String.fromCharCode(ACCENT[s.charCodeAt(i)]);
  return out;
}
