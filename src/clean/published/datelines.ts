import { validDay } from './calendar.js';
import type { Lexicon } from './lexicon.js';
import { findDates, type RawDate } from './refs.js';

/**
 * Datelines: a date the text states about itself.
 *   - keyword lines anywhere: "UPDATE, JUNE 2:", "ORIGINAL ENTRY, MAY 26", "Published: 12 March 2022",
 *     "Mis à jour le 3 juin 2022", "Updated 10:32 GMT, 4 May 2023";
 *   - a wire dateline opening one of the first lines: "PARIS, Jan 5 (Reuters) -";
 *   - a line of the head or the tail that is only a date (with a byline, weekday or time at most).
 * Keyword and wire datelines may leave out the year (null here); head/tail lines must state it.
 */

export interface Dateline {
  y: number | null;
  m: number;
  d: number;
  text: string;
  kind: 'keyword' | 'wire' | 'line';
}

const TIME = '\\d{1,2}[:.h]\\d{2}(?:\\s*[ap]\\.?\\s?m\\.?)?(?:\\s*\\(?[A-Z]{2,5}\\)?)?';
const HEAD_LINES = 8;
const TAIL_LINES = 5;
const WIRE_LINES = 3;

/** The first day-precision date of `s`, if it opens the string after only separators, a weekday or a time. */
function leadingDate(s: string, lexicons: Lexicon[], language: string): { y: number | null; m: number; d: number; end: number } | null {
  for (const lex of lexicons) {
    const gap = new RegExp(`^[\\s:,.\\-–—|/]*(?:(?:on|le|at|à|the)\\s+)?(?:${lex.weekday}[\\s,.]*)?(?:${TIME}[\\s,|-]*)?(?:(?:on|le|at|à)\\s+)?$`, 'iu');
    const found = findDates(s, lex).find((r: RawDate) => r.d !== null && r.m !== null);
    if (found && gap.test(s.slice(0, found.start))) return { y: found.y, m: found.m!, d: found.d!, end: found.end };
    const num = new RegExp(`^([\\s:,.\\-–—|/]*(?:(?:on|le)\\s+)?(?:${TIME}[\\s,|-]*)?)(\\d{1,2})[/.](\\d{1,2})[/.](\\d{4})(?!\\d)`, 'iu').exec(s);
    if (num) {
      const a = Number(num[2]), b = Number(num[3]), y = Number(num[4]);
      const monthFirst = a <= 12 && (b > 12 || (language === 'en' && num[0].includes('/')));
      const [m, d] = monthFirst ? [a, b] : [b, a];
      if (validDay(y, m, d)) return { y, m, d, end: num[0].length };
    }
  }
  return null;
}

const LINE_WORDS = new Set(
  'by par on le at à am pm a m p published updated posted last first publié mis jour modifié actualisé de du et and gmt utc the in à h'.split(' '),
);

export function findDatelines(text: string, lexicons: Lexicon[], language = 'en'): Dateline[] {
  const out: Dateline[] = [];
  const lines = text.replace(/[’ʼ]/g, "'").split('\n').map((l) => l.trim()).filter((l) => l.length > 0);
  lines.forEach((line, i) => {
    // keyword datelines
    for (const lex of lexicons) {
      const k = lex.keywords.exec(line);
      if (!k) continue;
      const rest = line.slice(k[0].length, k[0].length + 100);
      const date = leadingDate(rest, lexicons, language);
      if (date) { out.push({ ...date, text: line.slice(0, k[0].length + date.end), kind: 'keyword' }); return; }
    }
    // wire datelines
    if (i < WIRE_LINES) {
      const w = /^(\p{Lu}[\p{Lu}'.\- ]{1,40}?)(?:,\s*[\p{L}.' ]{2,30}?)?,\s+/u.exec(line);
      if (w) {
        const rest = line.slice(w[0].length);
        for (const lex of lexicons) {
          const found = findDates(rest, lex).find((r) => r.start === 0 && r.d !== null && r.m !== null);
          if (found && /^\s*(?:\([^)]{1,40}\))?\s*[-–—]/u.test(rest.slice(found.end))) {
            out.push({ y: found.y, m: found.m!, d: found.d!, text: line.slice(0, w[0].length + found.end), kind: 'wire' });
            return;
          }
        }
      }
    }
    // date lines of the head and the tail
    if ((i < HEAD_LINES || i >= lines.length - TAIL_LINES) && line.length <= 80) {
      for (const lex of lexicons) {
        const found = findDates(line, lex).find((r) => r.d !== null && r.m !== null && r.y !== null);
        if (!found) continue;
        const leftover = (line.slice(0, found.start) + ' ' + line.slice(found.end)).replace(new RegExp(TIME, 'giu'), ' ');
        const words = leftover.match(/\p{L}+/gu) ?? [];
        if (words.length <= 6 && words.every((w) => /^\p{Lu}/u.test(w) || LINE_WORDS.has(w.toLowerCase()))) {
          out.push({ y: found.y, m: found.m!, d: found.d!, text: line, kind: 'line' });
          return;
        }
      }
    }
  });
  return out;
}
