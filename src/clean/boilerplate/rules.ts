import type { Block } from '../blocks.js';
import type { RemovedKind } from '../../model/document.js';
import { type Lexicon, matchesAny } from './lexicon.js';
import { mayMatch, testFast } from './literals.js';
import type { BlockShape } from './shape.js';

/**
 * Recognisers that look at one block alone. Each answers a narrow question about shape or phrasing; the
 * passes in `../boilerplate.ts` decide, with position and neighbours, which answers make a block boilerplate.
 */

/** Lower-case words a credit line may carry between capitalised names ("Jean de la Fontaine/via Reuters"). */
const CREDIT_PARTICLES = new Set(['de', 'da', 'di', 'du', 'del', 'der', 'den', 'la', 'le', 'les', 'van', 'von', 'via', 'for', 'of', 'and', 'et', 'the', '&', 'y', 'al', 'el']);

/**
 * `Name Surname/Agency/Agency`, `AGENCY/NAME`: slash-joined runs of capitalised words. Photo credits are the
 * only common text of that shape; body text uses slashes inside lower-case prose ("and/or", "km/h").
 */
export function isSlashCredit(probe: string): boolean {
  if (!probe.includes('/') || probe.length > 120 || probe.includes(':')) return false;
  if (/[.!?;]$/.test(probe) || /:\/\//.test(probe)) return false;
  const parts = probe.split('/').map((p) => p.trim());
  if (parts.length < 2 || parts.length > 5) return false;
  let total = 0;
  for (const part of parts) {
    const words = part.split(/\s+/).filter(Boolean);
    if (words.length === 0 || words.length > 5) return false;
    for (const w of words) {
      if (CREDIT_PARTICLES.has(w.toLowerCase()) && !/^\p{Lu}/u.test(w)) continue;
      if (!/^[\p{Lu}\p{N}(]/u.test(w)) return false;
    }
    total += words.length;
  }
  // "Politics/Economy" is a topic, not a credit: a credit names at least a person or two agencies.
  return total >= 3 || parts.every((p) => /^[\p{Lu}\p{N}\s&.-]+$/u.test(p));
}

/** A short line that is only a credit: `Photo: …`, `© …`, `AFP`, `Getty Images/iStock`. */
export function isLabelledCredit(shape: BlockShape, lex: Lexicon): boolean {
  if (shape.words > 15) return false;
  const p = shape.probe;
  return testFast(lex.creditLabel, p) || testFast(lex.creditLabelAlone, p) || /^[©ⓒ]/u.test(p) || testFast(lex.agencyOnly, p);
}

/** Whether a string reads as a credit on its own (used for the tail end of a caption). */
function isCreditSegment(seg: string, lex: Lexicon): boolean {
  const s = seg.trim();
  if (!s || s.split(/\s+/).length > 12) return false;
  return isSlashCredit(s) || testFast(lex.creditLabel, s) || testFast(lex.agencyOnly, s) || /^[©ⓒ]/u.test(s);
}

/**
 * How surely the block ends with a photo credit: 3 for a named credit (`… 28 May 2024. AGENCY/NAME`,
 * `… (Photo: X/AFP)`, `… | Photograph: X`), 2 for a bare agency (`… (AFP)`, `… / Reuters`) — wire copy sometimes
 * closes a paragraph with its agency — and 0 for none.
 */
export function creditTailStrength(probe: string, lex: Lexicon): number {
  // Each segment pattern is tried only when the string can hold it: the first ends on ")", the second on a
  // character other than . ! ?, the third needs a "|" or "-".
  const last = probe.charCodeAt(probe.length - 1);
  const segments = [
    last === 0x29 ? /\(([^()]{2,120})\)$/.exec(probe)?.[1] : undefined,
    last !== 0x2e && last !== 0x21 && last !== 0x3f && probe.length > 0 ? /[.!?)"]\s+([^.!?]{2,120})$/u.exec(probe)?.[1] : undefined,
    probe.includes('|') || probe.includes('-') ? /\s[|-]\s([^|]{2,120})$/u.exec(probe)?.[1] : undefined,
  ];
  for (const seg of segments) {
    if (!seg) continue;
    const s = seg.trim();
    if (testFast(lex.agencyOnly, s)) continue; // judged below as a bare agency
    if (isCreditSegment(s, lex)) return 3;
  }
  return testFast(lex.agencyTail, probe) ? 2 : 0;
}

export interface CaptionEvidence {
  score: number;
  /** A sign only captions carry (a credit tail, a position marker, "file photo"), not just caption-like words. */
  structural: boolean;
}

/** Longest caption, in words: longer blocks are body paragraphs whatever they mention. */
export const CAPTION_MAX_WORDS = 70;

/**
 * How much a block looks like a photo caption: who is where in the picture ("(L)", "(centre)"), what they are
 * doing for the camera ("attend", "pictured", "is seen"), when (a date), and whose photo it is (a credit).
 */
export function captionEvidence(shape: BlockShape, lex: Lexicon): CaptionEvidence {
  if (shape.words > CAPTION_MAX_WORDS || shape.separator) return { score: 0, structural: false };
  const p = shape.probe;
  let score = 0;
  let structural = false;
  const tail = creditTailStrength(p, lex);
  if (tail > 0) { score += tail; structural = true; }
  if (testFast(lex.captionPosition, p)) { score += 2; structural = true; }
  if (matchesAny(lex.fileImage, p, shape.words)) { score += 2; structural = true; }
  if (matchesAny(lex.captionVerbs, p, shape.words)) score += 1;
  // Captions close on the day the picture was taken, right before the credit if there is one.
  if (testFast(lex.date, p)) score += testFast(lex.dateAtEnd, p) || (tail > 0 && testFast(lex.date, p.slice(-120))) ? 2 : 1;
  if ((testFast(lex.creditLabel, p) && shape.words > 6) || testFast(lex.captionLabel, p)) { score += 3; structural = true; }
  return { score, structural };
}

/** Longest author bio, in words. */
export const BIO_MAX_WORDS = 120;
const BIO_CONTINUATION_MAX_WORDS = 60;

/**
 * An author bio: "<Name> is a <role> at <Org>", "<Name> est chercheur à …", "About the author", "The author is …".
 * Only asked about blocks at the end of a document (the caller's job), where a sentence about a named person's
 * job is a note on the writer, not news.
 */
export function isBio(shape: BlockShape, lex: Lexicon): boolean {
  return bioMatch(shape, lex) === 'bio';
}

/** `She previously worked as …`: a bio sentence that only counts when a bio with a name sits right above it. */
export function isBioContinuation(shape: BlockShape, lex: Lexicon): boolean {
  return bioMatch(shape, lex) === 'continuation';
}

function bioMatch(shape: BlockShape, lex: Lexicon): 'bio' | 'continuation' | null {
  if (shape.words > BIO_MAX_WORDS || shape.words < 3) return null;
  const p = shape.probe;
  if (matchesAny(lex.bioLeads, p, shape.words)) return 'bio';
  const named = lex.bioOpening.exec(p);
  if (!named) {
    // After a bio, the next sentence starts with a pronoun and needs no role word ("Her research covers …").
    return testFast(lex.bioContinuation, p) && shape.words <= BIO_CONTINUATION_MAX_WORDS ? 'continuation' : null;
  }
  // The role must sit in the first sentence, right after the opening ("is a senior lecturer at …").
  const rest = p.slice(named[0].length);
  const firstSentence = rest.split(/(?<=[.!?])\s+(?=\p{Lu})/u)[0] ?? rest;
  return testFast(lex.bioRole, firstSentence.slice(0, 200)) ? 'bio' : null;
}

export interface AloneVerdict {
  kind: RemovedKind;
  /** A marker whose following list-like lines belong to it. */
  absorbs: boolean;
}

/** Link-density above which a short HTML block is a link list rather than text. */
const LINK_LIST_DENSITY = 0.6;

const TAG_KINDS: Readonly<Record<string, RemovedKind>> = {
  figcaption: 'caption', // (not <caption>: that titles a table, which is body)
  nav: 'navigation',
  menu: 'navigation',
  button: 'navigation',
  footer: 'footer',
  aside: 'related',
};

/**
 * The verdict on a block seen alone, or null when its own shape and wording do not make it boilerplate
 * anywhere in a document. Position-dependent verdicts (a caption before the headline, a bio at the end, short
 * lines after a footer marker) are left to the passes that know the position.
 */
export function classifyAlone(block: Block, shape: BlockShape, lex: Lexicon): AloneVerdict | null {
  const p = shape.probe;
  const w = shape.words;
  const verdict = (kind: RemovedKind, absorbs = false): AloneVerdict => ({ kind, absorbs });

  if (block.tag) {
    const byTag = TAG_KINDS[block.tag];
    if (byTag) return verdict(byTag);
    // A short element made mostly of links is a menu or a list of other articles.
    if (block.linkDensity >= LINK_LIST_DENSITY && w <= 40) {
      return verdict(block.tag === 'li' || w <= 4 ? 'navigation' : 'related');
    }
  }
  if (shape.separator || w === 0) return null;

  if (matchesAny(lex.cookie, p, w)) return verdict('cookie');
  if (matchesAny(lex.share, p, w)) return verdict('share');
  if (matchesAny(lex.navigation, p, w)) return verdict('navigation');
  if (matchesAny(lex.standalone, p, w)) return verdict('boilerplate');
  for (const m of lex.markers) if (w <= m.maxWords && mayMatch(m.pf, p) && m.re.test(p)) return verdict(m.kind, m.absorbs);
  if (testFast(lex.captionLabel, p) && w <= CAPTION_MAX_WORDS) return verdict('caption');
  if (isLabelledCredit(shape, lex)) return verdict('credit');
  if (shape.terminal !== 'period' && matchesAny(lex.bylines, p, w)) return verdict('boilerplate');
  // "Photo: Soldiers on patrol near the border, 2023 (Name/Agency)": a labelled line too long to be a bare credit.
  if (testFast(lex.creditLabel, p) && w <= CAPTION_MAX_WORDS) return verdict('caption');
  if (matchesAny(lex.footer, p, w)) return verdict('footer');
  // A quoted or reported line that mentions subscribing is news ("'Sign up for the militia,' he said").
  if (matchesAny(lex.promo, p, w) && !matchesAny(lex.reportedSpeech, p, w)) return verdict('promo');
  // Away from the head a caption needs a sign only captions carry, plus one more cue. The credit and caption
  // labels were ruled out above, so a structural sign can only be a credit tail, a position marker or "file
  // photo": without one the rest of the evidence does not matter.
  if (w > CAPTION_MAX_WORDS) return null;
  if (creditTailStrength(p, lex) === 0 && !testFast(lex.captionPosition, p) && !matchesAny(lex.fileImage, p, w)) return null;
  const cap = captionEvidence(shape, lex);
  if (cap.structural && cap.score >= 3) return verdict('caption');
  return null;
}
