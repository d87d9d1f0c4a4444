import type { Repair } from '../../model/document.js';
import { CP1252, MOJIBAKE_PAGES, type CodePage } from './codepages.js';
import { textCost } from './badness.js';

export interface RepairResult {
  text: string;
  repairs: Repair[];
}

/** Stand-in byte for U+FFFD (or a "?") where a mis-decoder replaced an unshowable byte. */
const MARKER = 0x100;

/** Pages whose images of C2/C5/CE/D0/D9 + A0 ("Â ", "Å ", "Ð ") are familiar mojibake. */
const LATIN_PAGES = new Set(['latin1', 'cp1252']);
/** Lead bytes whose A0 continuation is common: NBSP, à, Š, Π, Р, ٠. */
const A0_LEADS = new Set([0xc2, 0xc3, 0xc5, 0xce, 0xd0, 0xd9]);

/** The bytes a run of characters encodes to in one page, read on demand (runs can be the whole text). */
class RunBytes {
  readonly length: number;
  constructor(
    private readonly text: string,
    private readonly start: number,
    end: number,
    private readonly table: Int16Array,
  ) {
    this.length = end - start;
  }
  /** Byte at run index `k`; MARKER for U+FFFD; -1 outside the run. */
  at(k: number): number {
    if (k < 0 || k >= this.length) return -1;
    const c = this.text.charCodeAt(this.start + k);
    return c === 0xfffd ? MARKER : this.table[c];
  }
}

/** One UTF-8 sequence found inside a run of re-encoded characters. */
interface Piece {
  /** Character span in the text being repaired. */
  start: number;
  end: number;
  out: string;
  /** How many guesses (restored NBSP, lost byte, replaced byte) it needed. */
  guesses: number;
  lostByte: boolean;
}

/**
 * Portuguese contractions where "à" is glued to the next word. Everywhere else
 * "Ã " + word means the standalone word "à" whose NBSP byte merged into the space.
 */
const A_GRAVE_PREFIXES = ['s', 'quele', 'quela', 'queles', 'quelas', 'quilo'];

function contRange(lead: number, pos: number): [number, number] {
  if (pos === 1) {
    if (lead === 0xe0) return [0xa0, 0xbf];
    if (lead === 0xf0) return [0x90, 0xbf];
    if (lead === 0xf4) return [0x80, 0x8f];
  }
  return [0x80, 0xbf];
}

function decodeSeq(bytes: number[]): number {
  const n = bytes.length;
  if (n === 2) return ((bytes[0] & 0x1f) << 6) | (bytes[1] & 0x3f);
  if (n === 3) return ((bytes[0] & 0x0f) << 12) | ((bytes[1] & 0x3f) << 6) | (bytes[2] & 0x3f);
  return ((bytes[0] & 0x07) << 18) | ((bytes[1] & 0x3f) << 12) | ((bytes[2] & 0x3f) << 6) | (bytes[3] & 0x3f);
}

/**
 * How plausible a character is as the completion of a sequence whose last byte
 * was lost. Quotation marks are the commonest non-ASCII characters in news
 * text and the commonest victims (”, E2 80 9D, ends in an unshowable byte), so
 * they rank first; invisible format and space characters are never inferred.
 */
function completionRank(cp: number): number {
  const ch = String.fromCodePoint(cp);
  if (/^[\p{Pi}\p{Pf}]$/u.test(ch)) return 3;
  if (/^\p{L}$/u.test(ch)) return 2;
  if (/^[\p{P}\p{S}]$/u.test(ch)) return 1;
  return 0;
}

function inferLost(prefix: number[], page: CodePage): number | null {
  const lead = prefix[0];
  const [lo, hi] = contRange(lead, prefix.length);
  let best = -1;
  let bestRank = 0;
  let tie = false;
  for (const b of page.lostBytes) {
    if (b < lo || b > hi) continue;
    const cp = decodeSeq([...prefix, b]);
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    const r = completionRank(cp);
    if (r > bestRank) {
      bestRank = r;
      best = cp;
      tie = false;
    } else if (r === bestRank && r > 0) tie = true;
  }
  return best >= 0 && !tie ? best : null;
}

/**
 * Finds the UTF-8 sequences inside one run of characters the page can encode.
 * `bytes.at(i)` is the byte for character `offset + i` of `text`.
 */
function findPieces(text: string, offset: number, bytes: RunBytes, page: CodePage, leads: readonly number[]): Piece[] {
  const pieces: Piece[] = [];
  const n = bytes.length;
  let i = 0;
  let li = 0;
  for (;;) {
    // Every byte between two lead bytes is passed over one by one: go straight to the next lead at or after i.
    while (li < leads.length && leads[li]! < i) li++;
    if (li >= leads.length) break;
    i = leads[li]!;
    const lead = bytes.at(i);
    const len = lead < 0xe0 ? 2 : lead < 0xf0 ? 3 : 4;
    const seq = [lead];
    let guesses = 0;
    let lossy = false;
    let a0Last = false;
    let j = i + 1;
    while (seq.length < len && j < n) {
      const x = bytes.at(j);
      const [lo, hi] = contRange(lead, seq.length);
      if (x >= lo && x <= hi) seq.push(x);
      else if (x === MARKER || (x === 0x3f && seq.length > 1)) {
        // A byte the mis-decoder replaced: the character is unknowable.
        seq.push(0x80);
        lossy = true;
      } else if (x === 0x20 && lo <= 0xa0 && 0xa0 <= hi) {
        // A space standing for byte 0xA0 (NBSP is often collapsed to a space).
        // Commonest after C2 (NBSP itself) and C3 ("à"); elsewhere a bigger guess.
        seq.push(0xa0);
        a0Last = seq.length === len && len >= 3;
        guesses += lead === 0xc3 || (LATIN_PAGES.has(page.name) && A0_LEADS.has(lead)) ? 1 : 2;
      } else break;
      j++;
    }
    if (a0Last && !lossy) {
      // "โ€ " could be E2 80 A0 (†, NBSP collapsed) or E2 80 + a lost byte
      // followed by a real space (”): keep the more plausible character.
      const lost = inferLost(seq.slice(0, -1), page);
      if (lost !== null && completionRank(lost) > completionRank(decodeSeq(seq))) {
        pieces.push({ start: offset + i, end: offset + j - 1, out: String.fromCodePoint(lost), guesses: 1, lostByte: true });
        i = j - 1;
        continue;
      }
    }
    if (seq.length === len) {
      let cp = decodeSeq(seq);
      let end = j;
      let ok = true;
      if (!lossy && cp >= 0xd800 && cp <= 0xdfff) {
        // CESU-8: a surrogate pair encoded as two 3-byte sequences.
        ok = false;
        if (cp <= 0xdbff && bytes.at(j) === 0xed && j + 2 < n) {
          const b2 = bytes.at(j + 1);
          const b3 = bytes.at(j + 2);
          if (b2 >= 0xb0 && b2 <= 0xbf && b3 >= 0x80 && b3 <= 0xbf) {
            const low = decodeSeq([0xed, b2, b3]);
            cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
            end = j + 3;
            ok = true;
          }
        }
      }
      if (ok) {
        let out = lossy ? '\ufffd' : String.fromCodePoint(cp);
        // "Ã" + space: the space stood for the NBSP byte. If a word follows,
        // the NBSP merged into a real space ("à nos"): keep that space.
        if (!lossy && len === 2 && bytes.at(i + 1) === 0x20 && cp === 0xe0) {
          const after = text.slice(offset + i + 2, offset + i + 12);
          const word = /^[\p{L}]+/u.exec(after);
          const glued = word && A_GRAVE_PREFIXES.some((p) => word[0] === p && (p !== 's' || after[1] === ' '));
          if (word && !glued) out = 'à ';
          if (word && glued) out = 'à';
        }
        pieces.push({ start: offset + i, end: offset + end, out, guesses, lostByte: false });
        i = end;
        continue;
      }
    } else if (seq.length === len - 1 && len >= 3 && !lossy) {
      // Exactly the last byte of a 3/4-byte sequence is missing. Only infer it
      // at a word boundary (a lost closing quote is followed by a space or
      // punctuation); inside a word the "sequence" is more likely real letters.
      const next = j < n ? bytes.at(j) : -1;
      const nextIsCont = next >= 0x80 && next <= 0xbf;
      const nextChar = offset + j < text.length ? (text.codePointAt(offset + j) as number) : -1;
      if (!nextIsCont && !(nextChar >= 0 && /^\p{L}$/u.test(String.fromCodePoint(nextChar)))) {
        const cp = inferLost(seq, page);
        if (cp !== null) {
          pieces.push({ start: offset + i, end: offset + j, out: String.fromCodePoint(cp), guesses: guesses + 1, lostByte: true });
          i = j;
          continue;
        }
      }
    }
    i++;
  }
  return pieces;
}

/** Pages whose look-alike characters (math, box drawing) make false fixes likelier: demand more evidence. */
const CAUTIOUS_PAGES = new Set(['macroman', 'cp437']);

/** A proposed replacement of `text[start, end)`, with how much cheaper it makes the text. */
interface Candidate {
  start: number;
  end: number;
  out: string;
  gain: number;
  page: number;
  repairs: Repair[];
  /** False for a reading that was not good enough on its own, kept to spot ambiguity. */
  accepted: boolean;
  /** Whether a lost byte was inferred (pages differ in which bytes they lose, so no rivalry). */
  lost: boolean;
}

function cpAt(text: string, i: number): number {
  return i >= 0 && i < text.length ? (text.codePointAt(i) as number) : -1;
}

function leftCp(text: string, i: number): number {
  if (i <= 0) return -1;
  const c = text.charCodeAt(i - 1);
  if (c >= 0xdc00 && c <= 0xdfff && i >= 2) return text.codePointAt(i - 2) as number;
  return c;
}

const isWordChar = (c: number): boolean => c >= 0 && /^\p{L}$/u.test(String.fromCodePoint(c));

/**
 * Re-reads a cluster's fix through the whole repair again, so that double
 * mojibake ("Ã¢â‚¬â„¢" → "â€™" → "’") is judged, and recorded, as one step.
 */
function deepen(out: string, depth: number): string {
  if (depth >= 3) return out;
  // Clusters repeat a lot within a text ("â€™" on every apostrophe): memoise.
  const key = `${depth}\u0000${out}`;
  const hit = deepCache.get(key);
  if (hit !== undefined) return hit;
  const again = repairOnce(out, depth + 1);
  const result = again.changed ? again.text : out;
  if (deepCache.size > 20000) deepCache.clear();
  deepCache.set(key, result);
  return result;
}

/** A pure function's memo (bounded), shared across calls. */
const deepCache = new Map<string, string>();

interface Cluster {
  start: number;
  end: number;
  pieces: Piece[];
  out: string;
  guesses: number;
  repairs: Repair[];
}

function makeClusters(text: string, pieces: Piece[], kind: string, depth: number): Cluster[] {
  const clusters: Cluster[] = [];
  let k = 0;
  while (k < pieces.length) {
    let m = k + 1;
    while (m < pieces.length && pieces[m].start === pieces[m - 1].end) m++;
    const ps = pieces.slice(k, m);
    k = m;
    const start = ps[0].start;
    const end = ps[ps.length - 1].end;
    const once = ps.map((p) => p.out).join('');
    const out = deepen(once, depth);
    const repairs: Repair[] =
      out === once
        ? ps.map((p) => ({ kind: p.lostByte ? 'mojibake:lost-byte' : kind, before: text.slice(p.start, p.end), after: p.out, count: 1 }))
        : [{ kind: `${kind}+again`, before: text.slice(start, end), after: out, count: 1 }];
    clusters.push({ start, end, pieces: ps, out, guesses: ps.reduce((a, p) => a + p.guesses, 0), repairs });
  }
  return clusters;
}

function processPage(text: string, na: readonly number[], page: CodePage, pageIndex: number, depth: number, nonAscii: number, out: Candidate[]): void {
  const kind = `mojibake:utf8-as-${page.name}`;
  const cautious = CAUTIOUS_PAGES.has(page.name);
  const margin = cautious ? 2 : 1;
  const n = text.length;
  const table = page.encodeTable;

  // Pass 1: the runs this page can encode that hold UTF-8 sequences. ASCII is itself in every page (and never a
  // lead byte), so runs break only at non-ASCII characters the page cannot encode: only the text's non-ASCII
  // positions (`na`) are looked at.
  const runs: Array<{ start: number; end: number; clusters: Cluster[]; consistent: boolean }> = [];
  let coveredTotal = 0;
  let start = 0;
  let first = 0;
  let hasLead = false;
  for (let k = 0; k <= na.length; k++) {
    let end = n;
    if (k < na.length) {
      end = na[k]!;
      const c = text.charCodeAt(end);
      const b = table[c]!;
      if (b >= 0 || c === 0xfffd) {
        if (b >= 0xc2 && b <= 0xf4) hasLead = true;
        continue;
      }
    }
    // [start, end) is a run (possibly empty); na[first..k) are its non-ASCII positions.
    if (hasLead) {
      const bytes = new RunBytes(text, start, end, table);
      const leads: number[] = [];
      let high = 0;
      for (let q = first; q < k; q++) {
        const b = bytes.at(na[q]! - start);
        if (b >= 0xc2 && b <= 0xf4) leads.push(na[q]! - start);
        if (b >= 0x80 && b !== MARKER) high++;
      }
      const pieces = findPieces(text, start, bytes, page, leads);
      if (pieces.length > 0) {
        let covered = 0;
        for (const p of pieces) for (let q = p.start; q < p.end; q++) if (bytes.at(q - start) >= 0x80 && bytes.at(q - start) !== MARKER) covered++;
        coveredTotal += covered;
        runs.push({ start, end, clusters: makeClusters(text, pieces, kind, depth), consistent: covered === high });
      }
    }
    start = end + 1;
    first = k + 1;
    hasLead = false;
  }
  if (runs.length === 0) return;
  // When most non-ASCII characters in the text are not mojibake in this page
  // (accented leetspeak, a clean article with one odd pair), ask for more evidence.
  const strayMargin = nonAscii - coveredTotal > 2 * coveredTotal ? 1 : 0;

  // Pass 2: judge each cluster of adjacent sequences on its own, in context.
  for (const run of runs) {
    const { clusters } = run;
    for (const c of clusters) {
      const before = text.slice(c.start, c.end);
      const l = leftCp(text, c.start);
      const r = cpAt(text, c.end);
      // Look-alike pages only inside words: "Zam√≤" yes, "= √π" no.
      if (cautious && !isWordChar(l) && !isWordChar(r) && c.pieces.length < 2) continue;
      const costBefore = textCost(before, l, r);
      const costAfter = textCost(c.out, l, r);
      const accepted = costBefore >= 2 && costBefore >= costAfter + c.guesses + margin + strayMargin;
      out.push({ start: c.start, end: c.end, out: c.out, gain: costBefore - costAfter - c.guesses, page: pageIndex, repairs: c.repairs, accepted, lost: c.pieces.some((p) => p.lostByte) });
    }

    // Whole run: when every non-ASCII byte belongs to a sequence, the run is
    // consistently mis-decoded UTF-8 and is also judged as a whole, which lets
    // weak evidence in one place ride on strong evidence elsewhere.
    if (!run.consistent || clusters.length < 2) continue;
    const strong = clusters.some((c) => textCost(text.slice(c.start, c.end), leftCp(text, c.start), cpAt(text, c.end)) >= 2);
    if (!strong) continue;
    const s0 = clusters[0].start;
    const e0 = clusters[clusters.length - 1].end;
    const parts: string[] = [];
    let pos = s0;
    let guesses = 0;
    for (const c of clusters) {
      parts.push(text.slice(pos, c.start), c.out);
      pos = c.end;
      guesses += c.guesses;
    }
    const fixed = parts.join('');
    const before = text.slice(s0, e0);
    const l = leftCp(text, s0);
    const r = cpAt(text, e0);
    const costBefore = textCost(before, l, r);
    const costAfter = textCost(fixed, l, r);
    if (costBefore >= 2 && costBefore >= costAfter + guesses + margin) {
      out.push({ start: s0, end: e0, out: fixed, gain: costBefore - costAfter - guesses, page: pageIndex, repairs: clusters.flatMap((c) => c.repairs), accepted: true, lost: false });
    }
  }
}

interface Once {
  text: string;
  changed: boolean;
  repairs: Repair[];
}

/** Characters that can stand for a UTF-8 lead byte in some page: without one, there is nothing to repair. */
const LEAD_CHARS: Set<number> = (() => {
  const s = new Set<number>();
  for (const p of MOJIBAKE_PAGES) for (let b = 0xc2; b <= 0xf4; b++) s.add(p.decode[b].charCodeAt(0));
  return s;
})();

/** The characters above U+007F of a text: their positions in order, and whether one can stand for a lead byte. */
interface NonAscii {
  positions: number[];
  hasLead: boolean;
}

function scanNonAscii(text: string): NonAscii {
  const positions: number[] = [];
  let hasLead = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x80) {
      positions.push(i);
      if (!hasLead && LEAD_CHARS.has(c)) hasLead = true;
    }
  }
  return { positions, hasLead };
}

/** `scan`: `scanNonAscii(text)` when the caller has it. */
function repairOnce(text: string, depth: number, scan: NonAscii = scanNonAscii(text)): Once {
  if (!scan.hasLead) return { text, changed: false, repairs: [] };
  const na = scan.positions;
  const nonAscii = na.length;
  const candidates: Candidate[] = [];
  MOJIBAKE_PAGES.forEach((page, index) => processPage(text, na, page, index, depth, nonAscii, candidates));
  if (!candidates.some((c) => c.accepted)) return { text, changed: false, repairs: [] };
  // Different pages explain overlapping stretches differently: keep the
  // explanations that remove the most badness (longer, then commoner pages first on ties).
  candidates.sort((a, b) => b.gain - a.gain || b.end - b.start - (a.end - a.start) || a.page - b.page || a.start - b.start);
  const bySpan = new Map<string, Candidate[]>();
  for (const c of candidates) {
    const key = `${c.start}:${c.end}`;
    const list = bySpan.get(key);
    if (list) list.push(c);
    else bySpan.set(key, [c]);
  }
  const taken = new Uint8Array(text.length);
  const chosen: Candidate[] = [];
  for (const c of candidates) {
    if (!c.accepted) continue;
    let free = true;
    for (let k = c.start; k < c.end && free; k++) if (taken[k]) free = false;
    if (!free) continue;
    // Two pages reading the same span differently and equally well: the text
    // is ambiguous ("Ã¥" is "å" in Latin-1 but U+0334 in Mac Roman), leave it.
    const rival = !c.lost && (bySpan.get(`${c.start}:${c.end}`) ?? []).some((d) => !d.lost && d.page !== c.page && d.out !== c.out && d.gain >= c.gain);
    taken.fill(1, c.start, c.end);
    if (!rival) chosen.push(c);
  }
  chosen.sort((a, b) => a.start - b.start);
  const parts: string[] = [];
  let pos = 0;
  for (const c of chosen) {
    parts.push(text.slice(pos, c.start), c.out);
    pos = c.end;
  }
  parts.push(text.slice(pos));
  const out = parts.join('');
  return { text: out, changed: out !== text, repairs: chosen.flatMap((c) => c.repairs) };
}

/**
 * C1 control characters left over are Windows-1252 text read as Latin-1
 * ("\x93quoted\x94"): nobody writes C1 controls on purpose. Bytes 1252 leaves
 * undefined stay as they are.
 */
function fixC1(text: string, repairs: Repair[], nonAscii: readonly number[] | null): string {
  // Most texts hold no C1 control at all: only then is the text rebuilt. (`nonAscii`: the positions of the
  // characters above U+007F, when known; C1 controls are among them.)
  let any = false;
  if (nonAscii) {
    for (const i of nonAscii) {
      if (text.charCodeAt(i) <= 0x9f) {
        any = true;
        break;
      }
    }
  } else {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0x80 && c <= 0x9f) {
        any = true;
        break;
      }
    }
  }
  if (!any) return text;
  let out = '';
  let changed = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x80 && c <= 0x9f && !CP1252.lostBytes.has(c)) {
      const r = CP1252.decode[c];
      repairs.push({ kind: 'mojibake:c1-as-cp1252', before: text[i], after: r, count: 1 });
      out += r;
      changed = true;
    } else out += text[i];
  }
  return changed ? out : text;
}

function aggregate(repairs: Repair[]): Repair[] {
  const map = new Map<string, Repair>();
  for (const r of repairs) {
    const key = `${r.kind}\u0000${r.before}\u0000${r.after}`;
    const hit = map.get(key);
    if (hit) hit.count += r.count;
    else map.set(key, { ...r });
  }
  return [...map.values()];
}

/** Repairs mojibake inside Unicode text, run by run; clean text comes back unchanged. */
export function repairMojibake(text: string): RepairResult {
  // Fast path: pure ASCII (or no character above U+007F at all) has nothing to repair.
  let suspicious = false;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) >= 0x80) {
      suspicious = true;
      break;
    }
  }
  if (!suspicious) return { text, repairs: [] };
  const repairs: Repair[] = [];
  let current = text;
  const scan = scanNonAscii(text);
  for (let pass = 0; pass < 4; pass++) {
    const once = repairOnce(current, 0, current === text ? scan : undefined);
    if (!once.changed) break;
    current = once.text;
    repairs.push(...once.repairs);
  }
  current = fixC1(current, repairs, current === text ? scan.positions : null);
  return { text: current, repairs: aggregate(repairs) };
}

/** Diagnostic: every candidate fix one pass considers, with its page and gain (for tuning and tests). */
export function mojibakeCandidates(text: string): Array<{ page: string; before: string; after: string; gain: number }> {
  const out: Candidate[] = [];
  let nonAscii = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) >= 0x80) nonAscii++;
  const na = scanNonAscii(text).positions;
  MOJIBAKE_PAGES.forEach((page, index) => processPage(text, na, page, index, 0, nonAscii, out));
  return out.filter((c) => c.accepted).map((c) => ({ page: MOJIBAKE_PAGES[c.page].name, before: text.slice(c.start, c.end), after: c.out, gain: c.gain }));
}
