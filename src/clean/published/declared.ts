import type { TimeValue } from '../../model/time.js';
import { isoDay, isoMonth, validDay } from './calendar.js';
import { lexicon, type Lexicon } from './lexicon.js';
import { findDates } from './refs.js';

/**
 * A date as a source states it (HTML meta, JSON-LD, feed field): ISO 8601 ("2022-05-26T10:00:00+02:00" keeps the
 * stated local day), RFC 822 ("Tue, 10 Jun 2003 04:00:00 GMT"), written dates ("May 26, 2022", "26 mai 2022"),
 * numeric dates ("26/05/2022", "2022/05/26", "26.05.2022"), epoch seconds or milliseconds. Null when invalid.
 */
export function parseDeclared(raw: string, lexicons: Lexicon[], language = 'en'): TimeValue | null {
  const s = raw.trim();
  if (!s) return null;
  const day = (y: number, m: number, d: number): TimeValue | null =>
    plausibleYear(y) && validDay(y, m, d) ? { value: isoDay(y, m, d), precision: 'day', kind: 'date' } : null;
  let m: RegExpExecArray | null;

  if ((m = /^(\d{9,10})(?:\.\d+)?$/.exec(s)) || (m = /^(\d{12,13})$/.exec(s))) {
    const ms = m[1]!.length >= 12 ? Number(m[1]) : Number(m[1]) * 1000;
    const dt = new Date(ms);
    return day(dt.getUTCFullYear(), dt.getUTCMonth() + 1, dt.getUTCDate());
  }
  if ((m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:$|[T\s_])/.exec(s)) || (m = /^(\d{4})(\d{2})(\d{2})(?:$|T)/.exec(s)) || (m = /^(\d{4})[/.](\d{1,2})[/.](\d{1,2})(?:$|\D)/.exec(s))) {
    return day(Number(m[1]), Number(m[2]), Number(m[3]));
  }
  if ((m = /^(\d{4})-(\d{2})$/.exec(s))) {
    const y = Number(m[1]), mo = Number(m[2]);
    return plausibleYear(y) && mo >= 1 && mo <= 12 ? { value: isoMonth(y, mo), precision: 'month', kind: 'date' } : null;
  }
  if ((m = /^(\d{4})$/.exec(s))) {
    const y = Number(m[1]);
    return plausibleYear(y) ? { value: String(y), precision: 'year', kind: 'date' } : null;
  }
  if ((m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:$|\D)/.exec(s))) {
    const a = Number(m[1]), b = Number(m[2]), y = Number(m[3]);
    // day first unless impossible, or when an English source writes month first (US style)
    const monthFirst = a <= 12 && (b > 12 || (language === 'en' && m[0].includes('/')));
    return monthFirst ? day(y, a, b) : day(y, b, a);
  }
  // Written dates, RFC 822 included ("10 Jun 2003"): any lexicon, the text's language first.
  const lexs = [...lexicons];
  for (const code of ['en', 'fr']) {
    const lex = lexicon(code);
    if (lex && !lexs.includes(lex)) lexs.push(lex);
  }
  for (const lex of lexs) {
    for (const variant of [s, titleCase(s)]) {
      const found = findDates(variant, lex).find((r) => r.y !== null && r.m !== null && (r.d !== null || r.kind === 'my'));
      if (found) {
        if (found.d !== null) return day(found.y!, found.m!, found.d);
        return plausibleYear(found.y!) ? { value: isoMonth(found.y!, found.m!), precision: 'month', kind: 'date' } : null;
      }
    }
  }
  const t = Date.parse(s);
  if (Number.isFinite(t)) {
    const dt = new Date(t);
    return day(dt.getUTCFullYear(), dt.getUTCMonth() + 1, dt.getUTCDate());
  }
  return null;
}

const titleCase = (s: string): string => s.toLowerCase().replace(/(^|[^\p{L}])(\p{L})/gu, (_, a: string, b: string) => a + b.toUpperCase());

/** Years a publication date can have: not before 1900, not more than a year ahead of today. */
export function plausibleYear(y: number): boolean {
  return y >= 1900 && y <= new Date().getUTCFullYear() + 1;
}
