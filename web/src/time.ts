import type { TimeValue } from './api.js';

const DAY = 86_400_000;

/** Start (inclusive) and end (exclusive) in ms UTC of one ISO value at its precision, or null. */
export function isoInterval(value: string): [number, number] | null {
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2})/.exec(value))) {
    const t = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4]);
    return [t, t + 3_600_000];
  }
  if ((m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value))) {
    const t = Date.UTC(+m[1], +m[2] - 1, +m[3]);
    return [t, t + DAY];
  }
  if ((m = /^(\d{4})-W(\d{2})$/.exec(value))) {
    // ISO week: the week with Jan 4th is week 1.
    const jan4 = Date.UTC(+m[1], 0, 4);
    const dow = (new Date(jan4).getUTCDay() + 6) % 7;
    const t = jan4 - dow * DAY + (+m[2] - 1) * 7 * DAY;
    return [t, t + 7 * DAY];
  }
  if ((m = /^(\d{4})-Q([1-4])$/.exec(value))) {
    const q = +m[2] - 1;
    return [Date.UTC(+m[1], q * 3, 1), Date.UTC(+m[1], q * 3 + 3, 1)];
  }
  if ((m = /^(\d{4})-(SP|SU|FA|AU|WI)$/.exec(value))) {
    const start = { SP: 2, SU: 5, FA: 8, AU: 8, WI: 11 }[m[2] as 'SP'] ?? 0;
    return [Date.UTC(+m[1], start, 1), Date.UTC(+m[1], start + 3, 1)];
  }
  if ((m = /^(\d{4})-(\d{2})$/.exec(value))) return [Date.UTC(+m[1], +m[2] - 1, 1), Date.UTC(+m[1], +m[2], 1)];
  if ((m = /^(\d{4})$/.exec(value))) return [Date.UTC(+m[1], 0, 1), Date.UTC(+m[1] + 1, 0, 1)];
  if ((m = /^(\d{3})X$/.exec(value))) return [Date.UTC(+m[1] * 10, 0, 1), Date.UTC(+m[1] * 10 + 10, 0, 1)];
  if ((m = /^(\d{2})XX$/.exec(value))) return [Date.UTC(+m[1] * 100, 0, 1), Date.UTC(+m[1] * 100 + 100, 0, 1)];
  return null;
}

/** The span a time value covers: a month-precision date spans its month, a range spans start to end. */
export function timeInterval(t: TimeValue | null | undefined): [number, number] | null {
  if (!t || t.kind === 'duration' || t.kind === 'set') return null;
  const a = isoInterval(t.value);
  if (!a) return null;
  if (t.end) {
    const b = isoInterval(t.end);
    if (b && b[1] > a[0]) return [a[0], b[1]];
  }
  return a;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A time value as an analyst reads it, keeping its precision: "12 Mar 2022", "Mar 2022", "2022", "2022 Q1". */
export function formatIso(value: string): string {
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):?(\d{2})?)?/.exec(value))) {
    const d = `${+m[3]} ${MONTHS[+m[2] - 1] ?? m[2]} ${m[1]}`;
    return m[4] ? `${d} ${m[4]}:${m[5] ?? '00'}` : d;
  }
  if ((m = /^(\d{4})-(\d{2})$/.exec(value))) return `${MONTHS[+m[2] - 1] ?? m[2]} ${m[1]}`;
  if ((m = /^(\d{4})-W(\d{2})$/.exec(value))) return `week ${+m[2]} of ${m[1]}`;
  if ((m = /^(\d{4})-Q([1-4])$/.exec(value))) return `Q${m[2]} ${m[1]}`;
  if ((m = /^(\d{3})X$/.exec(value))) return `${m[1]}0s`;
  return value;
}

export function formatTime(t: TimeValue | null | undefined): string {
  if (!t) return 'undated';
  if (t.kind === 'duration') return `for ${t.value}`;
  let s = formatIso(t.value);
  if (t.end && t.end !== t.value) s += ` – ${formatIso(t.end)}`;
  if (t.approx) s = `c. ${s}`;
  return s;
}

/** Short precision note shown next to a date ("month precision, inferred"). */
export function precisionNote(t: TimeValue | null | undefined): string {
  if (!t) return '';
  const bits: string[] = [`${t.precision} precision`];
  if (t.kind === 'range') bits.push('range');
  if (t.inferred) bits.push('inferred from context');
  if (t.anchored) bits.push('relative date resolved');
  return bits.join(', ');
}

export function sortKey(t: TimeValue | null | undefined): number {
  return timeInterval(t)?.[0] ?? Number.POSITIVE_INFINITY;
}

/** Parses a period bound typed by the analyst (YYYY, YYYY-MM, YYYY-MM-DD); null when invalid. */
export function validPeriod(v: string): boolean {
  return /^\d{4}(-\d{2}(-\d{2})?)?$/.test(v.trim());
}

export function yearOf(ms: number): number {
  return new Date(ms).getUTCFullYear();
}

export { DAY, MONTHS };
