import { dayNum, distance, fromDayNum, monthEnd, validDay } from './calendar.js';
import type { DateRef } from './refs.js';

/**
 * The publication date deduced from the dated references of a text.
 *
 * Model: the article is written shortly after the latest event it reports in the past tense and before the events
 * it announces; dates without a year are, as in news style, the most recent (past) or next (future) occurrence
 * around the publication date. Every candidate day of the latest explicit year and the next is scored:
 *   - a violated explicit reference (a past event after the day, a future one before it) costs heavily;
 *   - the distance from the latest past reference to the day (recency), and the distance of each yearless
 *     reference to the day (they are recent by convention), cost a little;
 *   - years deduced as "the present" (a nine-year campaign begun in 2013) pull the day into that year.
 * The cheapest day wins; its month is reported when the latest past evidence is a yearless month or day (news
 * style: the current year) or a full date, else only its year.
 */

export interface Inference {
  day: number;
  precision: 'month' | 'year';
  /** The reference that bounds the day from below. */
  basis: DateRef | null;
}

const VIOLATION = 1000;
const W_FUTURE = 0.25;
const W_NEUTRAL = 0.5;
const W_EXPLICIT_RECENCY = 0.02;

/** First and last day of a reference in year y (a winter runs into the next year). */
export function interval(r: DateRef, y: number): [number, number] | null {
  if (r.m !== null && r.d !== null) {
    if (!validDay(y, r.m, r.d)) return null;
    const n = dayNum(y, r.m, r.d);
    return [n, n];
  }
  if (r.m !== null) {
    const last = monthEnd(y, r.m);
    if (r.part === 'early') return [dayNum(y, r.m, 1), dayNum(y, r.m, 10)];
    if (r.part === 'mid') return [dayNum(y, r.m, 11), dayNum(y, r.m, 20)];
    if (r.part === 'late') return [dayNum(y, r.m, 21), dayNum(y, r.m, last)];
    return [dayNum(y, r.m, 1), dayNum(y, r.m, last)];
  }
  if (r.season !== null) {
    switch (r.season) {
      case 'spring': return [dayNum(y, 3, 20), dayNum(y, 6, 20)];
      case 'summer': return [dayNum(y, 6, 21), dayNum(y, 9, 22)];
      case 'autumn': return [dayNum(y, 9, 23), dayNum(y, 12, 20)];
      case 'winter': return [dayNum(y, 12, 21), dayNum(y + 1, 3, 19)];
    }
  }
  if (r.part === 'early') return [dayNum(y, 1, 1), dayNum(y, 4, 30)];
  if (r.part === 'mid') return [dayNum(y, 5, 1), dayNum(y, 8, 31)];
  if (r.part === 'late') return [dayNum(y, 9, 1), dayNum(y, 12, 31)];
  return [dayNum(y, 1, 1), dayNum(y, 12, 31)];
}

/** The day a past reference proves the text to be at or after: its start, or the day after a completed month. */
const pastBound = (r: DateRef, iv: [number, number]): number => (r.completed ? iv[1] + 1 : iv[0]);

export interface InferOptions {
  /** Only consider this month and day (a dateline without a year): returns the year that fits best. */
  fixed?: { m: number; d: number };
}

export function inferPublication(refs: readonly DateRef[], options: InferOptions = {}): Inference | null {
  // A year after next cannot be the present ("Agenda 2063", "Vision 2030" read without a tense cue).
  const maxYear = new Date().getUTCFullYear() + 1;
  const explicit = refs.filter((r) => r.y !== null && !r.present && (r.tense === 'future' || r.y <= maxYear));
  const present = refs.filter((r) => r.present && r.y! <= maxYear);
  const yearless = refs.filter((r) => r.y === null);
  const evidenceYears = [
    ...explicit.filter((r) => r.tense !== 'future').map((r) => r.y!),
    ...present.map((r) => r.y!),
  ];
  if (!evidenceYears.length) return null;
  const yMax = Math.max(...evidenceYears);

  const explicitIv = explicit.map((r) => ({ r, iv: interval(r, r.y!) })).filter((x): x is { r: DateRef; iv: [number, number] } => x.iv !== null);
  const latestExplicit = Math.max(...explicitIv.filter((x) => x.r.tense !== 'future').map((x) => pastBound(x.r, x.iv)), -Infinity);
  const presentIv = present.map((r) => interval(r, r.y!)!);
  // intervals of the yearless references for the years yMax - 2 … yMax + 3
  const ivCache: Array<[number, number] | null | undefined> = [];
  const ivOf = (r: DateRef, i: number, y: number): [number, number] | null => {
    const k = i * 6 + (y - yMax + 2);
    if (k < i * 6 || k >= i * 6 + 6) return interval(r, y);
    if (ivCache[k] === undefined) ivCache[k] = interval(r, y);
    return ivCache[k]!;
  };

  const score = (p: number): { cost: number; basis: DateRef | null; basisBound: number } => {
    let cost = 0;
    let maxPast = -Infinity;
    let basis: DateRef | null = null;
    const seePast = (r: DateRef, bound: number): void => {
      if (bound > maxPast || (bound === maxPast && r.y === null)) { maxPast = bound; basis = r; }
    };
    for (const { r, iv } of explicitIv) {
      if (r.tense === 'future') {
        if (p > iv[1]) cost += VIOLATION;
        continue;
      }
      const bound = pastBound(r, iv);
      if (r.tense === 'neutral') {
        // no tense cue: draws the day towards it, and counts as past evidence once behind it
        cost += W_NEUTRAL * distance(p, iv[0], iv[1]);
        if (p >= bound) seePast(r, bound);
      } else if (p < bound) cost += VIOLATION;
      else seePast(r, bound);
    }
    for (const iv of presentIv) cost += distance(p, iv[0], iv[1]);
    const py = fromDayNum(p).y;
    // Candidate years of a yearless reference: this one, or the one before to the one after (in that order).
    yearless: for (let i = 0; i < yearless.length; i++) {
      const r = yearless[i]!;
      const yLo = r.rel === 'this' ? py : py - 1;
      const yHi = r.rel === 'this' ? py : py + 1;
      if (r.tense === 'future') {
        // the next occurrence that ends on or after the day
        for (let y = yLo; y <= yHi; y++) {
          const iv = ivOf(r, i, y);
          if (iv && iv[1] >= p) { cost += W_FUTURE * distance(p, iv[0], iv[1]); continue yearless; }
        }
        cost += VIOLATION;
        continue;
      }
      if (r.tense === 'past' || r.completed) {
        // the latest occurrence already under way (or over, for a completed month) on the day
        for (let y = yHi; y >= yLo; y--) {
          const iv = ivOf(r, i, y);
          if (!iv) continue;
          const bound = pastBound(r, iv);
          if (bound <= p) { cost += p - bound; seePast(r, bound); continue yearless; }
        }
        cost += VIOLATION;
        continue;
      }
      // neutral: the nearest occurrence
      let best = Infinity;
      for (let y = yLo; y <= yHi; y++) {
        const iv = ivOf(r, i, y);
        if (iv) best = Math.min(best, distance(p, iv[0], iv[1]));
      }
      if (best < Infinity) cost += W_NEUTRAL * best;
    }
    if (maxPast > -Infinity && p >= maxPast) cost += p - maxPast;
    if (latestExplicit > -Infinity && p > latestExplicit) cost += W_EXPLICIT_RECENCY * (p - latestExplicit);
    return { cost, basis, basisBound: maxPast };
  };

  const candidates: number[] = [];
  if (options.fixed) {
    for (const y of [yMax, yMax + 1]) if (validDay(y, options.fixed.m, options.fixed.d)) candidates.push(dayNum(y, options.fixed.m, options.fixed.d));
  } else {
    // The cost is piecewise linear in the day, with breaks only where some interval starts or ends: its minimum over
    // the two years lies at one of those days or at an end of the range.
    const lo = dayNum(yMax, 1, 1), hi = dayNum(yMax + 1, 12, 31);
    const points = new Set<number>([lo, hi]);
    const addIv = (iv: [number, number] | null): void => {
      if (!iv) return;
      for (const p of [iv[0], iv[1], iv[1] + 1]) if (p >= lo && p <= hi) points.add(p);
    };
    for (const { iv } of explicitIv) addIv(iv);
    for (const iv of presentIv) addIv(iv);
    yearless.forEach((r, i) => { for (let y = yMax - 1; y <= yMax + 2; y++) addIv(ivOf(r, i, y)); });
    if (latestExplicit >= lo && latestExplicit <= hi) points.add(latestExplicit);
    candidates.push(...[...points].sort((a, b) => a - b));
  }
  let best: { p: number; cost: number; basis: DateRef | null } | null = null;
  for (const p of candidates) {
    const s = score(p);
    if (!best || s.cost < best.cost - 1e-9) best = { p, cost: s.cost, basis: s.basis };
  }
  if (!best) return null;
  const basis = best.basis as DateRef | null;
  // A month or day without a year (news style: this year's), or a full date, pins the month; a month of an explicit
  // year ("in May 2021") or a bare year reads as background and only tells the year.
  const precision: Inference['precision'] = basis && basis.m !== null && (basis.y === null || basis.d !== null) ? 'month' : 'year';
  return { day: best.p, precision, basis };
}
