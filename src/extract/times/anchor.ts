/**
 * Anchoring: turns a TimeSpec (what the text says) into a contract time value, given the anchor (the
 * publication date, or a dateline that re-anchors part of the text), the date mentioned just before (for
 * "Eleven days later") and the tense around the expression (for yearless dates: "December 12" in a past-tense
 * sentence of a May article is last December). Exported for reuse (publication-date inference, events).
 */
import type { TimePrecision, TimeValue } from '../../model/time.js';
import {
  addMonths, coarser, dayNumber, formatDay, formatMonth, formatPoint, formatQuarter, fromDayNumber, isoWeek,
  isoWeekday, pad4, parsePoint, formatWeek, type CalPoint,
} from './calendar.js';
import type { Direction, Season, Tense, TimeSpec, Unit } from './spec.js';

/** A resolved time: a contract value (null when not computable), plus its TIMEX3 form for evaluation. */
export interface Resolved {
  value: string | null;
  precision: TimePrecision;
  kind: TimeValue['kind'];
  end?: string | null;
  anchored?: boolean;
  approx?: boolean;
  /** TIMEX3 value (`1998-SU`, `199`, `PRESENT_REF`, `XXXX-WXX-1`, `P1Q`…). */
  timex: string | null;
  /** The calendar point this expression names, for later relative expressions to chain on. */
  point?: CalPoint;
}

export interface AnchorContext {
  /** The deictic anchor: publication date (or the last dateline). */
  anchor: CalPoint | null;
  /** The date mentioned most recently before this expression. */
  previous: CalPoint | null;
  tense: Tense;
}

/** A contract time value as a calendar point (null for periods, sets, or a missing anchor). */
export function toPoint(v: TimeValue | null | undefined): CalPoint | null {
  if (!v || v.kind === 'duration' || v.kind === 'set') return null;
  if (v.precision === 'decade' || v.precision === 'century') {
    const y = parseInt(v.value, 10);
    return Number.isFinite(y) ? { year: y, precision: 'year' } : null;
  }
  return parsePoint(v.value);
}

const cmp = (a: number, b: number): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The year of a yearless month (and day) mentioned in a text anchored at `anchor`: "last November 11" is the
 * latest before the anchor, "next May" the first after; otherwise the anchor's year, moved back a year when a
 * past-tense sentence names a later month ("December 12" in May), forward when a future-tense one names an
 * earlier month ("will be held in February" in November).
 */
export function placeYear(month: number, day: number | undefined, anchor: CalPoint, tense: Tense, dir: Direction): number {
  if (!anchor.month) return anchor.year;
  let c = cmp(month, anchor.month);
  if (c === 0 && day !== undefined && anchor.day !== undefined && dir !== null) c = cmp(day, anchor.day);
  if (dir === -1) return c < 0 ? anchor.year : anchor.year - 1;
  if (dir === 1) return c > 0 ? anchor.year : anchor.year + 1;
  if (dir === 0) return anchor.year;
  if (tense === 'past' && c > 0) return anchor.year - 1;
  if (tense === 'future' && c < 0) return anchor.year + 1;
  return anchor.year;
}

const SEASON_START: Record<Season, number> = { SP: 3, SU: 6, FA: 9, WI: 12 };

function seasonYear(s: Season, anchor: CalPoint, tense: Tense, dir: Direction): number {
  const start = SEASON_START[s];
  if (!anchor.month) return anchor.year + (dir ?? 0);
  const a = anchor.year * 12 + anchor.month;
  // the season of year y runs over months [y*12+start, y*12+start+2]
  const current = (y: number) => y * 12 + start <= a && a <= y * 12 + start + 2;
  const y0 = s === 'WI' && anchor.month <= 2 ? anchor.year - 1 : anchor.year;
  if (dir === -1) {
    let y = anchor.year;
    while (y * 12 + start + 2 >= a) y--;
    return y;
  }
  if (dir === 1) {
    let y = anchor.year - 1;
    while (y * 12 + start <= a) y++;
    return y;
  }
  if (dir === 0 || current(y0)) return y0;
  if (tense === 'past' && y0 * 12 + start > a) return y0 - 1;
  return y0;
}

export const UNIT_PRECISION: Record<Unit, TimePrecision> = {
  CE: 'century', DE: 'decade', Y: 'year', Q: 'quarter', M: 'month', W: 'week', D: 'day', H: 'hour', MIN: 'hour', S: 'hour',
};

const num = (n: number | null): string => (n === null ? 'X' : String(Math.round(n * 1000) / 1000));

/** A period in the contract's form: `P9Y`, `P18M`, `PT72H`, `PXY`; quarters become months. */
export function periodValue(n: number | null, unit: Unit): string {
  switch (unit) {
    case 'DE': return n === null ? 'PXDE' : `P${num(10 * n)}Y`;
    case 'CE': return n === null ? 'PXCE' : `P${num(100 * n)}Y`;
    case 'Q': return `P${n === null ? 'X' : num(3 * n)}M`;
    case 'H': return `PT${num(n)}H`;
    case 'MIN': return `PT${num(n)}M`;
    case 'S': return `PT${num(n)}S`;
    default: return `P${num(n)}${unit}`;
  }
}

/** The same period as TIMEX3 writes it (`P1Q`, `PT30M`). */
export function periodTimex(n: number | null, unit: Unit): string {
  if (unit === 'Q') return `P${num(n)}Q`;
  return periodValue(n, unit);
}

function pointValue(p: CalPoint): string {
  return formatPoint(p);
}

/** Moves a point by n units, read at `grain` (or coarser when the origin is coarser). */
export function shiftPoint(from: CalPoint, unit: Unit, n: number, grain: TimePrecision): { point: CalPoint; approx: boolean } {
  let approx = false;
  const hasDay = from.day !== undefined && from.month !== undefined;
  const hasMonth = from.month !== undefined;
  let precision = grain;
  const days = unit === 'D' ? n : unit === 'W' ? 7 * n : unit === 'H' || unit === 'MIN' || unit === 'S' ? 0 : null;
  if (days !== null) {
    if (hasDay) {
      const d = fromDayNumber(dayNumber(from.year, from.month!, from.day!) + Math.round(days));
      return { point: { ...d, precision: grain === 'week' ? 'week' : 'day' }, approx };
    }
    approx = true;
    if (hasMonth && Math.abs(days) >= 28) {
      const mm = addMonths(from.year, from.month!, Math.round(days / 30.4));
      return { point: { year: mm.year, month: mm.month, precision: 'month' }, approx };
    }
    return { point: { ...from }, approx };
  }
  if (unit === 'M' || unit === 'Q') {
    const months = unit === 'M' ? n : 3 * n;
    if (hasMonth) {
      const mm = addMonths(from.year, from.month!, months);
      precision = unit === 'Q' ? 'quarter' : coarser(grain, 'month');
      if (unit === 'Q') mm.month = Math.floor((mm.month - 1) / 3) * 3 + 1;
      return { point: { year: mm.year, month: mm.month, precision }, approx };
    }
    return { point: { year: from.year + Math.round(months / 12), precision: 'year' }, approx: true };
  }
  const years = unit === 'Y' ? n : unit === 'DE' ? 10 * n : 100 * n;
  if (grain === 'decade') return { point: { year: Math.floor(from.year / 10) * 10 + years, precision: 'decade' }, approx };
  if (grain === 'century') return { point: { year: Math.floor(from.year / 100) * 100 + years, precision: 'century' }, approx };
  if (grain === 'quarter' && hasMonth) {
    return { point: { year: from.year + years, month: Math.floor((from.month! - 1) / 3) * 3 + 1, precision: 'quarter' }, approx };
  }
  return { point: { year: from.year + years, precision: 'year' }, approx };
}

function timexOfPoint(p: CalPoint): string {
  if (p.precision === 'decade') return pad4(p.year).slice(0, 3);
  if (p.precision === 'century') return pad4(p.year).slice(0, 2);
  return pointValue(p);
}

function resolvedPoint(p: CalPoint, anchored: boolean, approx = false): Resolved {
  const value = p.precision === 'decade' || p.precision === 'century' ? pad4(p.year) : pointValue(p);
  const r: Resolved = { value, precision: p.precision, kind: 'date', timex: timexOfPoint(p), point: p };
  if (anchored) r.anchored = true;
  if (approx) r.approx = true;
  return r;
}

/** Resolves what a recogniser read into a time value. */
export function resolveSpec(spec: TimeSpec, ctx: AnchorContext): Resolved {
  const { anchor } = ctx;
  switch (spec.t) {
    case 'point': {
      if (spec.century !== undefined) return resolvedPoint({ year: (spec.century - 1) * 100, precision: 'century' }, false);
      if (spec.decade !== undefined) return resolvedPoint({ year: spec.decade, precision: 'decade' }, false);
      let year = spec.year;
      let anchored = false;
      if (year === undefined && spec.shortYear !== undefined) {
        const pivot = anchor ? (anchor.year % 100) + 10 : 30;
        year = (spec.shortYear <= pivot ? 2000 : 1900) + spec.shortYear;
      }
      if (spec.season) {
        if (year === undefined) {
          if (!anchor) return { value: null, precision: 'season', kind: 'range', timex: `XXXX-${spec.season}` };
          year = seasonYear(spec.season, anchor, ctx.tense, spec.dir ?? null);
          anchored = true;
        }
        const s = SEASON_START[spec.season];
        const e = addMonths(year, s, 2);
        const r: Resolved = {
          value: formatMonth(year, s), end: formatMonth(e.year, e.month), precision: 'season', kind: 'range',
          timex: `${pad4(year)}-${spec.season}`, point: { year, month: s, precision: 'month' },
        };
        if (anchored) r.anchored = true;
        return r;
      }
      if (spec.half) {
        if (year === undefined) {
          if (!anchor) return { value: null, precision: 'month', kind: 'range', timex: `XXXX-H${spec.half}` };
          year = anchor.year + (spec.dir ?? 0);
          anchored = true;
        }
        const s = spec.half === 1 ? 1 : 7;
        const r: Resolved = {
          value: formatMonth(year, s), end: formatMonth(year, s + 5), precision: 'month', kind: 'range',
          timex: `${pad4(year)}-H${spec.half}`, point: { year, month: s, precision: 'month' },
        };
        if (anchored) r.anchored = true;
        return r;
      }
      if (spec.quarter) {
        const firstMonth = (spec.quarter - 1) * 3 + 1;
        if (year === undefined) {
          if (!anchor) return { value: null, precision: 'quarter', kind: 'date', timex: `XXXX-Q${spec.quarter}` };
          year = spec.dir !== undefined && spec.dir !== null ? anchor.year + spec.dir : placeYear(firstMonth, undefined, anchor, ctx.tense, null);
          anchored = true;
        }
        const p: CalPoint = { year, month: firstMonth, precision: 'quarter' };
        return { value: formatQuarter(year, spec.quarter), precision: 'quarter', kind: 'date', timex: formatQuarter(year, spec.quarter), point: p, ...(anchored ? { anchored } : {}) };
      }
      if (spec.month === undefined) {
        if (year === undefined) return { value: null, precision: 'year', kind: 'date', timex: null };
        return resolvedPoint({ year, precision: 'year' }, false);
      }
      if (year === undefined) {
        if (!anchor) {
          const t = spec.day ? `XXXX-${String(spec.month).padStart(2, '0')}-${String(spec.day).padStart(2, '0')}` : `XXXX-${String(spec.month).padStart(2, '0')}`;
          return { value: null, precision: spec.day ? 'day' : 'month', kind: 'date', timex: t };
        }
        year = placeYear(spec.month, spec.day, anchor, ctx.tense, spec.dir ?? null);
        anchored = true;
      }
      const p: CalPoint = spec.day ? { year, month: spec.month, day: spec.day, precision: 'day' } : { year, month: spec.month, precision: 'month' };
      return resolvedPoint(p, anchored);
    }
    case 'shift': {
      const from = spec.from === 'previous' ? ctx.previous ?? anchor : anchor;
      if (!from) return { value: null, precision: spec.grain, kind: 'date', timex: null, anchored: true };
      const { point, approx } = shiftPoint(from, spec.unit, spec.n, spec.grain);
      return resolvedPoint(point, true, approx);
    }
    case 'weekday': {
      if (!anchor) return { value: null, precision: 'day', kind: 'date', timex: 'XXXX-WXX-' + spec.weekday, anchored: true };
      if (anchor.day === undefined || anchor.month === undefined) return resolvedPoint({ ...anchor }, true, true);
      const a = dayNumber(anchor.year, anchor.month, anchor.day);
      const wa = isoWeekday(anchor.year, anchor.month, anchor.day);
      const back = (wa - spec.weekday + 7) % 7;
      const fwd = (spec.weekday - wa + 7) % 7;
      let n: number;
      if (spec.dir === -1) n = a - (back || 7);
      else if (spec.dir === 1) n = a + (fwd || 7);
      else if (spec.dir === 0) n = a + (spec.weekday - wa);
      else n = ctx.tense === 'future' ? a + fwd : a - back;
      const d = fromDayNumber(n);
      return resolvedPoint({ ...d, precision: 'day' }, true);
    }
    case 'duration':
      return { value: periodValue(spec.n, spec.unit), precision: UNIT_PRECISION[spec.unit], kind: 'duration', timex: periodTimex(spec.n, spec.unit) };
    case 'set':
      if (spec.weekday) return { value: 'P1W', precision: 'day', kind: 'set', timex: `XXXX-WXX-${spec.weekday}` };
      return { value: periodValue(spec.n, spec.unit), precision: UNIT_PRECISION[spec.unit], kind: 'set', timex: periodTimex(spec.n, spec.unit) };
    case 'ref': {
      const timex = `${spec.ref}_REF`;
      if (spec.ref === 'PRESENT' && anchor) return { ...resolvedPoint(anchor, true), timex };
      return { value: null, precision: 'day', kind: 'date', timex, anchored: true };
    }
    default:
      return { value: null, precision: 'day', kind: 'date', timex: null };
  }
}

/** The anchor of a document from its publication date (null when unknown). */
export function anchorPoint(published: TimeValue | null | undefined): CalPoint | null {
  return toPoint(published);
}

export { formatDay, formatWeek, isoWeek };
