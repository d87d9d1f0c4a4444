import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { IngestError } from '../errors.js';
import { sha256Hex } from '../../model/ids.js';
import type { DeclaredMetadata, SourceItem } from '../../model/source.js';

type Node = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  textNodeName: '#text',
  cdataPropName: false,
  processEntities: true,
  htmlEntities: true,
  trimValues: true,
  parseTagValue: false,
  isArray: (name) => ['item', 'entry', 'link', 'author', 'category', 'dc:creator'].includes(name),
});

/** Text of an XML node whatever shape the parser gave it (string, {#text}, CDATA…). */
function text(v: unknown): string | null {
  if (v == null) return null;
  if (typeof v === 'string') return v.trim() || null;
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) return text(v[0]);
  if (typeof v === 'object') return text((v as Node)['#text']);
  return null;
}

function asArray(v: unknown): unknown[] {
  return v == null ? [] : Array.isArray(v) ? v : [v];
}

function atomLink(links: unknown): string | null {
  const list = asArray(links) as Node[];
  const alt = list.find((l) => typeof l === 'object' && (l['@rel'] === undefined || l['@rel'] === 'alternate'));
  const any = alt ?? list[0];
  if (!any) return null;
  return typeof any === 'string' ? any : (text(any['@href']) ?? text(any));
}

function names(v: unknown): string[] {
  return asArray(v)
    .map((a) => (typeof a === 'object' && a !== null && 'name' in (a as Node) ? text((a as Node).name) : text(a)))
    .filter((s): s is string => !!s);
}

function item(file: string, index: number, declared: DeclaredMetadata, guid: string | null, body: string | null): SourceItem {
  const content = body ?? declared.title ?? '';
  if (!content.trim()) throw new IngestError(file, `feed item ${index + 1} has no content`);
  const key = guid ?? declared.url ?? String(index + 1);
  return {
    source: `${file}#${key}`,
    contentHash: sha256Hex(JSON.stringify([content, declared])),
    // Feed bodies are HTML by specification (RSS description, Atom type="html"); plain text parses as HTML too.
    format: 'html',
    content,
    declared,
    repairs: [],
  };
}

/** RSS 2.0, RSS 1.0 (RDF) and Atom feeds: each item becomes one document with its link, date, title and content. */
export function readFeed(content: string, file: string): SourceItem[] {
  const valid = XMLValidator.validate(content);
  if (valid !== true) throw new IngestError(file, `malformed XML: ${valid.err.msg} (line ${valid.err.line})`);
  const doc = parser.parse(content) as Node;
  const rss = doc.rss as Node | undefined;
  const rdf = doc['rdf:RDF'] as Node | undefined;
  const atom = doc.feed as Node | undefined;
  if (rss || rdf) {
    const channel = ((rss?.channel ?? rdf?.channel) as Node | undefined) ?? {};
    const publisher = text(channel.title);
    const language = text(channel.language) ?? text(channel['dc:language']);
    const entries = asArray(rss ? channel.item : rdf?.item) as Node[];
    if (entries.length === 0) throw new IngestError(file, 'feed has no items');
    return entries.map((e, i) =>
      item(
        file,
        i,
        {
          title: text(e.title),
          url: text(e.link),
          published: text(e.pubDate) ?? text(e['dc:date']),
          publisher,
          authors: [...names(e.author), ...names(e['dc:creator'])],
          language,
        },
        text(e.guid),
        text(e['content:encoded']) ?? text(e.description),
      ),
    );
  }
  if (atom) {
    const publisher = text(atom.title);
    const entries = asArray(atom.entry) as Node[];
    if (entries.length === 0) throw new IngestError(file, 'feed has no items');
    return entries.map((e, i) =>
      item(
        file,
        i,
        {
          title: text(e.title),
          url: atomLink(e.link),
          published: text(e.published) ?? text(e.updated),
          publisher,
          authors: names(e.author),
          language: text(atom['@xml:lang']),
        },
        text(e.id),
        text(e.content) ?? text(e.summary),
      ),
    );
  }
  throw new IngestError(file, 'XML is neither an RSS nor an Atom feed');
}
