/**
 * What the main-content extraction left out, labelled by kind.
 *
 * The untouched page is walked into blocks before Readability runs (Readability mutates the document). Each
 * block carries the innermost kind signal of its ancestors (tag, role, class, id). After extraction, a page
 * block whose text is not in the extracted content is "discarded": it is reported with its kind, so no page
 * text disappears without a trace.
 */
import type { RemovedKind, RemovedPart } from '../../model/document.js';
import { langData } from '../../data/loader.js';
import type { DomElement } from './dom.js';
import { tagOf } from './dom.js';
import type { RawBlock } from './to-blocks.js';

/** Bounds on the discarded list: a huge portal page must not turn into a huge record. */
export const MAX_DISCARDED_PARTS = 300;
export const MAX_DISCARDED_CHARS = 60_000;

/** Class/id patterns, most specific first (checked in this order on one element). */
const CLASS_SIGNALS: Array<[RemovedKind, RegExp]> = [
  ['cookie', /cookie|consent|gdpr|onetrust|didomi|cmp[-_]|privacy-?(?:banner|notice)/],
  ['share', /(?:^|[\s_-])(?:share|sharing|social|addthis|sharethis|sociable|sharebar)/],
  ['bio', /author-?bio|about-?(?:the-?)?author|author-?info|(?:^|[\s_-])bio(?:graphy)?(?:[\s_-]|$)/],
  ['credit', /byline|dateline|(?:^|[\s_-])(?:credits?|author)(?:[\s_-]|$)/],
  ['caption', /caption/],
  [
    'related',
    /related|recommend|more-?(?:stories|articles|news|from)|read-?more|most-?(?:read|popular|viewed)|popular|trending|teaser|outbrain|taboola|recirc|next-?(?:article|story|post)/,
  ],
  [
    'promo',
    /promo|advert|(?:^|[\s_-])ads?(?:[\s_-]|$)|ad-?(?:slot|unit|container|wrapper)|sponsor|newsletter|subscri|sign-?up|paywall|marketing|(?:^|[\s_-])banner/,
  ],
  [
    'navigation',
    /nav(?:bar|igation|menu)?(?=[\s_-]|$)|menu|breadcrumb|(?:^|[\s_-])(?:skip|pagination|pager|masthead|topbar|toolbar|tabs)(?:[\s_-]|$)|site-?header/,
  ],
  ['footer', /footer|copyright|colophon|(?:^|[\s_-])legal/],
  ['boilerplate', /comment|disqus|(?:^|[\s_-])respond(?:[\s_-]|$)|sidebar/],
];

/** An element's own kind signal: its class/id first (most specific), then its tag and ARIA role. */
export function signalOf(el: DomElement, inArticle: boolean): RemovedKind | null {
  const tag = tagOf(el);
  if (tag === 'html' || tag === 'body') return null; // a body class like "has-nav" would label the whole page
  const attrs = `${el.getAttribute('id') ?? ''} ${el.getAttribute('class') ?? ''}`.toLowerCase();
  if (attrs.length > 1) {
    for (const [kind, re] of CLASS_SIGNALS) if (re.test(attrs)) return kind;
  }
  const role = (el.getAttribute('role') ?? '').toLowerCase();
  if (tag === 'nav' || role === 'navigation' || role === 'menubar' || role === 'menu') return 'navigation';
  if (role === 'banner' || (tag === 'header' && !inArticle)) return 'navigation';
  if (role === 'contentinfo' || (tag === 'footer' && !inArticle)) return 'footer';
  if (tag === 'figcaption') return 'caption';
  if (tag === 'aside' || role === 'complementary') return 'related';
  return null;
}

interface TextCues {
  exact?: Partial<Record<RemovedKind, string[]>>;
  contains?: Partial<Record<RemovedKind, string[]>>;
}

interface CompiledCues {
  exact: Map<string, RemovedKind>;
  contains: Array<[string, RemovedKind]>;
}

const cueCache = new Map<string, CompiledCues>();

function cuesFor(language: string | null): CompiledCues {
  // English cues always apply: widget labels ("Share", "Advertisement") are often English on any site.
  const langs = Array.from(new Set([(language ?? '').toLowerCase().split(/[-_]/)[0], 'en'])).filter((l) => /^[a-z]{2,3}$/.test(l));
  const key = langs.join(',');
  const hit = cueCache.get(key);
  if (hit) return hit;
  const compiled: CompiledCues = { exact: new Map(), contains: [] };
  for (const l of langs) {
    const data = langData<TextCues>(l, 'html-discard');
    if (!data) continue;
    for (const [kind, list] of Object.entries(data.exact ?? {}) as Array<[RemovedKind, string[]]>) {
      for (const w of list) if (!compiled.exact.has(w)) compiled.exact.set(w, kind);
    }
    for (const [kind, list] of Object.entries(data.contains ?? {}) as Array<[RemovedKind, string[]]>) {
      for (const w of list) compiled.contains.push([w, kind]);
    }
  }
  cueCache.set(key, compiled);
  return compiled;
}

/** Kind of a discarded block: its structural signal, else a text cue, else link density, else boilerplate. */
function kindOf(block: RawBlock, cues: CompiledCues): RemovedKind {
  if (block.signal) return block.signal;
  const lower = block.text.toLowerCase();
  const words = lower.split(/\s+/).length;
  if (words <= 6) {
    const bare = lower.replace(/^[\s\p{P}\p{S}]+|[\s\p{P}\p{S}]+$/gu, '');
    const exact = cues.exact.get(bare);
    if (exact) return exact;
  }
  if (words <= 40) {
    for (const [phrase, kind] of cues.contains) if (lower.includes(phrase)) return kind;
  }
  if (block.tag === 'figcaption') return 'caption';
  if (block.linkDensity > 0.7) return words <= 4 ? 'navigation' : 'related';
  return 'boilerplate';
}

const norm = (s: string): string => s.replace(/\s+/g, ' ').trim().toLowerCase();

/**
 * The page blocks whose text is not in the extracted content, labelled, deduplicated, adjacent blocks of one
 * kind merged into one part (a 20-link menu is one navigation part), and bounded.
 *
 * A long block counts as kept when its text occurs anywhere in the content (the extraction may regroup
 * paragraphs, e.g. split a `<br>`-separated div); a short one (< 25 chars) only when it equals a content
 * block — otherwise a "Home" menu item would hide inside "Home Office".
 */
export function collectDiscarded(
  page: readonly RawBlock[],
  contentTexts: readonly string[],
  language: string | null,
): RemovedPart[] {
  const cues = cuesFor(language);
  const normalized = contentTexts.map(norm);
  const whole = normalized.join(' ');
  const exact = new Set(normalized);
  // A substring search per page block is quadratic on long pages (a 1 MB Wikipedia page has thousands of
  // blocks). Most kept blocks equal a content block; for the rest, a block can only be inside the content if
  // its first and last word triples are, which a set of the content's word triples answers in O(1).
  const triples = wordTriples(whole);
  const maybeInside = (t: string): boolean => {
    const w = t.split(' ');
    if (w.length < 3) return true;
    return triples.has(`${w[0]} ${w[1]} ${w[2]}`) && triples.has(w.slice(-3).join(' '));
  };
  const seen = new Set<string>();
  const parts: RemovedPart[] = [];
  let chars = 0;
  let lastKind: RemovedKind | null = null;
  let lastWasDiscarded = false;
  for (const b of page) {
    const t = norm(b.text);
    if (!t) continue;
    const kept = exact.has(t) || (t.length >= 25 && maybeInside(t) && whole.includes(t));
    if (kept) {
      lastWasDiscarded = false;
      continue;
    }
    if (seen.has(t)) continue;
    seen.add(t);
    const kind = kindOf(b, cues);
    if (chars + b.text.length > MAX_DISCARDED_CHARS) break;
    chars += b.text.length;
    if (lastWasDiscarded && lastKind === kind && parts.length) {
      parts[parts.length - 1].text += `\n${b.text}`;
    } else {
      if (parts.length >= MAX_DISCARDED_PARTS) break;
      parts.push({ kind, text: b.text });
    }
    lastKind = kind;
    lastWasDiscarded = true;
  }
  return parts;
}

function wordTriples(text: string): Set<string> {
  const w = text.split(' ');
  const out = new Set<string>();
  for (let i = 0; i + 2 < w.length; i++) out.add(`${w[i]} ${w[i + 1]} ${w[i + 2]}`);
  return out;
}

/** Page blocks that look like body text (no boilerplate signal): the fallback content when extraction fails. */
export function bodyLikeBlocks(page: readonly RawBlock[]): RawBlock[] {
  const plain = page.filter((b) => !b.signal || b.signal === 'caption' || b.signal === 'credit');
  return plain.length ? plain : [...page];
}
