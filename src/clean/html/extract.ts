/**
 * HTML main-content extraction: linkedom parses, Mozilla Readability finds the article, our walker turns the
 * article into plain-text blocks, and everything else on the page is reported as discarded with a kind.
 */
import { Readability } from '@mozilla/readability';
import type { Block } from '../blocks.js';
import type { RemovedPart } from '../../model/document.js';
import type { DeclaredMetadata } from '../../model/source.js';
import { type DomElement, ELEMENT_NODE, parseDocument } from './dom.js';
import { bodyLikeBlocks, collectDiscarded, signalOf } from './discarded.js';
import { readMetadata, splitAuthors } from './metadata.js';
import { type RawBlock, assemble, toRawBlocks } from './to-blocks.js';

export interface HtmlMetadata extends DeclaredMetadata {
  siteName?: string | null;
  /** The byline as written on the page (may start with "By"); `authors` holds the cleaned names. */
  byline?: string | null;
  excerpt?: string | null;
}

export interface HtmlExtraction {
  /** The main content as plain text: blocks joined by blank lines. */
  content: string;
  /** Paragraph-level blocks of `content`, offsets into it. */
  blocks: Block[];
  /** Text the main-content extraction left out (navigation, related links…), with its kind. */
  discarded: RemovedPart[];
  meta: HtmlMetadata;
  /** How the content was found: Readability's article, or the page body when Readability found none. */
  method: 'readability' | 'body';
}

/**
 * Below this many characters Readability's result is not trusted: on short pages it settles on one small
 * fragment, or takes the whole body menus included. The page's body-like blocks (no navigation/footer/…
 * signal) are used instead, unless they hold less than half as much text (the signals then were wrong).
 */
const TINY_ARTICLE_CHARS = 200;

/**
 * Pages beyond these sizes skip Readability and fall back to the body text. Readability's time grows roughly
 * with the cube of nesting depth (1,000 nested divs: 14 s; 5,000: does not finish) and faster than linearly
 * with element count (20,000 empty paragraphs: 1.5 s), and its own element limit (`maxElemsToParse`) counts
 * with `getElementsByTagName('*')`, which linkedom answers with nothing. Real pages stay far below: among
 * Readability's 130 test pages the deepest nests 37 levels and the largest has 9,900 elements.
 */
const MAX_DEPTH = 120;
const MAX_ELEMENTS = 30_000;

/** Whether the element tree stays within MAX_DEPTH and MAX_ELEMENTS (stops counting as soon as it does not). */
function withinLimits(root: DomElement): boolean {
  const stack: Array<[DomElement, number]> = [[root, 0]];
  let count = 0;
  while (stack.length) {
    const [el, depth] = stack.pop()!;
    if (depth > MAX_DEPTH || ++count > MAX_ELEMENTS) return false;
    const kids = el.children;
    for (let i = 0; i < kids.length; i++) stack.push([kids[i], depth + 1]);
  }
  return true;
}

interface ReadabilityArticle {
  content: unknown;
  title?: string | null;
  byline?: string | null;
  siteName?: string | null;
  excerpt?: string | null;
  lang?: string | null;
}

function runReadability(doc: unknown): ReadabilityArticle | null {
  try {
    // The serializer hands back the article element itself, so we walk it instead of re-parsing its HTML.
    // classesToPreserve matches the options of Readability's own test-suite (whose output we are measured on).
    // Readability's typings name DOM globals this project does not load; the document is linkedom's.
    const reader = new Readability<unknown>(doc as never, {
      classesToPreserve: ['caption'],
      serializer: (node: unknown) => node,
    });
    return reader.parse() as ReadabilityArticle | null;
  } catch {
    return null;
  }
}

const textLength = (blocks: readonly RawBlock[]): number => blocks.reduce((n, b) => n + b.text.length, 0);

/**
 * Extracts the main content and metadata of an HTML page. Never throws on malformed markup: whatever can be
 * read is returned (possibly empty content), and the caller decides what an empty page means.
 * `url` is the page address: it resolves a relative canonical link and is the fallback `meta.url`.
 */
export function extractHtml(html: string, url?: string | null): HtmlExtraction {
  const doc = parseDocument(typeof html === 'string' ? html : String(html ?? ''));
  const base = url ?? null;

  // Everything below reads the untouched document; Readability mutates it afterwards.
  const pageMeta = readMetadata(doc, base);
  const root: DomElement | null = doc.body ?? doc.documentElement;
  const page = root ? toRawBlocks(root, { signal: signalOf, skipHidden: true }) : [];

  const article = root && withinLimits(root) ? runReadability(doc) : null;
  const articleEl = asElement(article?.content);
  let raw: RawBlock[] = articleEl ? toRawBlocks(articleEl) : [];
  let method: HtmlExtraction['method'] = 'readability';

  const bodyLike = bodyLikeBlocks(page);
  const articleChars = textLength(raw);
  if (raw.length === 0 || (articleChars < TINY_ARTICLE_CHARS && 2 * textLength(bodyLike) >= articleChars)) {
    raw = bodyLike;
    method = 'body';
  }

  const { content, blocks } = assemble(raw);
  const language = pageMeta.language ?? article?.lang ?? null;
  const discarded = collectDiscarded(
    page,
    blocks.map((b) => b.text),
    language,
  );

  // Byline: structured metadata, else the byline Readability found printed in the article (class="byline"…),
  // else the first rel=author link of the page.
  const byline = pageMeta.byline ?? cleanText(article?.byline) ?? pageMeta.linkedAuthor;
  const authors = pageMeta.authors.length || !byline ? pageMeta.authors : splitAuthors(byline);
  const meta: HtmlMetadata = {
    title: pageMeta.title ?? cleanText(article?.title),
    url: pageMeta.url,
    published: pageMeta.published,
    publisher: pageMeta.publisher ?? pageMeta.siteName ?? cleanText(article?.siteName),
    authors,
    language,
    siteName: pageMeta.siteName ?? cleanText(article?.siteName),
    byline,
    excerpt: pageMeta.excerpt ?? cleanText(article?.excerpt),
  };
  return { content, blocks, discarded, meta, method };
}

function asElement(v: unknown): DomElement | null {
  return typeof v === 'object' && v !== null && (v as { nodeType?: unknown }).nodeType === ELEMENT_NODE ? (v as DomElement) : null;
}

function cleanText(s: string | null | undefined): string | null {
  const t = typeof s === 'string' ? s.replace(/\s+/g, ' ').trim() : '';
  return t || null;
}
