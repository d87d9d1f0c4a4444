/**
 * Turns a DOM subtree into plain-text blocks: one block per paragraph-level element.
 *
 * Used twice: on Readability's article element (the content) and on the untouched page body (to find what the
 * extraction left out, and as the fallback content). Both go through the same walker so that a paragraph reads
 * the same in both and the two can be compared by text.
 */
import type { Block } from '../blocks.js';
import type { RemovedKind } from '../../model/document.js';
import { type DomElement, type DomNode, TEXT_NODE, isElement, tagOf } from './dom.js';

/** Elements whose text is one block of their own. */
const LEAF_BLOCKS = new Set([
  'p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'blockquote', 'pre', 'figcaption', 'dd', 'dt', 'caption', 'td',
  'th', 'address', 'summary', 'legend',
]);

/** Elements that end the running block but do not name one (loose text inside gets the container's tag). */
const CONTAINERS = new Set([
  'html', 'body', 'div', 'section', 'article', 'main', 'aside', 'header', 'footer', 'nav', 'ul', 'ol', 'dl',
  'table', 'thead', 'tbody', 'tfoot', 'tr', 'figure', 'form', 'fieldset', 'details', 'center', 'hgroup', 'menu',
  'dialog', 'hr', 'search',
]);

/**
 * Elements whose contents are not reading text: code, styling, embedded objects, form widgets (a country
 * `<select>` would otherwise dump hundreds of names), and inline SVG/MathML markup (MathML holds layout
 * duplicates of the formula, SVG holds labels of drawings).
 */
const SKIP = new Set([
  'script', 'style', 'noscript', 'template', 'head', 'title', 'meta', 'link', 'iframe', 'object', 'embed',
  'canvas', 'select', 'option', 'optgroup', 'datalist', 'textarea', 'input', 'svg', 'audio', 'video', 'source',
  'track', 'map', 'param', 'picture', 'img',
]);

/** Tags that make a table cell a layout cell rather than a data cell. */
const BLOCKISH = new Set([...LEAF_BLOCKS, ...CONTAINERS]);
BLOCKISH.delete('td');
BLOCKISH.delete('th');

/** Deeply nested (usually broken) markup is read as flat text below this depth, to keep the stack bounded. */
const MAX_DEPTH = 300;

export interface RawBlock {
  text: string;
  tag: string;
  linkDensity: number;
  /** Innermost removal-kind signal of the block's ancestors (only when a `signal` function was given). */
  signal: RemovedKind | null;
}

export interface WalkOptions {
  /** Returns an element's own removal-kind signal (class/id/role/tag), or null. */
  signal?: (el: DomElement, inArticle: boolean) => RemovedKind | null;
  /** Skip elements marked hidden (hidden attribute, aria-hidden, display:none) — for the untouched page. */
  skipHidden?: boolean;
}

interface Part {
  s: string;
  link: boolean;
  br?: boolean;
  sep?: boolean;
}

interface Frame {
  tag: string;
  signal: RemovedKind | null;
}

function isHidden(el: DomElement): boolean {
  if (el.hasAttribute('hidden')) return true;
  if (el.getAttribute('aria-hidden') === 'true') return true;
  const style = el.getAttribute('style');
  return !!style && /(?:display\s*:\s*none|visibility\s*:\s*hidden)/i.test(style);
}

/** A row is read as one block ("a | b | c") unless a cell holds block structure (then it is a layout table). */
function isDataRow(tr: DomElement): boolean {
  const stack: DomElement[] = [];
  for (const cell of Array.from(tr.children)) stack.push(cell);
  let seen = 0;
  while (stack.length) {
    const el = stack.pop()!;
    if (++seen > 500) return false;
    const tag = tagOf(el);
    if (tag !== 'td' && tag !== 'th' && BLOCKISH.has(tag)) return false;
    for (const c of Array.from(el.children)) stack.push(c);
  }
  return true;
}

class Walker {
  readonly out: RawBlock[] = [];
  private parts: Part[] = [];
  private frames: Frame[] = [{ tag: 'div', signal: null }];
  private linkDepth = 0;
  private preDepth = 0;
  private captionDepth = 0;
  private articleDepth = 0;
  /** True right after a link closed with no text since: adjacent links (menus) get a space between them. */
  private afterLink = false;

  constructor(private readonly opts: WalkOptions) {}

  walk(node: DomNode, depth: number): void {
    if (node.nodeType === TEXT_NODE) {
      const s = node.textContent ?? '';
      if (s) {
        this.parts.push({ s, link: this.linkDepth > 0 });
        if (/\S/.test(s)) this.afterLink = false;
      }
      return;
    }
    if (!isElement(node)) return;
    const el = node;
    const tag = tagOf(el);
    if (SKIP.has(tag)) return;
    if (this.opts.skipHidden && isHidden(el)) return;
    if (depth > MAX_DEPTH) {
      this.parts.push({ s: ` ${el.textContent ?? ''} `, link: this.linkDepth > 0 });
      return;
    }
    if (tag === 'br') {
      this.parts.push({ s: '\n', link: false, br: true });
      return;
    }
    const leaf = LEAF_BLOCKS.has(tag);
    if (leaf || CONTAINERS.has(tag)) {
      if (tag === 'tr' && isDataRow(el)) return this.row(el, depth);
      this.block(el, tag, depth);
      return;
    }
    // Inline element.
    if (tag === 'a') {
      if (this.afterLink) this.parts.push({ s: ' ', link: false });
      this.linkDepth++;
    }
    this.children(el, depth);
    if (tag === 'a') {
      this.linkDepth--;
      this.afterLink = true;
    }
  }

  private children(el: DomElement, depth: number): void {
    const kids = el.childNodes;
    for (let i = 0; i < kids.length; i++) this.walk(kids[i], depth + 1);
  }

  private enter(el: DomElement, tag: string): void {
    const isArticle = tag === 'article' || tag === 'main';
    if (isArticle) this.articleDepth++;
    const parent = this.frames[this.frames.length - 1];
    const own = this.opts.signal ? this.opts.signal(el, this.articleDepth > 0) : null;
    this.frames.push({ tag, signal: own ?? parent.signal });
    if (tag === 'pre') this.preDepth++;
    if (tag === 'figcaption') this.captionDepth++;
  }

  private leave(tag: string): void {
    this.frames.pop();
    if (tag === 'pre') this.preDepth--;
    if (tag === 'figcaption') this.captionDepth--;
    if (tag === 'article' || tag === 'main') this.articleDepth--;
  }

  private block(el: DomElement, tag: string, depth: number): void {
    this.flush();
    this.enter(el, tag);
    this.children(el, depth);
    this.flush();
    this.leave(tag);
  }

  private row(tr: DomElement, depth: number): void {
    this.flush();
    this.enter(tr, 'tr');
    let first = true;
    const kids = tr.childNodes;
    for (let i = 0; i < kids.length; i++) {
      const k = kids[i];
      if (isElement(k) && (tagOf(k) === 'td' || tagOf(k) === 'th')) {
        if (!first) this.parts.push({ s: '', link: false, sep: true });
        first = false;
        this.children(k, depth + 2);
      } else this.walk(k, depth + 1);
    }
    this.flush();
    this.leave('tr');
  }

  /** Emits the running text as a block with the innermost open block's tag. */
  flush(): void {
    const parts = this.parts;
    this.afterLink = false;
    if (parts.length === 0) return;
    this.parts = [];
    const frame = this.frames[this.frames.length - 1];
    const pre = this.preDepth > 0;
    let text = '';
    let linkChars = 0;
    let allChars = 0;
    let pendingSep = false;
    for (const p of parts) {
      if (p.sep) {
        pendingSep = true;
        continue;
      }
      const s = p.br ? '\n' : pre ? p.s.replace(/\r\n?/g, '\n') : p.s.replace(/\s+/g, ' ');
      if (pendingSep && /\S/.test(s) && /\S/.test(text)) {
        text += ' | ';
        pendingSep = false;
      }
      text += s;
      const visible = p.br ? 0 : s.replace(/\s+/g, '').length;
      allChars += visible;
      if (p.link) linkChars += visible;
    }
    if (pre) {
      // Keep code lines and their indentation; drop blank lines so a block never holds a paragraph break.
      text = text
        .split('\n')
        .map((l) => l.replace(/\s+$/, ''))
        .filter((l) => l.trim() !== '')
        .join('\n');
    } else {
      text = text.replace(/ *\n[ \n]*/g, '\n').replace(/ {2,}/g, ' ').replace(/^[ \n]+|[ \n]+$/g, '');
    }
    if (!text.trim()) return;
    this.out.push({
      text,
      tag: this.captionDepth > 0 ? 'figcaption' : frame.tag,
      linkDensity: allChars ? linkChars / allChars : 0,
      signal: frame.signal,
    });
  }
}

/** Walks `root` and returns its paragraph-level text blocks, in document order. */
export function toRawBlocks(root: DomElement, opts: WalkOptions = {}): RawBlock[] {
  const w = new Walker(opts);
  w.walk(root, 0);
  w.flush();
  return w.out;
}

/** Joins blocks with blank lines into one content string and records each block's offsets into it. */
export function assemble(raw: ReadonlyArray<Pick<RawBlock, 'text' | 'tag' | 'linkDensity'>>): {
  content: string;
  blocks: Block[];
} {
  const blocks: Block[] = [];
  let content = '';
  for (const b of raw) {
    if (content) content += '\n\n';
    const start = content.length;
    content += b.text;
    blocks.push({ text: b.text, start, end: content.length, tag: b.tag, linkDensity: b.linkDensity });
  }
  return { content, blocks };
}
