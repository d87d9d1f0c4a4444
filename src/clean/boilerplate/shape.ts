/**
 * The language-independent shape of a block: how long it is and whether it reads as running prose. Boilerplate
 * is mostly recognisable by shape (short label lines, headline lists, credits) before any word is read.
 */

/** How a block ends, closing quotes and brackets aside. */
export type Terminal = 'period' | 'exclaim' | 'question' | 'colon' | 'other' | 'none';

export interface BlockShape {
  /** The text with curly quotes made straight, dashes made `-` and runs of space collapsed: what rules match. */
  probe: string;
  words: number;
  terminal: Terminal;
  /** A line made only of rule characters (`-`, `•`, `|`, `***`), as used between items of a list. */
  separator: boolean;
  /** Short and not closed by a full stop: a heading, a headline, a label, a list item. */
  headlineLike: boolean;
  /** Everything else: running text that reads as sentences. */
  prose: boolean;
}

/** Longest headline or list item, in words, that still counts as headline-like when it has no end punctuation. */
export const HEADLINE_MAX_WORDS = 25;
/** A question or exclamation this short reads as a headline ("Is a deal within reach?") rather than prose. */
export const SHORT_QUESTION_MAX_WORDS = 20;

export function probeOf(text: string): string {
  return text
    .replace(/[\u2018\u2019\u02bc`´]/g, "'")
    .replace(/[\u201c\u201d\u201e]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Scripts written without spaces between words: a word is counted per two characters. */
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}]/gu;

export function countWords(probe: string): number {
  let n = 0;
  for (const w of probe.split(' ')) if (/[\p{L}\p{N}]/u.test(w)) n++;
  const unspaced = probe.match(UNSPACED)?.length ?? 0;
  return unspaced > 0 ? n + Math.ceil(unspaced / 2) : n;
}

export function terminalOf(probe: string): Terminal {
  const bare = probe.replace(/[\s"'»)\]*_」』）】]+$/u, '');
  const last = bare.slice(-1);
  if (last === '.' || last === '…' || last === '。' || last === '．') return 'period';
  if (last === '!' || last === '！') return 'exclaim';
  if (last === '?' || last === '？') return 'question';
  if (last === ':' || last === '：') return 'colon';
  if (last === ';' || last === ',' || last === '-' || last === '；' || last === '，' || last === '、') return 'other';
  return 'none';
}

const SEPARATOR = /^[\s\-_=~*•·|+#.…/\\◆◇■□▪●○]+$/u;

export function shapeOf(text: string): BlockShape {
  const probe = probeOf(text);
  const words = countWords(probe);
  const terminal = terminalOf(probe);
  const separator = probe.length > 0 && probe.length <= 40 && SEPARATOR.test(probe);
  const open = terminal === 'none' || terminal === 'colon' || terminal === 'other';
  const headlineLike =
    !separator &&
    words > 0 &&
    ((open && words <= HEADLINE_MAX_WORDS) ||
      ((terminal === 'question' || terminal === 'exclaim') && words <= SHORT_QUESTION_MAX_WORDS));
  return { probe, words, terminal, separator, headlineLike, prose: !separator && !headlineLike };
}
