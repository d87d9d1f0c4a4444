import type { TimeValue } from '../model/time.js';

const day = (y: number, m: number, d: number): string => new Date(Date.UTC(y, m - 1, d)).toISOString().slice(0, 10);

const intervals = new Map<string, [string, string] | null>();

/** A date value's first and last day (yyyy-mm-dd), whatever its precision; null for durations and sets. */
export function dateInterval(value: string | null | undefined): [string, string] | null {
  if (!value) return null;
  const hit = intervals.get(value);
  if (hit !== undefined) return hit;
  const computed = computeInterval(value);
  // Few distinct dates recur across a corpus: remembering them keeps merging cheap.
  if (intervals.size > 50_000) intervals.clear();
  intervals.set(value, computed);
  return computed;
}

function computeInterval(value: string): [string, string] | null {
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value))) return [day(+m[1]!, +m[2]!, +m[3]!), day(+m[1]!, +m[2]!, +m[3]!)];
  if ((m = /^(\d{4})-Q([1-4])$/.exec(value))) return [day(+m[1]!, 3 * +m[2]! - 2, 1), day(+m[1]!, 3 * +m[2]! + 1, 0)];
  if ((m = /^(\d{4})-W(\d{2})$/.exec(value))) {
    const jan4 = Date.UTC(+m[1]!, 0, 4);
    const monday = jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * 864e5 + (+m[2]! - 1) * 7 * 864e5;
    return [new Date(monday).toISOString().slice(0, 10), new Date(monday + 6 * 864e5).toISOString().slice(0, 10)];
  }
  if ((m = /^(\d{4})-(\d{2})$/.exec(value))) return [day(+m[1]!, +m[2]!, 1), day(+m[1]!, +m[2]! + 1, 0)];
  if ((m = /^(\d{4})$/.exec(value))) return [day(+m[1]!, 1, 1), day(+m[1]!, 12, 31)];
  return null;
}

/** The interval a time value covers, ranges included (`end` for event times, `until` for time mentions). */
export function timeInterval(t: (Pick<TimeValue, 'value'> & { end?: string | null; until?: string }) | null | undefined): [string, string] | null {
  if (!t) return null;
  const start = dateInterval(t.value);
  if (!start) return null;
  const endValue = t.end ?? t.until;
  const end = endValue ? dateInterval(endValue) : null;
  return [start[0], end ? end[1] : start[1]];
}

/** Precision-aware compatibility: "February 2022" is compatible with "February 17, 2022"; no time fits any. */
export function timesCompatible(a: Parameters<typeof timeInterval>[0], b: Parameters<typeof timeInterval>[0]): boolean {
  const x = timeInterval(a);
  const y = timeInterval(b);
  if (!x || !y) return true;
  return x[0] <= y[1] && y[0] <= x[1];
}

/** The middle of an interval, in milliseconds since the epoch. */
export const intervalMiddle = (i: [string, string]): number => (Date.parse(i[0]) + Date.parse(i[1])) / 2;

/** Days between the middles of two intervals. */
export function daysApart(a: [string, string], b: [string, string]): number {
  return Math.abs(intervalMiddle(a) - intervalMiddle(b)) / 864e5;
}

/** Width of an interval in days (a precision measure: smaller is more precise). */
export function intervalDays(i: [string, string]): number {
  return (Date.parse(i[1]) - Date.parse(i[0])) / 864e5 + 1;
}
