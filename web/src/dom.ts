/**
 * A tiny DOM builder. Strings always become text nodes: nothing in the app ever parses a string as HTML, so
 * article text (which may contain markup) is shown as text. Attributes are set one by one; inline event
 * handlers are refused (the CSP forbids them anyway) and only safe link targets are accepted.
 */

export type Child = Node | string | number | null | undefined | false | Child[];

export interface Attrs {
  class?: string | (string | false | null | undefined)[];
  on?: { [K in keyof HTMLElementEventMap]?: (ev: HTMLElementEventMap[K]) => void };
  style?: Partial<Record<string, string>>;
  dataset?: Record<string, string>;
  [attr: string]: unknown;
}

const SAFE_URL = /^(#|\.?\/|api\/|https?:\/\/)/i;

function setAttrs(el: Element, attrs: Attrs | null | undefined): void {
  if (!attrs) return;
  for (const [k, v] of Object.entries(attrs)) {
    if (v == null || v === false) continue;
    if (k === 'class') {
      const cls = Array.isArray(v) ? v.filter(Boolean).join(' ') : String(v);
      if (cls) el.setAttribute('class', cls);
    } else if (k === 'on') {
      for (const [ev, fn] of Object.entries(v as Record<string, EventListener>)) el.addEventListener(ev, fn);
    } else if (k === 'style') {
      // CSSOM, not the style attribute: allowed under a CSP without 'unsafe-inline' styles.
      const style = (el as HTMLElement | SVGElement).style;
      for (const [p, val] of Object.entries(v as Record<string, string>)) {
        if (val != null) style.setProperty(p, val);
      }
    } else if (k === 'dataset') {
      for (const [d, val] of Object.entries(v as Record<string, string>)) (el as HTMLElement).dataset[d] = val;
    } else if (/^on/i.test(k)) {
      throw new Error(`inline handler ${k} refused: use on: {…}`);
    } else if (k === 'href' || k === 'src' || k === 'xlink:href') {
      const url = String(v);
      if (!SAFE_URL.test(url)) throw new Error(`unsafe URL refused: ${url}`);
      el.setAttribute(k, url);
    } else if (v === true) {
      el.setAttribute(k, '');
    } else if (k in el && typeof v !== 'string' && typeof v !== 'number') {
      (el as unknown as Record<string, unknown>)[k] = v;
    } else {
      el.setAttribute(k, String(v));
    }
  }
}

function append(el: Node, children: Child[]): void {
  for (const c of children) {
    if (c == null || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else if (c instanceof Node) el.appendChild(c);
    else el.appendChild(document.createTextNode(String(c)));
  }
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Attrs | null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

export function s<K extends keyof SVGElementTagNameMap>(tag: K, attrs?: Attrs | null, ...children: Child[]): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG_NS, tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

export function clear(el: Element): void {
  while (el.firstChild) el.removeChild(el.firstChild);
}

export function mount(el: Element, ...children: Child[]): void {
  clear(el);
  append(el, children);
}

/** Text with `[`…`]` markers (search snippets): the marked words become <mark> elements, by splitting text. */
export function marked(snippet: string, open = '[', close = ']'): Node[] {
  const out: Node[] = [];
  let i = 0;
  while (i < snippet.length) {
    const a = snippet.indexOf(open, i);
    const b = a < 0 ? -1 : snippet.indexOf(close, a + open.length);
    if (a < 0 || b < 0) {
      out.push(document.createTextNode(snippet.slice(i)));
      break;
    }
    if (a > i) out.push(document.createTextNode(snippet.slice(i, a)));
    out.push(h('mark', null, snippet.slice(a + open.length, b)));
    i = b + close.length;
  }
  return out;
}

/** Sentence with one phrase emphasised (an event trigger), as text nodes. */
export function emphasise(sentence: string, phrase: string | null | undefined): Node[] {
  if (!phrase) return [document.createTextNode(sentence)];
  const i = sentence.toLowerCase().indexOf(phrase.toLowerCase());
  if (i < 0) return [document.createTextNode(sentence)];
  return [
    document.createTextNode(sentence.slice(0, i)),
    h('mark', { class: 'trigger' }, sentence.slice(i, i + phrase.length)),
    document.createTextNode(sentence.slice(i + phrase.length)),
  ];
}
