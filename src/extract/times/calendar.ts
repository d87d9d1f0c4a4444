/**
 * Calendar arithmetic on plain proleptic-Gregorian dates (UTC, no time zones), and the formatting of
 * the contract's ISO values. Everything here is pure and language-free.
 */
import type { TimePrecision } from '../../model/time.js';

/** A calendar point at some precision: fields finer than `precision` are absent. */
export interface CalPoint {
  year: number;
  month?: number;
  day?: number;
  precision: TimePrecision;
}

export const pad2 = (n: number): string => String(n).padStart(2, '0');
export const pad4 = (n: number): string => (n < 0 ? '-' + String(-n).padStart(4, '0') : String(n).padStart(4, '0'));

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Days since 1970-01-01 for a date. */
export function dayNumber(year: number, month: number, day: number): number {
  return Math.floor(Date.UTC(year, month - 1, day) / 864e5);
}

export function fromDayNumber(n: number): { year: number; month: number; day: number } {
  const d = new Date(n * 864e5);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** ISO weekday, 1 = Monday … 7 = Sunday. */
export function isoWeekday(year: number, month: number, day: number): number {
  const w = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return w === 0 ? 7 : w;
}

/** ISO 8601 week-numbering year and week of a date. */
export function isoWeek(year: number, month: number, day: number): { year: number; week: number } {
  const n = dayNumber(year, month, day);
  const thursday = n - isoWeekday(year, month, day) + 4;
  const t = fromDayNumber(thursday);
  const jan1 = dayNumber(t.year, 1, 1);
  return { year: t.year, week: Math.floor((thursday - jan1) / 7) + 1 };
}

/** Adds months to (year, month), returning a normalised pair. */
export function addMonths(year: number, month: number, delta: number): { year: number; month: number } {
  const idx = year * 12 + (month - 1) + delta;
  return { year: Math.floor(idx / 12), month: (((idx % 12) + 12) % 12) + 1 };
}

export function formatDay(year: number, month: number, day: number): string {
  return `${pad4(year)}-${pad2(month)}-${pad2(day)}`;
}

export function formatMonth(year: number, month: number): string {
  return `${pad4(year)}-${pad2(month)}`;
}

export function formatWeek(year: number, week: number): string {
  return `${pad4(year)}-W${pad2(week)}`;
}

export function formatQuarter(year: number, quarter: number): string {
  return `${pad4(year)}-Q${quarter}`;
}

/** The ISO value of a calendar point at its precision (day, month or year; coarser ones print the year). */
export function formatPoint(p: CalPoint): string {
  if (p.precision === 'day' && p.month && p.day) return formatDay(p.year, p.month, p.day);
  if (p.precision === 'month' && p.month) return formatMonth(p.year, p.month);
  if (p.precision === 'week' && p.month && p.day) {
    const w = isoWeek(p.year, p.month, p.day);
    return formatWeek(w.year, w.week);
  }
  if (p.precision === 'quarter' && p.month) return formatQuarter(p.year, Math.ceil(p.month / 3));
  return pad4(p.year);
}

/** Parses a contract time value (`2022`, `2022-05`, `2022-05-26`, `2022-W03`, `2022-Q4`, `2022-05-26T10:00`) into a point. */
export function parsePoint(value: string | null | undefined): CalPoint | null {
  if (!value) return null;
  let m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (m) return { year: +m[1], month: +m[2], day: +m[3], precision: 'day' };
  m = /^(\d{4})-W(\d{2})$/.exec(value);
  if (m) {
    // the Thursday of that ISO week stands for the week
    const jan4 = dayNumber(+m[1], 1, 4);
    const w = fromDayNumber(jan4);
    const monday = jan4 - (isoWeekday(w.year, w.month, w.day) - 1) + (+m[2] - 1) * 7;
    const t = fromDayNumber(monday + 3);
    return { year: t.year, month: t.month, day: t.day, precision: 'week' };
  }
  m = /^(\d{4})-Q([1-4])$/.exec(value);
  if (m) return { year: +m[1], month: (+m[2] - 1) * 3 + 1, precision: 'quarter' };
  m = /^(\d{4})-(\d{2})$/.exec(value);
  if (m) return { year: +m[1], month: +m[2], precision: 'month' };
  m = /^(\d{4})$/.exec(value);
  if (m) return { year: +m[1], precision: 'year' };
  return null;
}

const RANK: Record<TimePrecision, number> = {
  hour: 0, day: 1, week: 2, month: 3, quarter: 4, season: 5, year: 6, decade: 7, century: 8,
};

/** The coarser of two precisions. */
export function coarser(a: TimePrecision, b: TimePrecision): TimePrecision {
  return RANK[a] >= RANK[b] ? a : b;
}

export function finerOrEqual(a: TimePrecision, b: TimePrecision): boolean {
  return RANK[a] <= RANK[b];
}
