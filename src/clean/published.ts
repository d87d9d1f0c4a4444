import type { TimeValue } from '../model/time.js';
import { dayNum, fromDayNum, isoDay, isoMonth } from './published/calendar.js';
import { findDatelines } from './published/datelines.js';
import { parseDeclared, plausibleYear } from './published/declared.js';
import { inferPublication } from './published/infer.js';
import { lexiconsFor } from './published/lexicon.js';
import { type DateRef, extractRefs } from './published/refs.js';

export interface PublishedInput {
  /** The cleaned body text. */
  text: string;
  /** The date the source states (meta tag, feed field, JSON field), raw. */
  declared?: string | null;
  language: string;
  /** The title, read with the body for dated references (optional). */
  title?: string | null;
}

/** Longest text read for datelines and inference (characters). */
const MAX_TEXT = 200_000;

/**
 * The publication date, in this order:
 *   1. the declared date when it parses (day precision, stated);
 *   2. a dateline in the text ("UPDATE, JUNE 2:", "Published: 12 March 2022", "PARIS, Jan 5 (Reuters) -"), the
 *      latest one winning; a dateline without a year takes the year that fits the content (`inferred: true`);
 *   3. inference from the dated references of the content (`inferred: true`, month or year precision), or null
 *      when the text holds no year at all.
 */
export function resolvePublished(input: PublishedInput): TimeValue | null {
  const lexicons = lexiconsFor(input.language);
  if (input.declared) {
    const stated = parseDeclared(String(input.declared), lexicons, input.language);
    if (stated) return stated;
  }
  const text = (input.text ?? '').slice(0, MAX_TEXT);
  const withTitle = input.title ? `${input.title}\n${text}` : text;
  // The dated references are read only when asked for: a text whose datelines all state their year needs none.
  let refs: DateRef[] | null = null;
  const refsOf = (): DateRef[] => (refs ??= extractRefs(withTitle, lexicons));

  // Datelines: the latest one wins.
  let best: { day: number; inferred: boolean } | null = null;
  for (const line of findDatelines(text, lexicons, input.language)) {
    let day: number | null = null;
    let inferred = false;
    if (line.y !== null) {
      if (plausibleYear(line.y)) day = dayNum(line.y, line.m, line.d);
    } else {
      const est = inferPublication(refsOf(), { fixed: { m: line.m, d: line.d } });
      if (est) { day = est.day; inferred = true; }
    }
    if (day !== null && (!best || day > best.day)) best = { day, inferred };
  }
  if (best) {
    const { y, m, d } = fromDayNum(best.day);
    return { value: isoDay(y, m, d), precision: 'day', kind: 'date', ...(best.inferred ? { inferred: true } : {}) };
  }

  const est = inferPublication(refsOf());
  if (!est) return null;
  const { y, m } = fromDayNum(est.day);
  return est.precision === 'month'
    ? { value: isoMonth(y, m), precision: 'month', kind: 'date', inferred: true }
    : { value: String(y), precision: 'year', kind: 'date', inferred: true };
}
