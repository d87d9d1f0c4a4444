/**
 * Literal prefilters for regular expressions. Most cue patterns can only match a string that holds one of a few
 * fixed words ("cookies", "subscribe", "year"): looking for those words with `String.prototype.includes` is far
 * cheaper than running a large case-insensitive alternation with lookbehinds at every position of every block.
 * A prefilter never changes an answer: it only says "cannot match" when the pattern, as parsed here, needs a
 * literal the string does not hold; anything it cannot reason about (back-references, unusual syntax) makes the
 * pattern unfiltered.
 */

/** The literals one of which every match of a pattern contains, as compared by `mayMatch`. */
export interface Prefilter {
  /** Null: no usable requirement, the pattern must always be run. */
  readonly literals: readonly string[] | null;
  /** The literals as one plain alternation (no flags): one scan of the text finds whether any is there. */
  readonly any: RegExp | null;
  /**
   * A few short strings one of which every literal holds (null: none worth testing). A text holding none of them
   * holds no literal, which `includes` tells faster than the alternation when the literals are many.
   */
  readonly gate: readonly string[] | null;
  /** Whether literals are lower-cased and compared against the lower-cased text. */
  readonly folded: boolean;
  /** The last text asked about and the answer (several patterns often share a prefilter and a text in a row). */
  lastText: string | null;
  lastAnswer: boolean;
}

const NONE: Prefilter = { literals: null, any: null, gate: null, folded: false, lastText: null, lastAnswer: true };
const shared = new Map<string, Prefilter>();
const escapeLiteral = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** Most strings an exact set may hold before it is given up (cross products grow fast). */
const EXACT_LIMIT = 64;

interface Info {
  /** Every string the node can match, when few (lower-cased when folding); null when unbounded or too many. */
  exact: Set<string> | null;
  /** Some string of this set is a substring of every match; null when there is no such set. */
  req: Set<string> | null;
}

const EMPTY: Info = { exact: new Set(['']), req: null };
const ANY: Info = { exact: null, req: null };

class Unsupported extends Error {}

/**
 * Characters that may stand as literals under case folding: printable ASCII, Latin-1 (but µ, which folds with
 * Greek mu) and general punctuation (U+2010–U+205F). Under the `iu` flags each of them matches only characters
 * whose `toLowerCase()` is its own lower case, with one exception, U+017F LATIN SMALL LETTER LONG S (matches `s`
 * and `S`); `mayMatch` gives up on strings holding it. (Checked over every code point; see the tests.)
 */
export function foldableLiteral(c: string): boolean {
  if (c.length !== 1) return false;
  const n = c.charCodeAt(0);
  return (n >= 0x20 && n <= 0x7e) || (n >= 0xa0 && n <= 0xff && n !== 0xb5) || (n >= 0x2010 && n <= 0x205f);
}

function score(set: Set<string>): number {
  let min = Infinity;
  for (const s of set) min = Math.min(min, s.length);
  // Longer shortest literal first; fewer literals break ties.
  return min * 1000 - set.size;
}

function better(a: Set<string> | null, b: Set<string> | null): Set<string> | null {
  if (!a || a.has('')) return b && !b.has('') ? b : null;
  if (!b || b.has('')) return a;
  return score(b) > score(a) ? b : a;
}

function cross(a: Set<string>, b: Set<string>): Set<string> | null {
  if (a.size * b.size > EXACT_LIMIT) return null;
  const out = new Set<string>();
  for (const x of a) for (const y of b) out.add(x + y);
  return out;
}

class Parser {
  private i = 0;
  constructor(
    private readonly src: string,
    private readonly fold: boolean,
  ) {}

  parse(): Info {
    const info = this.alternation();
    if (this.i !== this.src.length) throw new Unsupported('trailing');
    return info;
  }

  private peek(): string {
    return this.src[this.i] ?? '';
  }

  private alternation(): Info {
    const alts: Info[] = [this.sequence()];
    while (this.peek() === '|') {
      this.i++;
      alts.push(this.sequence());
    }
    if (alts.length === 1) return alts[0]!;
    let exact: Set<string> | null = new Set();
    let req: Set<string> | null = new Set();
    for (const a of alts) {
      if (exact && a.exact && exact.size + a.exact.size <= EXACT_LIMIT) for (const s of a.exact) exact.add(s);
      else exact = null;
      const r = better(a.req, a.exact);
      if (req && r) for (const s of r) req.add(s);
      else req = null;
    }
    return { exact, req };
  }

  private sequence(): Info {
    let run: Set<string> | null = new Set(['']);
    let best: Set<string> | null = null;
    let whole = true;
    while (this.i < this.src.length && this.peek() !== '|' && this.peek() !== ')') {
      const item = this.quantified(this.atom());
      best = better(best, item.req);
      if (run && item.exact) {
        const joined = cross(run, item.exact);
        if (joined) {
          run = joined;
          continue;
        }
      }
      best = better(best, run);
      run = item.exact ? new Set(item.exact) : null;
      whole = false;
    }
    best = better(best, run);
    return { exact: whole ? run : null, req: best };
  }

  private quantified(atom: Info): Info {
    const c = this.peek();
    let min: number;
    let max: number;
    if (c === '*') { min = 0; max = Infinity; this.i++; }
    else if (c === '+') { min = 1; max = Infinity; this.i++; }
    else if (c === '?') { min = 0; max = 1; this.i++; }
    else if (c === '{') {
      const m = /^\{(\d+)(?:(,)(\d*))?\}/.exec(this.src.slice(this.i));
      if (!m) throw new Unsupported('brace');
      min = Number(m[1]);
      max = m[2] ? (m[3] ? Number(m[3]) : Infinity) : min;
      this.i += m[0].length;
    } else return atom;
    if (this.peek() === '?') this.i++; // lazy: same strings
    if (min === 0) {
      if (max === 1 && atom.exact && atom.exact.size < EXACT_LIMIT) return { exact: new Set([...atom.exact, '']), req: null };
      return ANY;
    }
    let exact: Set<string> | null = null;
    if (min === max && atom.exact) {
      exact = new Set(['']);
      for (let k = 0; k < min && exact; k++) exact = cross(exact, atom.exact);
    }
    return { exact, req: better(atom.req, atom.exact) };
  }

  private atom(): Info {
    const c = this.peek();
    this.i++;
    switch (c) {
      case '^':
      case '$':
        return EMPTY;
      case '.':
        return ANY;
      case '[':
        return this.klass();
      case '(':
        return this.group();
      case '\\':
        return this.escape();
      case ')':
      case '|':
      case '*':
      case '+':
      case '?':
      case '{':
      case '}':
      case ']':
        throw new Unsupported(`syntax ${c}`);
      default: {
        // A surrogate pair is one character under the `u` flag.
        let ch = c;
        const n = c.charCodeAt(0);
        if (n >= 0xd800 && n <= 0xdbff && this.i < this.src.length) ch += this.src[this.i++];
        return this.literal(ch);
      }
    }
  }

  private literal(ch: string): Info {
    if (this.fold) {
      if (!foldableLiteral(ch)) return ANY;
      const low = ch.toLowerCase();
      return { exact: new Set([low]), req: new Set([low]) };
    }
    return { exact: new Set([ch]), req: new Set([ch]) };
  }

  private group(): Info {
    let zeroWidth = false;
    if (this.src.startsWith('?:', this.i)) this.i += 2;
    else if (this.src.startsWith('?=', this.i) || this.src.startsWith('?!', this.i)) { this.i += 2; zeroWidth = true; }
    else if (this.src.startsWith('?<=', this.i) || this.src.startsWith('?<!', this.i)) { this.i += 3; zeroWidth = true; }
    else if (this.src.startsWith('?<', this.i)) {
      const end = this.src.indexOf('>', this.i);
      if (end < 0) throw new Unsupported('group name');
      this.i = end + 1;
    } else if (this.peek() === '?') throw new Unsupported('group kind');
    const inner = this.alternation();
    if (this.peek() !== ')') throw new Unsupported('unclosed group');
    this.i++;
    return zeroWidth ? EMPTY : inner;
  }

  private klass(): Info {
    // A small class of plain characters ("[;:()]") is a set of one-character literals; any other is a wildcard.
    let negated = false;
    if (this.peek() === '^') { negated = true; this.i++; }
    const chars = new Set<string>();
    let plain = !negated;
    while (this.i < this.src.length && this.peek() !== ']') {
      let ch = this.peek();
      this.i++;
      if (ch === '\\') {
        ch = this.peek();
        this.i++;
        if (!/[\^$\\.*+?()[\]{}|/\-]/.test(ch)) plain = false;
        if (ch === 'p' || ch === 'P') {
          const end = this.src.indexOf('}', this.i);
          if (end < 0) throw new Unsupported('property');
          this.i = end + 1;
        }
      } else if (ch === '-' && chars.size > 0 && this.peek() !== ']') plain = false; // a range
      else {
        const n = ch.charCodeAt(0);
        if (n >= 0xd800 && n <= 0xdfff) plain = false;
      }
      if (plain) chars.add(ch);
    }
    if (this.peek() !== ']') throw new Unsupported('unclosed class');
    this.i++;
    if (!plain || chars.size === 0 || chars.size > 16) return ANY;
    const out = new Set<string>();
    for (const ch of chars) {
      if (this.fold && !foldableLiteral(ch)) return ANY;
      out.add(this.fold ? ch.toLowerCase() : ch);
    }
    return { exact: out, req: new Set(out) };
  }

  private escape(): Info {
    const c = this.peek();
    this.i++;
    if (c === 'b' || c === 'B') return EMPTY;
    if ('dDsSwW'.includes(c)) return ANY;
    if (c === 'p' || c === 'P') {
      if (this.peek() !== '{') throw new Unsupported('property');
      const end = this.src.indexOf('}', this.i);
      if (end < 0) throw new Unsupported('property');
      this.i = end + 1;
      return ANY;
    }
    if (c === 'n') return this.literal('\n');
    if (c === 't') return this.literal('\t');
    if (c === 'r') return this.literal('\r');
    if (c === 'f') return this.literal('\f');
    if (c === 'v') return this.literal('\v');
    if (c === '0' && !/\d/.test(this.src[this.i] ?? '')) return this.literal('\0');
    if (c === 'u' || c === 'x' || c === 'c' || c === 'k' || /\d/.test(c)) throw new Unsupported(`escape \\${c}`);
    if (/[\^$\\.*+?()[\]{}|/\-]/.test(c)) return this.literal(c);
    throw new Unsupported(`escape \\${c}`);
  }
}

/**
 * Walks a pattern source's structure: calls `visit(i, c, depth)` for every character outside escapes and
 * character classes, `depth` being the group nesting before it; stops when `visit` returns true. Returns the
 * index it stopped at, or -1.
 */
function walkStructure(src: string, visit: (i: number, c: string, depth: number) => boolean): number {
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (c === '\\') { i++; continue; }
    if (inClass) { if (c === ']') inClass = false; continue; }
    if (c === '[') inClass = true;
    else if (visit(i, c, depth)) return i;
    if (c === '(') depth++;
    else if (c === ')') depth--;
  }
  return -1;
}

/** The top-level alternatives of a pattern source (a `|` inside a group or a class does not split). */
export function topLevelAlternatives(src: string): string[] {
  const out: string[] = [];
  let from = 0;
  walkStructure(src, (i, c, depth) => {
    if (c === '|' && depth === 0) {
      out.push(src.slice(from, i));
      from = i + 1;
    }
    return false;
  });
  out.push(src.slice(from));
  return out;
}

/** The index just past the group that opens at `src[0]` (`(`), or -1. */
function groupEnd(src: string): number {
  const close = walkStructure(src, (_i, c, depth) => c === ')' && depth === 1);
  return close < 0 ? -1 : close + 1;
}

/**
 * Whether every match must start at the beginning of the string (each alternative opens on `^`, possibly inside
 * leading groups that are not optional). The engine tries such a pattern at one position only, which is cheaper
 * than any prefilter.
 */
export function startAnchored(src: string): boolean {
  return topLevelAlternatives(src).every((alt) => {
    if (alt.startsWith('^')) return true;
    let open = 0;
    if (alt.startsWith('(?:')) open = 3;
    else if (alt.startsWith('(?<') && !alt.startsWith('(?<=') && !alt.startsWith('(?<!')) open = alt.indexOf('>') + 1;
    else if (alt.startsWith('(') && !alt.startsWith('(?')) open = 1;
    else return false;
    const end = groupEnd(alt);
    if (open <= 0 || end < 0) return false;
    // A quantifier after the group could skip it.
    if (/^[?*+{]/.test(alt.slice(end))) return false;
    return startAnchored(alt.slice(open, end - 1));
  });
}

/**
 * The prefilter of a regular expression. Only the `u` flag (with or without `i`, `g`, `y`) is reasoned about;
 * other flags leave the pattern unfiltered.
 */
export function prefilterOf(re: RegExp): Prefilter {
  const flags = re.flags.replace(/[gyd]/g, '');
  if (flags !== 'u' && flags !== 'iu') return NONE;
  const folded = flags === 'iu';
  if (startAnchored(re.source)) return NONE;
  try {
    const info = new Parser(re.source, folded).parse();
    const req = better(info.req, info.exact);
    if (!req || req.has('')) return NONE;
    // A literal that holds a shorter one is implied by it.
    const list = [...req].sort((a, b) => a.length - b.length);
    const kept: string[] = [];
    for (const s of list) if (!kept.some((k) => s.includes(k))) kept.push(s);
    // Patterns that need the same literals share one prefilter (and its memo of the last answer).
    const key = `${folded ? 'i' : 'c'}\u0000${kept.join('\u0000')}`;
    let pf = shared.get(key);
    if (!pf) shared.set(key, (pf = { literals: kept, any: anyOf(kept), gate: gateOf(kept), folded, lastText: null, lastAnswer: false }));
    return pf;
  } catch (e) {
    if (e instanceof Unsupported) return NONE;
    throw e;
  }
}

/** Gates are worth it for lists of this many literals or more (a short alternation is already a quick scan). */
const GATE_MIN_LITERALS = 3;
/** At most this many gate strings: more `includes` calls would cost what the alternation costs. */
const GATE_MAX = 3;

/**
 * Up to GATE_MAX pieces of words (four characters or more) that cover `literals` (each literal holds one of them),
 * picked greedily by how many literals each covers, the longer first on ties; null when no such small cover exists.
 */
export function gateOf(literals: readonly string[]): string[] | null {
  if (literals.length < GATE_MIN_LITERALS) return null;
  let open = [...literals];
  const gate: string[] = [];
  while (open.length > 0) {
    if (gate.length === GATE_MAX) return null;
    const counts = new Map<string, number>();
    for (const lit of open) {
      const seen = new Set<string>();
      // Pieces of one word: a stretch across a space ("ing t") is common in any text and rules little out.
      for (const word of lit.split(/[^\p{L}\p{N}]+/u)) {
        for (let len = 4; len <= word.length; len++) for (let i = 0; i + len <= word.length; i++) seen.add(word.slice(i, i + len));
      }
      for (const s of seen) counts.set(s, (counts.get(s) ?? 0) + 1);
    }
    let best = '';
    let bestCount = 0;
    for (const [s, c] of counts) {
      if (c > bestCount || (c === bestCount && (s.length > best.length || (s.length === best.length && s < best)))) {
        best = s;
        bestCount = c;
      }
    }
    if (!best) return null;
    gate.push(best);
    open = open.filter((lit) => !lit.includes(best));
  }
  return gate;
}

function passesGate(gate: readonly string[] | null, hay: string): boolean {
  if (!gate) return true;
  for (const g of gate) if (hay.includes(g)) return true;
  return false;
}

interface Trie {
  next: Map<string, Trie>;
}

/**
 * A plain regular expression that finds whether a string holds any of `literals`, none of which holds another
 * (so every literal ends on a leaf): the alternation shares common prefixes ("sign up|subscribe" →
 * "s(?:ign up|ubscribe)"), which the engine tries much faster than a flat list.
 */
export function anyOf(literals: readonly string[]): RegExp {
  const root: Trie = { next: new Map() };
  for (const lit of literals) {
    let node = root;
    for (const ch of lit) {
      // Code units, as `includes` compares them (an astral character is two steps).
      for (let k = 0; k < ch.length; k++) {
        const unit = ch[k]!;
        let child = node.next.get(unit);
        if (!child) node.next.set(unit, (child = { next: new Map() }));
        node = child;
      }
    }
  }
  const source = (node: Trie): string => {
    const branches = [...node.next].map(([unit, child]) => escapeLiteral(unit) + source(child));
    return branches.length <= 1 ? (branches[0] ?? '') : `(?:${branches.join('|')})`;
  };
  return new RegExp(source(root));
}

/** The lower case of a string, for folded prefilters; a one-entry memo, as one text meets many patterns in a row. */
let lastText = '';
let lastLower = '';
let lastLongS = false;
export function lowerOf(text: string): string {
  if (text !== lastText) {
    lastText = text;
    lastLower = text.toLowerCase();
    lastLongS = text.includes('\u017f');
  }
  return lastLower;
}

/** False only when the pattern cannot match `text`. */
export function mayMatch(pf: Prefilter, text: string): boolean {
  const any = pf.any;
  if (!any) return true;
  if (text === pf.lastText) return pf.lastAnswer;
  let answer: boolean;
  if (!pf.folded) answer = passesGate(pf.gate, text) && any.test(text);
  else {
    const hay = lowerOf(text);
    // U+017F (ſ) matches "s" case-insensitively but does not lower-case to it.
    answer = lastLongS || (passesGate(pf.gate, hay) && any.test(hay));
  }
  pf.lastText = text;
  pf.lastAnswer = answer;
  return answer;
}

const prefilters = new WeakMap<RegExp, Prefilter>();

/** The prefilter of `re`, computed once per regular expression object. */
export function prefilterFor(re: RegExp): Prefilter {
  let pf = prefilters.get(re);
  if (!pf) {
    // A global or sticky expression's `test` moves `lastIndex` even when it fails: never skip it.
    pf = re.global || re.sticky ? NONE : prefilterOf(re);
    prefilters.set(re, pf);
  }
  return pf;
}

/** `re.test(text)`, answered without running the expression when a literal it needs is missing. */
export function testFast(re: RegExp, text: string): boolean {
  return mayMatch(prefilterFor(re), text) && re.test(text);
}

const globalPrefilters = new WeakMap<RegExp, Prefilter>();
const NO_MATCHES: readonly RegExpExecArray[] = Object.freeze([]);

/**
 * `[...text.matchAll(re)]` for a global expression, read from `re` itself (its `lastIndex` is used and left at 0,
 * as for every cue expression, which no one else moves) and skipped when a literal the expression needs is missing.
 */
export function matchAllFast(re: RegExp, text: string): readonly RegExpExecArray[] {
  if (!re.global) throw new TypeError('matchAllFast needs a global regular expression');
  let pf = globalPrefilters.get(re);
  if (!pf) {
    pf = prefilterOf(re);
    globalPrefilters.set(re, pf);
  }
  if (!mayMatch(pf, text)) return NO_MATCHES;
  const out: RegExpExecArray[] = [];
  re.lastIndex = 0;
  for (;;) {
    const m = re.exec(text);
    if (!m) break;
    out.push(m);
    if (m[0] === '') {
      // As matchAll does: step over an empty match (a whole code point under the `u` flag).
      const i = re.lastIndex;
      const c = text.charCodeAt(i);
      re.lastIndex = re.unicode && c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00 ? i + 2 : i + 1;
    }
  }
  re.lastIndex = 0;
  return out;
}
