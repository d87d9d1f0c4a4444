/** Day arithmetic on UTC day numbers (days since 1970-01-01). */

export const dayNum = (y: number, m: number, d: number): number => Date.UTC(y, m - 1, d) / 864e5;

export function fromDayNum(n: number): { y: number; m: number; d: number } {
  const dt = new Date(n * 864e5);
  return { y: dt.getUTCFullYear(), m: dt.getUTCMonth() + 1, d: dt.getUTCDate() };
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The number of days of month m (1..12) of year y, as the Gregorian calendar of `Date` counts them. */
export function monthEnd(y: number, m: number): number {
  // Integer years from 100 on and real months need no Date object (it is made once per candidate day and reference);
  // anything else, years 0–99 included (which `Date.UTC` reads as 1900–1999), goes through `Date`.
  if (Number.isInteger(y) && y >= 100 && y <= 200_000 && Number.isInteger(m) && m >= 1 && m <= 12) {
    if (m !== 2) return MONTH_DAYS[m - 1]!;
    return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  }
  return monthEndByDate(y, m);
}

/** The definition `monthEnd` follows. */
export const monthEndByDate = (y: number, m: number): number => new Date(Date.UTC(y, m, 0)).getUTCDate();

export const validDay = (y: number, m: number, d: number): boolean =>
  Number.isInteger(y) && m >= 1 && m <= 12 && d >= 1 && d <= monthEnd(y, m);

const pad = (n: number): string => String(n).padStart(2, '0');
export const isoDay = (y: number, m: number, d: number): string => `${y}-${pad(m)}-${pad(d)}`;
export const isoMonth = (y: number, m: number): string => `${y}-${pad(m)}`;

/** Distance in days from a day to an interval (0 inside). */
export const distance = (p: number, s: number, e: number): number => (p < s ? s - p : p > e ? p - e : 0);
