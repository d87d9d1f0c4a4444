/**
 * What a recogniser reads in a match, before anchoring: the meaning of the expression, not yet its value.
 * Recognisers build these; the resolver (see resolve.ts / anchor.ts) turns them into contract time values.
 */
import type { TimePrecision } from '../../model/time.js';

/** Calendar units as in ISO 8601 / TimeML periods (DE decade, CE century, Q quarter, MIN minute). */
export type Unit = 'CE' | 'DE' | 'Y' | 'Q' | 'M' | 'W' | 'D' | 'H' | 'MIN' | 'S';
export type Season = 'SP' | 'SU' | 'FA' | 'WI';
/** Direction given by the text: -1 "last", 0 "this", +1 "next"; null when unsaid. */
export type Direction = -1 | 0 | 1 | null;
export type Tense = 'past' | 'future' | null;
/** A sub-period modifier: early / mid / late (TimeML mod START, MID, END). */
export type Part = 'START' | 'MID' | 'END';

export type TimeSpec =
  /** A calendar point or named period: "May 18", "last November 11", "2012", "the 1990s", "Q3", "the summer". */
  | {
      t: 'point';
      year?: number;
      /** A two-digit year ("'98") to be completed from the anchor. */
      shortYear?: number;
      month?: number;
      day?: number;
      quarter?: number;
      half?: number;
      season?: Season;
      decade?: number;
      century?: number;
      dir?: Direction;
      part?: Part;
    }
  /** `n` units from the anchor or from the date just mentioned, read at `grain`: "yesterday", "two weeks ago", "A month later". */
  | { t: 'shift'; unit: Unit; n: number; from: 'anchor' | 'previous'; grain: TimePrecision }
  /** A weekday, placed by direction or tense: "Friday", "last Tuesday". */
  | { t: 'weekday'; weekday: number; dir: Direction }
  /** A period: "nine-year", "for decades" (n null = unknown amount). */
  | { t: 'duration'; n: number | null; unit: Unit }
  /** A recurrence: "every day", "€1bn a year", "every Monday". */
  | { t: 'set'; n: number; unit: Unit; weekday?: number }
  /** A vague deictic reference: "now" (PRESENT), "recently" (PAST), "the future" (FUTURE). */
  | { t: 'ref'; ref: 'PRESENT' | 'PAST' | 'FUTURE' }
  /** A time expression whose value cannot be computed from the text. */
  | { t: 'none' };

/** One recogniser hit, before refining. */
export interface Candidate {
  start: number;
  end: number;
  spec: TimeSpec;
  /** Name of the recogniser that produced it (for debugging and tie-breaking). */
  parser: string;
  /** Higher wins among overlapping candidates of the same length. */
  priority: number;
  approx?: boolean;
  /** The range this candidate closes ("from 2012 to 2014"): filled by the range refiner. */
  rangeEnd?: Candidate;
  /** Start of the whole phrase when a signal word belongs to it ("from … to …", "since …"). */
  outerStart?: number;
  /** "since 2015": a range running to the anchor. */
  openRange?: boolean;
  /** A dateline ("UPDATE, JUNE 2:") that re-anchors what follows. */
  dateline?: boolean;
}
