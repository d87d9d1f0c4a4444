/**
 * Metadata an HTML page declares about itself: `<meta>` (Open Graph, Twitter, Dublin Core, Parse.ly…),
 * JSON-LD (schema.org Article and kin), `<link rel=canonical>`, `<html lang>`, `<time>`, `<title>`, `<h1>`.
 *
 * Read from the untouched document, before Readability removes the scripts that carry JSON-LD. Values are
 * returned raw (dates as written); normalisation belongs to later stages. When several sources agree on a
 * field the structured one wins: JSON-LD, then the explicit `<meta>` vocabularies, then page markup.
 */
import type { DomDocument, DomElement } from './dom.js';
import { collapseSpace, tagOf } from './dom.js';

export interface PageMetadata {
  title: string | null;
  /** The byline from structured metadata (JSON-LD, `<meta>`); `authors` holds the cleaned names. */
  byline: string | null;
  authors: string[];
  /**
   * Text of the first rel=author link: a weaker source than a byline printed in the article (such links also
   * point to other writers from sidebars), so the caller ranks it after the article's byline.
   */
  linkedAuthor: string | null;
  published: string | null;
  siteName: string | null;
  publisher: string | null;
  url: string | null;
  language: string | null;
  excerpt: string | null;
}

/** schema.org types whose node describes the article itself (the list Readability uses, plus a few). */
const ARTICLE_TYPES =
  /^(?:Article|AdvertiserContentArticle|NewsArticle|AnalysisNewsArticle|AskPublicNewsArticle|BackgroundNewsArticle|OpinionNewsArticle|ReportageNewsArticle|ReviewNewsArticle|Report|SatiricalArticle|ScholarlyArticle|MedicalScholarlyArticle|SocialMediaPosting|BlogPosting|LiveBlogPosting|DiscussionForumPosting|TechArticle|APIReference|Review)$/;

type Json = string | number | boolean | null | Json[] | { [k: string]: Json };
type JsonObject = { [k: string]: Json };

const isObject = (v: Json | undefined): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Meta values are often HTML-escaped twice (`&amp;amp;`); linkedom decodes one level, this decodes the next. */
export function unescapeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s
    .replace(/&(?:quot|#34|#x22);/gi, '"')
    .replace(/&(?:apos|#39|#x27);/gi, "'")
    .replace(/&lt;/gi, '<')
    .replace(/&gt;/gi, '>')
    .replace(/&nbsp;/gi, '\u00a0')
    .replace(/&#x([0-9a-f]{1,6});/gi, (m, h: string) => codePoint(parseInt(h, 16), m))
    .replace(/&#(\d{1,7});/g, (m, d: string) => codePoint(parseInt(d, 10), m))
    .replace(/&amp;/gi, '&');
}

function codePoint(n: number, fallback: string): string {
  return n > 0 && n <= 0x10ffff && !(n >= 0xd800 && n <= 0xdfff) ? String.fromCodePoint(n) : fallback;
}

function clean(s: string | null | undefined): string | null {
  if (typeof s !== 'string') return null;
  const t = collapseSpace(unescapeEntities(s));
  return t || null;
}

function isUrl(s: string): boolean {
  return /^(?:https?:)?\/\//i.test(s.trim());
}

/**
 * `<meta>` values by lower-cased key, in document order. `property` (RDFa/Open Graph, may list several
 * space-separated keys) and `name`/`itemprop`/`http-equiv` are kept apart: when both state a key, the
 * `property` one wins, as in Readability (pages often carry a stale `name` duplicate).
 */
interface MetaTags {
  property: Map<string, string[]>;
  name: Map<string, string[]>;
}

function readMetaTags(doc: DomDocument): MetaTags {
  const tags: MetaTags = { property: new Map(), name: new Map() };
  const add = (map: Map<string, string[]>, key: string, content: string): void => {
    // "DC.title" and "dc:title" are the same Dublin Core key.
    const k = key.trim().toLowerCase().replace(/\s+/g, '').replace(/^(dc|dcterms?)\./, '$1:');
    if (!k) return;
    const list = map.get(k);
    if (list) list.push(content);
    else map.set(k, [content]);
  };
  const metas = doc.getElementsByTagName('meta');
  for (let i = 0; i < metas.length; i++) {
    const m = metas[i];
    const content = m.getAttribute('content');
    if (content == null || !content.trim()) continue;
    const property = m.getAttribute('property');
    if (property) for (const p of property.trim().split(/\s+/)) add(tags.property, p, content);
    for (const attr of ['name', 'itemprop', 'http-equiv']) {
      const v = m.getAttribute(attr);
      if (v) add(tags.name, v, content);
    }
  }
  return tags;
}

function metaValues(tags: MetaTags, key: string): string[] {
  return [...(tags.property.get(key) ?? []), ...(tags.name.get(key) ?? [])];
}

interface JsonLdArticle {
  title: string | null;
  authors: string[];
  published: string | null;
  publisher: string | null;
  excerpt: string | null;
  url: string | null;
  language: string | null;
}

/**
 * Every object node of a JSON-LD value: arrays flattened, `@graph` entries included, and a WebPage's
 * `mainEntity` (where some sites nest the article).
 */
function flattenJsonLd(value: Json, out: JsonObject[], depth = 0): void {
  if (depth > 6) return;
  if (Array.isArray(value)) {
    for (const v of value) flattenJsonLd(v, out, depth + 1);
  } else if (isObject(value)) {
    out.push(value);
    for (const key of ['@graph', 'mainEntity']) {
      const inner = value[key];
      if (inner !== undefined) flattenJsonLd(inner, out, depth + 1);
    }
  }
}

/** JSON.parse, retried once with raw control characters (newlines inside strings, a common CMS slip) as spaces. */
function parseJson(raw: string): Json | undefined {
  try {
    return JSON.parse(raw) as Json;
  } catch {
    try {
      return JSON.parse(raw.replace(/[\u0000-\u001f]+/g, ' ')) as Json;
    } catch {
      // Malformed JSON-LD (trailing commas, truncated scripts) is skipped: the page has other metadata.
      return undefined;
    }
  }
}

function typesOf(node: JsonObject): string[] {
  const t = node['@type'];
  const list = Array.isArray(t) ? t : [t];
  return list.filter((x): x is string => typeof x === 'string').map((x) => x.replace(/^.*[/:#]/, ''));
}

function readJsonLd(doc: DomDocument, htmlTitle: string): JsonLdArticle | null {
  const nodes: JsonObject[] = [];
  const scripts = doc.getElementsByTagName('script');
  for (let i = 0; i < scripts.length; i++) {
    const s = scripts[i];
    if ((s.getAttribute('type') ?? '').trim().toLowerCase() !== 'application/ld+json') continue;
    const raw = (s.textContent ?? '')
      .replace(/^\s*(?:<!\[CDATA\[|<!--)/, '')
      .replace(/(?:\]\]>|-->)\s*$/, '')
      .trim();
    if (!raw) continue;
    const parsed = parseJson(raw);
    if (parsed !== undefined) flattenJsonLd(parsed, nodes);
  }
  const article = nodes.find((n) => typesOf(n).some((t) => ARTICLE_TYPES.test(t)));
  if (!article) return null;
  const byId = new Map<string, JsonObject>();
  for (const n of nodes) if (typeof n['@id'] === 'string' && Object.keys(n).length > 1) byId.set(n['@id'], n);
  const deref = (v: Json | undefined): Json | undefined =>
    isObject(v) && typeof v['@id'] === 'string' && v.name === undefined ? (byId.get(v['@id']) ?? v) : v;
  const str = (v: Json | undefined): string | null => (typeof v === 'string' ? clean(v) : null);

  // Some sites put the site name in `name` and the headline in `headline` (or the reverse); prefer the one
  // that resembles the page's <title>, else the headline (it is the field meant for the article title).
  const name = str(article.name);
  const headline = str(article.headline);
  let title = headline ?? name;
  if (name && headline && name !== headline) {
    // Against the whole <title> and each of its parts ("New Zealand - Wikipedia" → "New Zealand").
    const titles = [htmlTitle, ...htmlTitle.split(TITLE_SEPARATOR)];
    const nameSim = Math.max(...titles.map((t) => similarity(name, t)));
    const headSim = Math.max(...titles.map((t) => similarity(headline, t)));
    title = nameSim > 0.75 && headSim <= 0.75 ? name : headline;
  }

  const authors: string[] = [];
  // Only `author`: `creator` is often the CMS account that filed the piece ("CC7567"), not the writer.
  const authorValue = deref(article.author);
  for (const a of Array.isArray(authorValue) ? authorValue : [authorValue]) {
    const node = deref(a);
    const n = typeof node === 'string' ? clean(node) : isObject(node) ? str(node.name) : null;
    if (n && !isUrl(n)) authors.push(n);
  }

  const pub = deref(article.publisher);
  const publisher = typeof pub === 'string' ? clean(pub) : isObject(pub) ? str(pub.name) : null;
  const published = str(article.datePublished) ?? str(article.dateCreated);
  const main = deref(article.mainEntityOfPage);
  const url = str(article.url) ?? (typeof main === 'string' ? clean(main) : isObject(main) ? str(main['@id']) : null);
  const lang = article.inLanguage;
  return {
    title,
    authors,
    published,
    publisher,
    excerpt: str(article.description),
    url,
    language: typeof lang === 'string' ? clean(lang) : isObject(lang) ? str(lang.name) : null,
  };
}

/** Share of distinct words of `b` found in `a` (Readability's measure for the name/headline choice). */
function similarity(a: string, b: string): number {
  const tok = (s: string): string[] => s.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  const ta = new Set(tok(a));
  const tb = tok(b);
  if (!ta.size || !tb.length) return 0;
  const rest = tb.filter((t) => !ta.has(t));
  const total = tb.join(' ').length;
  return total ? 1 - rest.join(' ').length / total : 0;
}

/** Title separators: " | Site", " - Site", " — Site", " · Site", " :: Site", " » Site". */
const TITLE_SEPARATOR = /\s+(?:\||-|–|—|·|::|»|\/)\s+/;

const looseName = (s: string): string => s.toLowerCase().replace(/^(?:www\.)|[^\p{L}\p{N}]+/gu, '');

/**
 * The `<title>` without its site part. " | Site" (or "Site | ") is cut when that part names the site
 * (og:site_name, publisher, application name, host name) or the author ("Title | Jane Doe"). When the page
 * declares no site name at all, a short last part (≤ 3 words) after a headline of 3+ words is taken for the
 * site name, the usual shape of `<title>`. Otherwise the title is kept whole.
 */
export function stripSiteFromTitle(
  title: string,
  siteNames: readonly string[],
  host: string | null,
  authors: readonly string[],
): string {
  const pieces = title.split(TITLE_SEPARATOR);
  if (pieces.length < 2) return title;
  const names = [...siteNames, ...authors].map(looseName).filter(Boolean);
  const bareHost = host ? host.replace(/^www\./, '') : '';
  const hostNames = [looseName(bareHost), looseName(bareHost.replace(/\.[a-z]+$/, ''))].filter((h) => h.length > 2);
  const isName = (piece: string): boolean => {
    const p = looseName(piece);
    return !!p && (names.includes(p) || hostNames.includes(p));
  };
  const wordCount = (s: string): number => s.trim().split(/\s+/).filter(Boolean).length;
  const cutLast = (): string => {
    const last = pieces[pieces.length - 1];
    return title.slice(0, title.length - last.length).replace(/\s*(?:\||-|–|—|·|::|»|\/)\s*$/, '').trim() || title;
  };
  if (isName(pieces[pieces.length - 1])) return cutLast();
  if (isName(pieces[0])) {
    return title.slice(pieces[0].length).replace(/^\s*(?:\||-|–|—|·|::|»|\/)\s*/, '').trim() || title;
  }
  if (siteNames.length === 0) {
    const head = cutLast();
    if (wordCount(pieces[pieces.length - 1]) <= 3 && wordCount(head) >= 3) return head;
  }
  return title;
}

/** Cleans a byline into names: drops "By", dates and roles, splits "A and B" / "A, B" when both look like names. */
export function splitAuthors(byline: string): string[] {
  let s = byline.split('\n')[0];
  s = s.replace(/^\s*(?:written\s+by|posted\s+by|by|par|von|por|di|door|av|af)\s*[:\-]?\s+/i, '');
  // A date glued after the name ("Jane Doe March 3, 2015", "by Lucas Nolan22 Dec 2016").
  s = s.replace(/\s*(?:\d{1,2}\s*)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}.*$/i, '');
  s = s.replace(/\s*\d{1,4}[./-]\d{1,2}[./-]\d{1,4}.*$/, '');
  s = s.replace(/\s*\|.*$/, '');
  s = collapseSpace(s);
  if (!s || isUrl(s) || s.includes('@')) return [];
  const pieces = s.split(/\s*(?:,|;|\band\b|\bund\b|\bet\b|\by\b|&)\s*/i).map((p) => p.trim()).filter(Boolean);
  // "Jong, Michiel de" or "Mac & i" are one name: split only when every piece looks like a full name.
  const names = pieces.length > 1 && pieces.every((p) => p.split(/\s+/).length >= 2) ? pieces : [s];
  return names.filter((n) => n.length <= 80 && /\p{L}/u.test(n));
}

function first(tags: MetaTags, keys: readonly string[], accept?: (v: string) => boolean): string | null {
  for (const k of keys) {
    for (const v of metaValues(tags, k)) {
      const c = clean(v);
      if (c && (!accept || accept(c))) return c;
    }
  }
  return null;
}

/** All distinct values of the first key that has an acceptable one. */
function allOf(tags: MetaTags, keys: readonly string[], accept: (v: string) => boolean): string[] {
  for (const k of keys) {
    // `property` values, when present, replace the `name` ones rather than adding to them (see MetaTags).
    for (const source of [tags.property.get(k), tags.name.get(k)]) {
      const values = Array.from(new Set((source ?? []).map((v) => clean(v)).filter((v): v is string => !!v && accept(v))));
      if (values.length) return values;
    }
  }
  return [];
}

/** Names joined for a byline; "; " when a name has its own comma ("Jong, Michiel de"). */
function joinNames(names: readonly string[]): string {
  return names.join(names.some((n) => n.includes(',')) ? '; ' : ', ');
}

function resolveUrl(href: string | null, base: string | null): string | null {
  if (!href) return null;
  try {
    return new URL(href.trim(), base ?? undefined).href;
  } catch {
    return null;
  }
}

/** `<time datetime>` of the article header: a `pubdate` time, else the first time inside article/header. */
function articleTime(doc: DomDocument): string | null {
  const times = doc.getElementsByTagName('time');
  let fallback: string | null = null;
  for (let i = 0; i < times.length; i++) {
    const t = times[i];
    const dt = clean(t.getAttribute('datetime'));
    if (!dt) continue;
    if (t.hasAttribute('pubdate') || (t.getAttribute('itemprop') ?? '').toLowerCase() === 'datepublished') return dt;
    if (fallback === null) {
      for (let p = t.parentNode; p; p = p.parentNode) {
        if (p.nodeType !== 1) break;
        const tag = tagOf(p as DomElement);
        if (tag === 'article' || tag === 'header' || tag === 'main') {
          fallback = dt;
          break;
        }
        if (tag === 'footer' || tag === 'aside' || tag === 'nav') break;
      }
    }
  }
  return fallback;
}

const PUBLISHED_KEYS = [
  'article:published_time',
  'parsely-pub-date',
  'og:published_time',
  'article:published',
  'datepublished',
  'published_time',
  'publishdate',
  'publish-date',
  'pubdate',
  'dc:date.issued',
  'dcterms:issued',
  'dc:date',
  'dcterms:date',
  'dcterms:created',
  'sailthru.date',
  'date',
  'cxenseparse:recs:publishtime',
];

const TITLE_KEYS = [
  'dc:title', 'dcterm:title', 'dcterms:title', 'og:title', 'weibo:article:title', 'weibo:webpage:title', 'title',
  'twitter:title', 'parsely-title',
];
const AUTHOR_KEYS = ['dc:creator', 'dcterm:creator', 'dcterms:creator', 'author', 'parsely-author', 'sailthru.author'];
const DESCRIPTION_KEYS = [
  'dc:description', 'dcterm:description', 'dcterms:description', 'og:description', 'weibo:article:description',
  'weibo:webpage:description', 'description', 'twitter:description',
];

/** First element of `tag` whose `attr` (a space-separated list) contains `token`. */
function withToken(doc: DomDocument, tag: string, attr: string, token: string): DomElement | null {
  const els = doc.getElementsByTagName(tag);
  for (let i = 0; i < els.length; i++) {
    const v = els[i].getAttribute(attr);
    if (v && v.toLowerCase().split(/\s+/).includes(token)) return els[i];
  }
  return null;
}

/** Reads the page's declared metadata. `url` is the page address, used to resolve a relative canonical link. */
export function readMetadata(doc: DomDocument, url: string | null): PageMetadata {
  const meta = readMetaTags(doc);
  const titleEl = doc.getElementsByTagName('title')[0];
  const htmlTitle = titleEl ? collapseSpace(titleEl.textContent ?? '') : '';
  let host: string | null = null;
  try {
    host = url ? new URL(url).hostname : null;
  } catch {
    host = null;
  }

  const siteNameMeta = first(meta, ['og:site_name']);
  const appName = first(meta, ['application-name', 'apple-mobile-web-app-title']);
  // The JSON-LD name/headline choice compares with the <title>; strip its site part first when we can.
  const ld = readJsonLd(doc, stripSiteFromTitle(htmlTitle, [siteNameMeta, appName].filter((x): x is string => !!x), host, []));
  const siteName = siteNameMeta ?? ld?.publisher ?? appName;
  const publisher = ld?.publisher ?? siteNameMeta ?? first(meta, ['publisher', 'dc:publisher']) ?? appName;

  // Authors: structured sources only here; the caller adds the article's printed byline, then rel=author.
  const notUrl = (v: string): boolean => !isUrl(v);
  let byline: string | null = null;
  let authors: string[] = [];
  if (ld?.authors.length) {
    byline = ld.authors.join(', ');
    authors = [...ld.authors];
  }
  if (!byline) {
    // One <meta> per author is common (`DC.creator` twice): all values of the first key that has any.
    const metaAuthors = allOf(meta, AUTHOR_KEYS, notUrl);
    if (metaAuthors.length > 1) {
      byline = joinNames(metaAuthors);
      authors = metaAuthors;
    } else if (metaAuthors.length === 1) byline = metaAuthors[0];
  }
  if (!byline) {
    // article:author may repeat, one per author; it is often a profile URL, which is not a name.
    const articleAuthors = metaValues(meta, 'article:author')
      .map((v) => clean(v))
      .filter((v): v is string => !!v && notUrl(v));
    if (articleAuthors.length) {
      byline = joinNames(articleAuthors);
      authors = articleAuthors;
    }
  }
  if (byline && !authors.length) authors = splitAuthors(byline);
  const rel = withToken(doc, 'a', 'rel', 'author') ?? withToken(doc, 'link', 'rel', 'author');
  const relText = rel ? clean(rel.textContent) : null;
  const linkedAuthor = relText && relText.length <= 100 && !isUrl(relText) ? relText : null;

  let title = ld?.title ?? first(meta, TITLE_KEYS);
  if (!title && htmlTitle) {
    title = stripSiteFromTitle(htmlTitle, [siteName, publisher, appName].filter((x): x is string => !!x), host, authors);
  }
  if (!title) {
    const h1 = doc.getElementsByTagName('h1')[0];
    title = h1 ? clean(h1.textContent) : null;
  }

  const published = ld?.published ?? first(meta, PUBLISHED_KEYS) ?? articleTime(doc);

  const canonical = withToken(doc, 'link', 'rel', 'canonical');
  const pageUrl =
    resolveUrl(canonical?.getAttribute('href') ?? null, url) ??
    resolveUrl(first(meta, ['og:url']), url) ??
    resolveUrl(ld?.url ?? null, url) ??
    resolveUrl(url, null);

  const root = doc.documentElement;
  const htmlLang = clean(root?.getAttribute('lang') ?? root?.getAttribute('xml:lang') ?? null);
  const ogLocale = first(meta, ['og:locale']);
  const language =
    htmlLang ??
    (ogLocale ? ogLocale.replace(/_/g, '-') : null) ??
    first(meta, ['content-language', 'language', 'dc:language']) ??
    ld?.language ??
    null;

  const excerpt = ld?.excerpt ?? first(meta, DESCRIPTION_KEYS);

  return { title, byline, authors, linkedAuthor, published, siteName, publisher, url: pageUrl, language, excerpt };
}
