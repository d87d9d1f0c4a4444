/**
 * Time expressions: recognisers (parsers.ts) → refiners (refiners.ts) → anchoring (anchor.ts).
 * `extractTimes` gives the contract's mentions; `extractTimeDetails` also keeps what evaluation needs
 * (TIMEX3 values, range endpoints with their own spans, vague references such as "now").
 */
import type { TimeMention } from '../../model/analysis.js';
import type { Span, TextSpan } from '../../model/span.js';
import type { TimeValue } from '../../model/time.js';
import { anchorPoint, resolveSpec, type Resolved } from './anchor.js';
import type { CalPoint } from './calendar.js';
import { lexicon, type Lexicon } from './lexicon.js';
import { chooseLongest, collect, markDatelines, markSince, mergeRanges, widenApprox } from './refiners.js';
import type { Candidate, Tense } from './spec.js';

export interface TimeDetail extends TextSpan {
  /** The value; `time.end` is the closing value of a range. */
  time: Resolved;
  /** Which recogniser found it. */
  parser: string;
  /** For ranges and open ranges: the endpoints as the text writes them, each with its own span. */
  parts?: TimeDetail[];
}

export interface TimeOptions {
  /** Also report vague references ("now", "recently", "the future"); the analysis contract leaves them out. */
  vague?: boolean;
}

/** Longest stretch handed to the recognisers at once (texts are cut at sentence or paragraph ends). */
const CHUNK = 20_000;

/** Sentence spans when the caller has none: cut at line breaks and at . ! ? followed by a capital. */
export function roughSentences(text: string): Span[] {
  const out: Span[] = [];
  const re = /[^\n]+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const line = m[0];
    let s = 0;
    const cut = /[.!?]["”’)]*\s+(?=["“‘(]?[\p{Lu}\d])/gu;
    let c: RegExpExecArray | null;
    while ((c = cut.exec(line)) !== null) {
      const e = c.index + c[0].length;
      // "Jan. 5", "Col. Camara", "U.S. troops": short tokens before the stop are abbreviations
      if (/(?:^|\s)(?:[A-Z][a-z]{0,3}|[A-Z](?:\.[A-Z])*)$/.test(line.slice(Math.max(0, c.index - 6), c.index))) continue;
      out.push({ start: m.index + s, end: m.index + c.index + 1 });
      s = e;
    }
    if (s < line.length) out.push({ start: m.index + s, end: m.index + line.length });
  }
  return out;
}

function sentenceIndex(sentences: Span[], pos: number): number {
  let lo = 0;
  let hi = sentences.length - 1;
  let ans = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sentences[mid].start <= pos) {
      ans = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return ans;
}

const CLAUSE = /[,;:()—–]/;
const CLAUSE_MARKS = new Set([...',;:()—–'].map((ch) => ch.charCodeAt(0)));

/** The last clause mark of text[from, to) (-1 when none), as an offset from `from`. */
function lastClauseMark(text: string, from: number, to: number): number {
  for (let i = to - 1; i >= from; i--) if (CLAUSE_MARKS.has(text.charCodeAt(i))) return i - from;
  return -1;
}

/** The tense around an expression: its clause first, then its sentence; future cues win over past ones. */
function tenseAt(text: string, lex: Lexicon, sentence: Span | undefined, start: number, end: number): Tense {
  const s = sentence ?? { start: Math.max(0, start - 200), end: Math.min(text.length, end + 200) };
  const before = text.slice(s.start, start);
  const after = text.slice(end, s.end);
  // the last mark: what /[,;:()—–][^,;:()—–]*$/ finds
  const cb = lastClauseMark(text, s.start, Math.max(s.start, Math.min(start, text.length)));
  const ca = after.search(CLAUSE);
  const clause = (cb >= 0 ? before.slice(cb + 1) : before) + ' ' + (ca >= 0 ? after.slice(0, ca) : after);
  if (lex.tenseFuture.test(clause)) return 'future';
  if (lex.tensePast.test(clause)) return 'past';
  const whole = before + ' ' + after;
  const future = lex.tenseFuture.test(whole);
  const past = lex.tensePast.test(whole);
  return future && !past ? 'future' : past && !future ? 'past' : null;
}

/** Only yearless points and bare weekdays depend on tense. */
function needsTense(c: Candidate): boolean {
  const s = c.spec;
  if (s.t === 'weekday') return s.dir === null;
  if (s.t !== 'point') return false;
  return s.year === undefined && s.shortYear === undefined && s.decade === undefined && s.century === undefined && (s.dir === null || s.dir === undefined);
}

/** Candidates for the whole text, refined (overlaps, approximations, ranges, since, datelines). */
export function findCandidates(text: string, lex: Lexicon, sentences: Span[]): Candidate[] {
  let raw: Candidate[] = [];
  if (text.length <= CHUNK) raw = collect(text, lex);
  else {
    // chunk at sentence ends so that no expression is cut
    let from = 0;
    while (from < text.length) {
      let to = Math.min(text.length, from + CHUNK);
      if (to < text.length) {
        const i = sentenceIndex(sentences, to);
        const cut = i > 0 ? sentences[i].start : -1;
        to = cut > from ? cut : (text.lastIndexOf('\n', to) > from ? text.lastIndexOf('\n', to) : to);
      }
      raw.push(...collect(text, lex, from, to));
      from = to;
    }
  }
  let cands = chooseLongest(raw);
  widenApprox(cands, text);
  cands = mergeRanges(cands, text, lex);
  markSince(cands, text, lex);
  markDatelines(cands, text);
  return cands;
}

function detail(text: string, c: Candidate, r: Resolved, start = c.start, end = c.end): TimeDetail {
  return { start, end, text: text.slice(start, end), time: r, parser: c.parser };
}

const before = (a: CalPoint, b: CalPoint): boolean =>
  a.year !== b.year ? a.year < b.year : (a.month ?? 0) !== (b.month ?? 0) ? (a.month ?? 0) < (b.month ?? 0) : (a.day ?? 0) <= (b.day ?? 0);

/** Every time expression with its value and TIMEX3 form, anchored on `anchor`. */
export function extractTimeDetails(
  text: string, sentences: Span[], anchor: TimeValue | null, language: string, options: TimeOptions = {},
): TimeDetail[] {
  const lex = lexicon(language) ?? lexicon('en');
  if (!lex || !text) return [];
  const sents = sentences.length ? sentences : roughSentences(text);
  const cands = findCandidates(text, lex, sents);
  const docAnchor = anchorPoint(anchor);
  let local = docAnchor;
  let previous: CalPoint | null = null;
  const out: TimeDetail[] = [];
  for (const c of cands) {
    if (!options.vague && c.spec.t === 'ref') continue;
    const si = sentenceIndex(sents, c.start);
    const sentence = si >= 0 && sents[si].end >= c.start ? sents[si] : undefined;
    const tense = needsTense(c) ? tenseAt(text, lex, sentence, c.outerStart ?? c.start, c.rangeEnd?.end ?? c.end) : null;
    const ctx = { anchor: local, previous, tense };
    const r = resolveSpec(c.spec, ctx);
    if (c.rangeEnd) {
      const r2 = resolveSpec(c.rangeEnd.spec, { ...ctx, previous: r.point ?? previous });
      const start = c.outerStart ?? c.start;
      const end = Math.max(c.end, c.rangeEnd.end);
      const closing = r2.kind === 'range' ? r2.end ?? r2.value : r2.value;
      const time: Resolved = { ...r, kind: 'range', end: closing, value: closing === null ? null : r.value };
      const parts = c.rangeEnd.start === c.start ? [detail(text, c, r)] : [detail(text, c, r), detail(text, c.rangeEnd, r2)];
      out.push({ ...detail(text, c, time, start, end), parts });
      previous = r2.point ?? r.point ?? previous;
      continue;
    }
    if (c.openRange) {
      const start = c.outerStart ?? c.start;
      const time: Resolved = { ...r, kind: 'range', end: r.value !== null && anchor ? anchor.value : null };
      out.push({ ...detail(text, c, time, start, c.end), parts: [detail(text, c, r)] });
      if (r.point) previous = r.point;
      continue;
    }
    const d = detail(text, c, c.approx ? { ...r, approx: true } : r);
    out.push(d);
    if (r.point && (r.kind === 'date' || r.kind === 'range') && c.spec.t !== 'ref') previous = r.point;
    if (c.dateline && r.point && r.point.day !== undefined && (!docAnchor || before(r.point, docAnchor))) local = r.point;
  }
  return out;
}

/**
 * A time mention as emitted: span offsets plus a time value. The contract's `TimeMention` (TextSpan & TimeValue)
 * gives `end` two meanings (span offset and range end), so a range's closing value travels as `until` here.
 */
export type TimeMentionOut = TimeMention;

/** The analysis contract's time mentions: every expression with a computable value. */
export function extractTimes(text: string, sentences: Span[], anchor: TimeValue | null, language: string): TimeMentionOut[] {
  const out: TimeMentionOut[] = [];
  for (const d of extractTimeDetails(text, sentences, anchor, language)) {
    const t = d.time;
    if (t.value === null) continue;
    const m: TimeMentionOut = { start: d.start, end: d.end, text: d.text, value: t.value, precision: t.precision, kind: t.kind };
    if (t.end !== undefined && t.end !== null) m.until = t.end;
    if (t.approx) m.approx = true;
    if (t.anchored) {
      m.anchored = true;
      if (anchor?.inferred) m.inferred = true;
    }
    out.push(m);
  }
  return out;
}

/** A mention's time value in the contract's own form (`end` = closing value of a range). */
export function mentionValue(m: TimeMentionOut): TimeValue {
  const { start: _s, end: _e, text: _t, until, ...rest } = m;
  return until !== undefined ? { ...rest, end: until } : rest;
}

/**
 * Anchors one expression ("last November 11", "two weeks ago", "the summer") on a date: the helper for
 * stages that meet a single expression (publication-date inference, event times). Null when none is read.
 */
export function resolveTimeExpression(expression: string, anchor: TimeValue | null, language = 'en'): TimeValue | null {
  const hits = extractTimes(expression, [], anchor, language);
  if (!hits.length) return null;
  const best = hits.reduce((a, b) => (b.end - b.start > a.end - a.start ? b : a));
  return mentionValue(best);
}
