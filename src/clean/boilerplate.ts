import type { Block } from './blocks.js';
import type { RemovedKind, RemovedPart } from '../model/document.js';
import { type Lexicon, lexiconFor, matchesAny } from './boilerplate/lexicon.js';
import { type BlockShape, shapeOf } from './boilerplate/shape.js';
import { captionEvidence, classifyAlone, isBio, isBioContinuation, isSlashCredit } from './boilerplate/rules.js';

export interface BoilerplateContext {
  language: string;
  /**
   * Keys (see `boilerplateKey`) of blocks seen in other documents of the same publisher. A short block that a
   * publisher repeats at the head or tail of its articles is template text (tagline, pitch, disclaimer).
   */
  previousBlocksOfPublisher?: ReadonlySet<string>;
}

export interface RemovedBlock extends RemovedPart {
  block: Block;
}

export interface Separation {
  kept: Block[];
  removed: RemovedBlock[];
}

/** The key under which a block is remembered across documents of one publisher. */
export function boilerplateKey(text: string): string {
  return shapeOf(text).probe.normalize('NFKC').toLowerCase();
}

/** The keys of a document's blocks worth remembering for its publisher (blocks of a few words or more). */
export function publisherBlockKeys(blocks: readonly Block[]): string[] {
  return blocks.filter((b) => shapeOf(b.text).words >= REPEAT_MIN_WORDS).map((b) => boilerplateKey(b.text));
}

/** Blocks shorter than this are not judged by repetition: section headings ("Background") recur legitimately. */
const REPEAT_MIN_WORDS = 3;
/**
 * Repeated blocks longer than this are kept, and so are repeated third-person sentences of any length:
 * successive versions of one story (wire updates) share whole body paragraphs, which must survive in each.
 */
const REPEAT_MAX_WORDS = 30;
/** How many blocks from the top can be captions/credits before the headline. */
const HEAD_SPAN = 4;
/** A block between two promo blocks, up to this length, is part of the same promo box. */
const PROMO_BOX_MAX_WORDS = 40;
/** A second-person line after a promo ("Get … delivered to you"), up to this length, continues the pitch. */
const PITCH_MAX_WORDS = 25;
/** Items of a list separated by rule lines: at most this many blocks per item, each at most this long. */
const LIST_ITEM_MAX_BLOCKS = 3;
const LIST_ITEM_MAX_WORDS = 40;
/**
 * A list needs this many identical rule lines, and each item a block of a few words: ASCII art, formulas and
 * scene breaks also put rule characters on lines of their own.
 */
const LIST_MIN_RULES = 3;
const LIST_ITEM_MIN_WORDS = 3;
/**
 * A short line right above running text, at most this long, is taken for the next section's heading rather than
 * the last item of the list above it: losing a heading costs more than keeping one stray related headline.
 */
const HEADING_MAX_WORDS = 8;
/** A run of bare short lines at the very end (tags, menu, headlines) without any other cue: minimum length. */
const BARE_TAIL_MIN_LINES = 3;
const BARE_TAIL_MAX_WORDS = 15;
/** A line opened by a bullet or a number: an item of the article's own list. */
const BULLET = /^(?:[-*•·▪◦–]\s|\d{1,2}[.)]\s)/u;

interface Labels {
  readonly blocks: readonly Block[];
  readonly shapes: readonly BlockShape[];
  readonly kinds: Array<RemovedKind | null>;
  readonly absorbs: boolean[];
  readonly repeated: boolean[];
  readonly lex: Lexicon;
}

/**
 * Separates body text from boilerplate. Every block is judged on its own shape and wording first
 * (`classifyAlone`), then by position and neighbours: captions and credits above the headline, promo boxes,
 * rule-separated headline lists, lines that follow a "Related"/"In partnership with" marker, and the tail of
 * the document (bios, footers, link lists) up to the last paragraph of running text. Only whole blocks are
 * dropped, so the kept text stays byte-identical to the input. Linear in the number of blocks.
 */
export function separateBoilerplate(blocks: Block[], context: BoilerplateContext): Separation {
  const lex = lexiconFor(context.language);
  const shapes = blocks.map((b) => shapeOf(b.text));
  const seen = context.previousBlocksOfPublisher;
  const L: Labels = {
    blocks,
    shapes,
    kinds: new Array<RemovedKind | null>(blocks.length).fill(null),
    absorbs: new Array<boolean>(blocks.length).fill(false),
    repeated: shapes.map(
      (s, i) =>
        !!seen &&
        seen.size > 0 &&
        s.words >= REPEAT_MIN_WORDS &&
        s.words <= REPEAT_MAX_WORDS &&
        // Repeated running text is template only in the publisher's voice to the reader ("Support us …").
        (s.headlineLike || matchesAny(lex.pitch, s.probe, s.words)) &&
        seen.has(boilerplateKey(blocks[i].text)),
    ),
    lex,
  };
  blocks.forEach((b, i) => {
    const v = classifyAlone(b, shapes[i], lex);
    if (v) {
      L.kinds[i] = v.kind;
      L.absorbs[i] = v.absorbs;
    }
  });
  markHead(L);
  markPromoBoxes(L);
  markSeparatedLists(L);
  absorbAfterMarkers(L);
  markRepeatedNextToBoilerplate(L);
  markTail(L);

  const kept: Block[] = [];
  const removed: RemovedBlock[] = [];
  blocks.forEach((block, i) => {
    const kind = L.kinds[i];
    if (kind) removed.push({ kind, text: block.text, block });
    else kept.push(block);
  });
  return { kept, removed };
}

/**
 * Above the headline sit photo captions and credits; in scraped text they come first, before the title. A
 * caption there needs less evidence than in the body, because body text does not precede the headline.
 */
function markHead(L: Labels): void {
  const { shapes, kinds, lex } = L;
  const n = Math.min(shapes.length, HEAD_SPAN);
  for (let i = 0; i < n; i++) {
    if (kinds[i]) continue;
    const s = shapes[i];
    if (s.separator) continue;
    if (isSlashCredit(s.probe)) { kinds[i] = 'credit'; continue; }
    if (L.repeated[i]) { kinds[i] = 'boilerplate'; continue; }
    const cap = captionEvidence(s, lex);
    const next = nextUnlabelled(L, i);
    const beforeHeadline = next >= 0 && shapes[next].headlineLike;
    // Caption words and a date are not enough in a lede; above a headline they are.
    if (cap.score >= 2 && (cap.structural || (s.prose && beforeHeadline))) { kinds[i] = 'caption'; continue; }
    break; // the headline or the first paragraph: the head is over
  }
}

function nextUnlabelled(L: Labels, i: number): number {
  for (let j = i + 1; j < L.kinds.length; j++) if (!L.kinds[j] && !L.shapes[j].separator) return j;
  return -1;
}

/**
 * A promo box is several blocks: "Subscribe to X" / a one-line pitch / "Sign up …". The pitch line rarely
 * names the product, so it is recognised by its neighbours and its voice: a second-person line right after a
 * promo ("All the analysis you need, in one place"), or a label-like line between two promo lines. A body paragraph
 * that happens to sit between two promos is third-person prose and stays.
 */
function markPromoBoxes(L: Labels): void {
  const { shapes, kinds, lex } = L;
  for (let i = 1; i < shapes.length; i++) {
    const s = shapes[i];
    if (kinds[i] || s.separator || s.words > PROMO_BOX_MAX_WORDS || kinds[i - 1] !== 'promo') continue;
    const boxed = s.headlineLike && i + 1 < shapes.length && kinds[i + 1] === 'promo';
    const pitch =
      s.words <= PITCH_MAX_WORDS &&
      matchesAny(lex.pitch, s.probe, s.words) &&
      !matchesAny(lex.reportedSpeech, s.probe, s.words);
    if (boxed || pitch) kinds[i] = 'promo';
  }
}

/**
 * Lists of other articles are often items (a headline and a teaser) between rule lines ("-", "•"). Several
 * identical rule lines each followed by one to three short blocks make such a list; prose between rule lines
 * (scene breaks in a long article) does not.
 */
function markSeparatedLists(L: Labels): void {
  const { shapes, kinds } = L;
  const n = shapes.length;
  const isItem = (j: number): boolean => !shapes[j].separator && shapes[j].words <= LIST_ITEM_MAX_WORDS;
  let i = 0;
  while (i < n) {
    if (!shapes[i].separator) { i++; continue; }
    // Collect a run of separators whose gaps are 1..LIST_ITEM_MAX_BLOCKS item blocks.
    const rule = shapes[i].probe;
    const seps = [i];
    let maxGap = 0;
    let j = i + 1;
    for (;;) {
      let k = j;
      let worded = false;
      while (k < n && k - j < LIST_ITEM_MAX_BLOCKS && isItem(k)) {
        if (shapes[k].words >= LIST_ITEM_MIN_WORDS) worded = true;
        k++;
      }
      if (k < n && k > j && worded && shapes[k].separator && shapes[k].probe === rule) {
        maxGap = Math.max(maxGap, k - j);
        seps.push(k);
        j = k + 1;
        continue;
      }
      break;
    }
    const first = seps[0];
    const last = seps[seps.length - 1];
    if (seps.length >= LIST_MIN_RULES) {
      for (let k = first; k <= last; k++) kinds[k] ??= 'related';
      // Items after the last rule line, as many blocks as the longest item.
      for (let k = last + 1, c = 0; k < n && c < maxGap && isItem(k); k++, c++) kinds[k] ??= 'related';
      // Items before the first rule line only when they read as headlines.
      for (let k = first - 1, c = 0; k >= 0 && c < maxGap && isItem(k) && shapes[k].headlineLike; k--, c++) kinds[k] ??= 'related';
    }
    i = last + 1;
  }
}

/**
 * A marker line ("Related", "Further reading", "In partnership with", "Lire aussi") owns the short list-like
 * lines under it: headlines, partner names, credits. The run ends at the first paragraph of prose; if a
 * short heading then stands right above that prose, it is the next section's heading and is given back.
 */
function absorbAfterMarkers(L: Labels): void {
  const { shapes, kinds, absorbs } = L;
  const n = shapes.length;
  for (let i = 0; i < n; i++) {
    if (!absorbs[i]) continue;
    const kind = kinds[i] ?? 'related';
    let j = i + 1;
    let taken = 0;
    let lastTaken = -1;
    while (j < n) {
      if (kinds[j]) { j++; continue; }
      const s = shapes[j];
      if (!(s.separator || s.headlineLike || isSlashCredit(s.probe))) break;
      kinds[j] = kind;
      taken++;
      lastTaken = j;
      j++;
    }
    if (j < n && taken >= 1 && lastTaken === j - 1) {
      const s = shapes[lastTaken];
      if (s.headlineLike && s.terminal === 'none' && s.words <= HEADING_MAX_WORDS) kinds[lastTaken] = null;
    }
    // Markers inside the run have nothing left to take; resuming after it keeps the pass linear.
    i = Math.max(i, j - 1);
  }
}

/** A publisher's recurring short line next to boilerplate is part of the same template. */
function markRepeatedNextToBoilerplate(L: Labels): void {
  const { shapes, kinds, repeated } = L;
  for (let i = 0; i < shapes.length; i++) {
    if (!repeated[i] || kinds[i] || !shapes[i].headlineLike) continue;
    if ((i > 0 && kinds[i - 1]) || (i + 1 < shapes.length && kinds[i + 1])) kinds[i] = 'boilerplate';
  }
}

/** What unlabelled tail lines are called when they follow a block of this kind. */
function tailKindAfter(kind: RemovedKind): RemovedKind {
  return kind === 'caption' || kind === 'credit' || kind === 'bio' ? 'footer' : kind;
}

/**
 * The tail: from the end back to the last paragraph of running text, everything is short lines, boilerplate
 * already recognised, or author bios. Once a cue is found there (a marker, a promo, a bio, a credit), the short
 * lines after it belong to it ("In partnership with" / partner name). Short lines before the first cue are the
 * article's own last lines and stay. With no cue at all, only a run of several bare short lines (tags, a menu,
 * headlines) goes.
 */
function markTail(L: Labels): void {
  const { shapes, kinds, lex } = L;
  const n = shapes.length;
  let start = n;
  for (let i = n - 1; i >= 0; i--) {
    const s = shapes[i];
    if (L.repeated[i] && !kinds[i]) kinds[i] = 'boilerplate';
    if (kinds[i] || s.separator || s.headlineLike) { start = i; continue; }
    if (isBio(s, lex)) { kinds[i] = 'bio'; start = i; continue; }
    // "She previously worked as …" on its own line counts only under a named bio line.
    if (i > 0 && isBioContinuation(s, lex) && isBio(shapes[i - 1], lex)) { kinds[i] = 'bio'; start = i; continue; }
    break;
  }
  let cue = -1;
  for (let i = start; i < n; i++) if (kinds[i]) { cue = i; break; }
  if (cue >= 0) {
    let current = tailKindAfter(kinds[cue] as RemovedKind);
    for (let i = cue + 1; i < n; i++) {
      const k = kinds[i];
      if (k) current = tailKindAfter(k);
      else kinds[i] = current;
    }
    return;
  }
  // Without a cue, only cut short lines that follow running text: a document made only of short lines (a
  // list, a poem, text in an unspaced script) has no tail to cut. Running text that ends on a colon
  // introduces the lines below it, and bulleted lines are the article's own list.
  if (start === 0 || !shapes.slice(0, start).some((s) => s.prose)) return;
  if (shapes[start - 1].terminal === 'colon') return;
  let bare = 0;
  for (let i = start; i < n; i++) {
    const s = shapes[i];
    if (s.separator) continue;
    if (s.terminal !== 'none' || s.words > BARE_TAIL_MAX_WORDS || BULLET.test(s.probe)) return;
    bare++;
  }
  if (bare < BARE_TAIL_MIN_LINES) return;
  const menu = shapes.slice(start).every((s) => s.separator || s.words <= 4);
  for (let i = start; i < n; i++) kinds[i] = menu ? 'navigation' : 'related';
}
