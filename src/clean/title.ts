import type { Block } from './blocks.js';
import { lexiconForAll, matchesAny } from './boilerplate/lexicon.js';
import { testFast } from './boilerplate/literals.js';
import { shapeOf } from './boilerplate/shape.js';
import { captionEvidence, isLabelledCredit, isSlashCredit } from './boilerplate/rules.js';

export interface Headline {
  title: string | null;
  /** The block the title was taken from (to be left out of the body), or null. */
  block: Block | null;
}

/** Longest headline, in words; longer first lines are ledes. */
const TITLE_MAX_WORDS = 20;
const TITLE_MAX_CHARS = 200;

/** HTML elements that can hold a headline; a first `li` or `td` is page furniture. */
const HEADLINE_TAGS = new Set(['h1', 'h2', 'h3', 'p', 'div', 'header', 'span', 'strong', 'b', 'title']);

/**
 * Takes the first block as the title when it reads as a headline: short, capitalised, not closed by a full
 * stop or a colon (a question or exclamation is fine), and not a dateline ("CORRECTION, 4 APRIL:"), a byline, a
 * credit or a caption. Call it on the blocks `separateBoilerplate` kept, so that captions and credits printed
 * above the headline are already gone. The language is not known here, so the cues of every language apply.
 */
export function takeHeadline(blocks: readonly Block[]): Headline {
  const none: Headline = { title: null, block: null };
  const first = blocks[0];
  if (!first) return none;
  if (first.tag && !HEADLINE_TAGS.has(first.tag)) return none;
  const s = shapeOf(first.text);
  if (s.words === 0 || s.separator || s.words > TITLE_MAX_WORDS || s.probe.length > TITLE_MAX_CHARS) return none;
  // A headline may end in ? or ! or nothing; a full stop, colon or comma marks a sentence, a label or a dateline.
  if (s.terminal === 'period' || s.terminal === 'colon' || s.terminal === 'other') return none;
  if (!/^[\p{Lu}\p{N}"'«(¿¡[]/u.test(s.probe)) return none;
  const lex = lexiconForAll();
  if (matchesAny(lex.datelines, s.probe, s.words)) return none;
  // A date standing alone ("May 26, 2024") is a dateline, not a title.
  if (s.words <= 6 && testFast(lex.date, s.probe)) return none;
  if (isLabelledCredit(s, lex) || isSlashCredit(s.probe)) return none;
  const cap = captionEvidence(s, lex);
  if (cap.structural && cap.score >= 2) return none;
  return { title: first.text, block: first };
}
