/** Day arithmetic on UTC day numbers (days since 1970-01-01). */

export const dayNum = (y: number, m: number, d: number): number => Date.UTC(y, m - 1, d) / 864e5;

export function fromDayNum(n: number): { y: number; m: number; d: number } {
  const dt = new Date(n * 864e5);
  return { y: dt.getUTCFullYear(), m: dt.getUTCMonth() + 1, d: dt.getUTCDate() };
}

export const monthEnd = (y: number, m: number): number => new Date(Date.UTC(y, m, 0)).getUTCDate();

export const validDay = (y: number, m: number, d: number): boolean =>
  Number.isInteger(y) && m >= 1 && m <= 12 && d >= 1 && d <= monthEnd(y, m);

const pad = (n: number): string => String(n).padStart(2, '0');
export const isoDay = (y: number, m: number, d: number): string => `${y}-${pad(m)}-${pad(d)}`;
export const isoMonth = (y: number, m: number): string => `${y}-${pad(m)}`;

/** Distance in days from a day to an interval (0 inside). */
export const distance = (p: number, s: number, e: number): number => (p < s ? s - p : p > e ? p - e : 0);
