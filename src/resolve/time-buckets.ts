import { daysApart, timeInterval } from './time-intervals.js';
import type { TimeValue } from '../model/time.js';

/**
 * The time bucket of an event report: what keeps happenings, and the link components they are clustered in,
 * from growing with the store (docs/decisions.md, "Time buckets bound the link components").
 *
 * A report dated to within one calendar quarter ("on 17 February", "in March 2022") is in that quarter, by its
 * own time. Any other report (undated, dated by year or season-to-season, or across a quarter's end) is in the
 * quarter its document was published in: a standing situation ("Wagner operates in Mali") reported in April is
 * not, without more, the one reported two years later. A publication date known only to the year gives that
 * year as the bucket; with no publication date, the report's own year. A report with no time at all in a
 * document with no publication date has no bucket: nothing says when it was, so it links only within its
 * document (a wrong merge across documents is worse than a missed one, and one shared bucket would grow with
 * the store).
 */
export interface TimeBucket {
  /** "2022-Q1", "2022" (a year-precision publication or time) or "undated". */
  bucket: string;
  /** Whether the bucket comes from the report's own time (then it may link across buckets by its date). */
  ownTime: boolean;
}

export interface BucketedReport {
  documentId: string;
  time: TimeValue | null;
  published: TimeValue | null;
}

/** The bucket of reports with no time anchor at all: they link only within their document. */
export const UNDATED_BUCKET = 'undated';

/** Calendar quarter of an ISO day ("2022-02-17" → "2022-Q1"). */
export const quarterOf = (isoDay: string): string => `${isoDay.slice(0, 4)}-Q${Math.floor((Number(isoDay.slice(5, 7)) - 1) / 3) + 1}`;

const buckets = new WeakMap<BucketedReport, TimeBucket>();

export function timeBucket(report: BucketedReport): TimeBucket {
  let b = buckets.get(report);
  if (!b) buckets.set(report, (b = computeBucket(report)));
  return b;
}

function computeBucket(report: BucketedReport): TimeBucket {
  const own = timeInterval(report.time);
  if (own && quarterOf(own[0]) === quarterOf(own[1])) return { bucket: quarterOf(own[0]), ownTime: true };
  const published = timeInterval(report.published);
  if (published) {
    const q = quarterOf(published[0]);
    return { bucket: q === quarterOf(published[1]) ? q : published[0].slice(0, 4), ownTime: false };
  }
  return { bucket: own ? own[0].slice(0, 4) : UNDATED_BUCKET, ownTime: false };
}

/**
 * Whether two reports may be one happening as far as time buckets go: reports in one bucket (other than
 * "undated") may. Two reports of different documents in different buckets never are: dated within a quarter by
 * themselves, their times do not overlap, and dates in dispute link only within a quarter (`datesDisagree`).
 *
 * Reports of one document may also link when either has no bucket (it links only within its document); when one
 * is dated by itself to another quarter than the one the other has from the publication, only if that date is
 * within `RECENT_DAYS` of the publication (yesterday's attack, reported on the first of the month). An article recalling a
 * past event ("the coup of May 2021") reports it as a happening of its own time: linked to today's reports, it
 * bridged that quarter's happenings with today's, and a long story's reports grew into one component that every
 * new report of it clustered again.
 */
export function bucketsCompatible(a: BucketedReport, b: BucketedReport): boolean {
  const x = timeBucket(a);
  const y = timeBucket(b);
  if (x.bucket === y.bucket && x.bucket !== UNDATED_BUCKET) return true;
  if (a.documentId !== b.documentId) return false;
  if (x.bucket === UNDATED_BUCKET || y.bucket === UNDATED_BUCKET) return true;
  const [dated, other] = x.ownTime ? [a, b] : y.ownTime ? [b, a] : [null, null];
  // Neither dated by itself within a quarter: both buckets come from the publication (then equal, handled above)
  // or, with none, from their own years, and their times decide.
  if (!dated || !other) return true;
  const own = timeInterval(dated.time);
  const published = timeInterval(other.published);
  return !!own && !!published && daysApart(own, published) <= RECENT_DAYS;
}

/** How far a report's own date may be from its article's publication and still be the article's moment. */
export const RECENT_DAYS = 31;
