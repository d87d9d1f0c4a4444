/** A normalized time value, as in the analysis contract (`sitrep.analysis/1`). */
export type TimePrecision =
  | 'hour' | 'day' | 'week' | 'month' | 'quarter' | 'season' | 'year' | 'decade' | 'century';

export type TimeKind = 'date' | 'range' | 'duration' | 'set';

export interface TimeValue {
  /** ISO 8601 at the known precision (`2022`, `2022-05`, `2022-05-26`, `2022-W03`, `2022-Q4`) or a period (`P9Y`). */
  value: string;
  precision: TimePrecision;
  kind: TimeKind;
  /** End of a range, same form as `value`. */
  end?: string | null;
  approx?: boolean;
  /** Deduced from the content rather than stated. */
  inferred?: boolean;
  /** A relative expression resolved against an anchor date. */
  anchored?: boolean;
}
