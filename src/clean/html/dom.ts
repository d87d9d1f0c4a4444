/**
 * The narrow slice of the DOM the HTML stage uses, and the one place that parses HTML.
 *
 * The project compiles without the DOM lib (it is a Node tool), and linkedom's own typings lean on DOM globals,
 * so the documents linkedom builds are cast once, here, to these small interfaces. Nothing outside
 * `src/clean/html/` sees them.
 */
import { parseHTML } from 'linkedom';

export const TEXT_NODE = 3;
export const ELEMENT_NODE = 1;

export interface DomNode {
  readonly nodeType: number;
  readonly nodeName: string;
  readonly parentNode: DomNode | null;
  readonly childNodes: ArrayLike<DomNode>;
  readonly textContent: string | null;
}

export interface DomElement extends DomNode {
  readonly tagName: string;
  readonly localName: string;
  readonly children: ArrayLike<DomElement>;
  getAttribute(name: string): string | null;
  hasAttribute(name: string): boolean;
  getElementsByTagName(name: string): ArrayLike<DomElement>;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
}

export interface DomDocument {
  readonly documentElement: DomElement | null;
  readonly head: DomElement | null;
  readonly body: DomElement | null;
  getElementsByTagName(name: string): ArrayLike<DomElement>;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
}

export function isElement(node: DomNode): node is DomElement {
  return node.nodeType === ELEMENT_NODE;
}

/** Lower-case local name of an element (linkedom reports HTML tag names upper-case, like browsers). */
export function tagOf(el: DomElement): string {
  return (el.localName || el.tagName || '').toLowerCase();
}

/**
 * Gives linkedom a complete `<html><head>…</head><body>…</body></html>` skeleton. linkedom does not run the
 * HTML5 tree-construction algorithm: text outside `<html>` or a page without `<body>` ends up outside the
 * body (or linkedom throws on a document with no element at all), where neither Readability nor our walkers
 * would see it. Browsers and jsdom repair this implicitly; we repair it textually.
 */
export function normalizeSkeleton(html: string): string {
  // NUL characters are not allowed in HTML text and confuse the tokenizer.
  const src = html.includes('\u0000') ? html.replace(/\u0000/g, '') : html;
  const hasHtml = /<html[\s>]/i.test(src);
  const hasBody = /<body[\s>]/i.test(src);
  if (hasHtml && hasBody) return src;
  if (!hasHtml) {
    if (hasBody) return `<!DOCTYPE html><html>${src}</html>`;
    // A fragment (possibly with its own <head>): keep head-only elements in the head so <title>/<meta> work.
    const headEnd = src.search(/<\/head\s*>/i);
    if (headEnd >= 0) {
      const close = src.indexOf('>', headEnd) + 1;
      return `<!DOCTYPE html><html>${src.slice(0, close)}<body>${src.slice(close)}</body></html>`;
    }
    return `<!DOCTYPE html><html><head></head><body>${src}</body></html>`;
  }
  // <html> without <body>: open the body right after </head>, or after the <html …> tag.
  const headEnd = src.search(/<\/head\s*>/i);
  let at: number;
  if (headEnd >= 0) at = src.indexOf('>', headEnd) + 1;
  else {
    const open = src.search(/<html[\s>]/i);
    at = src.indexOf('>', open) + 1;
  }
  const closeHtml = src.search(/<\/html\s*>/i);
  const end = closeHtml >= at ? closeHtml : src.length;
  return `${src.slice(0, at)}<body>${src.slice(at, end)}</body>${src.slice(end)}`;
}

/**
 * Comments, `<style>` and `<script>` elements (except JSON-LD, which carries metadata) carry no reading text and
 * are about half the bytes of a news page; Readability deletes them first thing anyway, so they are cut from
 * the string before parsing. One left-to-right pass: a `<script>` inside a comment or a `<!--` inside a script
 * is consumed by whichever opens first, as an HTML tokenizer would. Written as an opener search plus
 * `indexOf` for the closer (not one lazy regex) so that unclosed openers cannot make it quadratic; from the
 * first unclosed one on, the rest is left to the parser.
 */
const OPENER = /<!--|<(script|style)(?=[\s>/])([^>]{0,4000})>/gi;
const CLOSERS: Record<string, RegExp> = { script: /<\/script/gi, style: /<\/style/gi, comment: /-->/g };

export function stripNonText(html: string): string {
  OPENER.lastIndex = 0;
  let out = '';
  let at = 0;
  for (let m = OPENER.exec(html); m; m = OPENER.exec(html)) {
    const tag = m[1] ? m[1].toLowerCase() : 'comment';
    const closer = CLOSERS[tag];
    closer.lastIndex = m.index + m[0].length;
    const c = closer.exec(html);
    if (!c) break;
    const end = tag === 'comment' ? c.index + 3 : html.indexOf('>', c.index) + 1 || html.length;
    if (!(tag === 'script' && /ld\+json/i.test(m[2] ?? ''))) {
      out += html.slice(at, m.index);
      at = end;
    }
    OPENER.lastIndex = end;
  }
  return at === 0 ? html : out + html.slice(at);
}

/** Parses HTML into a linkedom document. Never throws for string input. */
export function parseDocument(html: string): DomDocument {
  try {
    return parseHTML(normalizeSkeleton(stripNonText(html))).document as unknown as DomDocument;
  } catch {
    // linkedom chokes on a few pathological inputs; an empty document is the honest answer.
    return parseHTML('<!DOCTYPE html><html><head></head><body></body></html>').document as unknown as DomDocument;
  }
}

/** Collapses runs of whitespace (including no-break spaces) to one space and trims. */
export function collapseSpace(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}
