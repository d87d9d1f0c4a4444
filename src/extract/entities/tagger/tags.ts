/**
 * Entity types, the BILOU tag set the tagger decodes over, and conversions between token spans and tag
 * sequences (IOB1 as in the CoNLL-2003 files, BILOU as used by the model).
 */

export const NER_TYPES = ['PER', 'ORG', 'LOC', 'MISC'] as const;
export type NerType = (typeof NER_TYPES)[number];

/** An entity span over token indices, `end` exclusive. */
export interface TokenSpan {
  start: number;
  end: number;
  type: NerType;
}

const isNerType = (t: string): t is NerType => (NER_TYPES as readonly string[]).includes(t);

/**
 * Spans of an IOB1 (or IOB2) label sequence, read as conlleval does: a chunk starts at `B-X`, or at `I-X` when the
 * previous label is not of type X; it continues over the following `I-X`. Unknown types are skipped.
 */
export function iobToSpans(labels: readonly string[]): TokenSpan[] {
  const spans: TokenSpan[] = [];
  let open: TokenSpan | null = null;
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i];
    const prefix = label.length > 2 && label[1] === '-' ? label[0] : '';
    const type = prefix ? label.slice(2) : '';
    const continues = open !== null && prefix === 'I' && open.type === type;
    if (continues) {
      open!.end = i + 1;
      continue;
    }
    open = null;
    if ((prefix === 'B' || prefix === 'I') && isNerType(type)) {
      open = { start: i, end: i + 1, type };
      spans.push(open);
    }
  }
  return spans;
}

/** BILOU tags for `n` tokens holding the given (non-overlapping) spans. */
export function spansToBilou(n: number, spans: readonly TokenSpan[]): string[] {
  const tags = new Array<string>(n).fill('O');
  for (const s of spans) {
    if (s.end - s.start === 1) {
      tags[s.start] = `U-${s.type}`;
      continue;
    }
    tags[s.start] = `B-${s.type}`;
    for (let i = s.start + 1; i < s.end - 1; i++) tags[i] = `I-${s.type}`;
    tags[s.end - 1] = `L-${s.type}`;
  }
  return tags;
}

/** Spans of a BILOU sequence; tolerant of ill-formed sequences (a stray I/L opens a span, a B without L closes at the type change). */
export function bilouToSpans(tags: readonly string[]): TokenSpan[] {
  const spans: TokenSpan[] = [];
  let open: TokenSpan | null = null;
  for (let i = 0; i < tags.length; i++) {
    const tag = tags[i];
    const prefix = tag === 'O' ? 'O' : tag[0];
    const type = tag.slice(2);
    if (open && (prefix === 'I' || prefix === 'L') && open.type === type) {
      open.end = i + 1;
      if (prefix === 'L') open = null;
      continue;
    }
    open = null;
    if (prefix === 'O' || !isNerType(type)) continue;
    const span: TokenSpan = { start: i, end: i + 1, type };
    spans.push(span);
    if (prefix === 'B' || prefix === 'I') open = span;
  }
  return spans;
}

/** The tag inventory and the BILOU transition constraints the decoder enforces. */
export interface TagSet {
  tags: string[];
  /** allowed[prev * T + cur] = 1 when `cur` may follow `prev`. */
  allowed: Uint8Array;
  /** preds[t]: the tags allowed before t. */
  preds: Int32Array[];
  /** Tags a sentence may start with / end with. */
  startOk: Uint8Array;
  endOk: Uint8Array;
  /** Index of each tag by name. */
  id: Map<string, number>;
  /** Entity type of each tag (null for O), and its BILOU prefix. */
  typeOf: Array<NerType | null>;
  prefixOf: string[];
}

export function buildTagSet(types: readonly NerType[] = NER_TYPES): TagSet {
  const tags = ['O'];
  for (const t of types) for (const p of ['B', 'I', 'L', 'U']) tags.push(`${p}-${t}`);
  const T = tags.length;
  const typeOf = tags.map((t) => (t === 'O' ? null : (t.slice(2) as NerType)));
  const prefixOf = tags.map((t) => (t === 'O' ? 'O' : t[0]));
  const allowed = new Uint8Array(T * T);
  const startOk = new Uint8Array(T);
  const endOk = new Uint8Array(T);
  for (let a = 0; a < T; a++) {
    const pa = prefixOf[a];
    startOk[a] = pa === 'O' || pa === 'B' || pa === 'U' ? 1 : 0;
    endOk[a] = pa === 'O' || pa === 'L' || pa === 'U' ? 1 : 0;
    for (let b = 0; b < T; b++) {
      const pb = prefixOf[b];
      const inside = pa === 'B' || pa === 'I';
      const ok = inside ? (pb === 'I' || pb === 'L') && typeOf[a] === typeOf[b] : pb === 'O' || pb === 'B' || pb === 'U';
      allowed[a * T + b] = ok ? 1 : 0;
    }
  }
  const preds = tags.map((_, b) => Int32Array.from(tags.map((__, a) => a).filter((a) => allowed[a * T + b])));
  return { tags, allowed, preds, startOk, endOk, id: new Map(tags.map((t, i) => [t, i])), typeOf, prefixOf };
}
