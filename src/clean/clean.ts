import { assembleWithout, linesToBlocks, type Block } from './blocks.js';
import { separateBoilerplate } from './boilerplate.js';
import { extractHtml, type HtmlMetadata } from './html/extract.js';
import { detectLanguage } from './language.js';
import { markdownToText } from './markdown.js';
import { resolvePublished } from './published.js';
import { takeHeadline } from './title.js';
import { repairMojibake } from '../ingest/encoding/mojibake.js';
import { IngestError } from '../ingest/errors.js';
import { contentId } from '../model/ids.js';
import type { DocumentRecord, RemovedPart, Repair } from '../model/document.js';
import type { SourceItem } from '../model/source.js';

const normalizeSpace = (s: string): string => s.replace(/\s+/g, ' ').trim();

function mergeRepairs(...lists: Repair[][]): Repair[] {
  const byKey = new Map<string, Repair>();
  for (const r of lists.flat()) {
    const key = `${r.kind}\u0000${r.before}\u0000${r.after}`;
    const seen = byKey.get(key);
    if (seen) seen.count += r.count;
    else byKey.set(key, { ...r });
  }
  return [...byKey.values()];
}

function firstNonEmpty(...values: Array<string | null | undefined>): string | null {
  for (const v of values) if (v && v.trim()) return normalizeSpace(v);
  return null;
}

/**
 * The clean stage: from one source item to the contract's document record — encoding repaired, main content
 * extracted (HTML), boilerplate separated and kept aside in `removed`, title, language and publication date set.
 * Pure: the same item always gives the same record.
 */
export function cleanItem(item: SourceItem): DocumentRecord {
  const repaired = repairMojibake(item.content);
  const declared = item.declared;
  let content: string;
  let blocks: Block[];
  const removed: RemovedPart[] = [];
  let htmlMeta: HtmlMetadata = {};

  if (item.format === 'html') {
    const extraction = extractHtml(repaired.text, declared.url ?? null);
    content = extraction.content;
    blocks = extraction.blocks;
    htmlMeta = extraction.meta;
    removed.push(...extraction.discarded);
  } else {
    content = item.format === 'markdown' ? markdownToText(repaired.text) : repaired.text;
    blocks = linesToBlocks(content);
  }

  const roughLanguage = detectLanguage(content.slice(0, 5000), declared.language ?? htmlMeta.language ?? null);
  const separation = separateBoilerplate(blocks, { language: roughLanguage });
  const dropped: Block[] = separation.removed.map((r) => r.block);
  for (const r of separation.removed) removed.push({ kind: r.kind, text: r.text });

  let title = firstNonEmpty(declared.title, htmlMeta.title);
  const kept = separation.kept;
  if (title) {
    // A body that repeats the stated title as its first line would read it twice.
    const first = kept[0];
    if (first && normalizeSpace(first.text) === title) dropped.push(first);
  } else if (item.format !== 'html') {
    const headline = takeHeadline(kept);
    if (headline.title && headline.block) {
      title = normalizeSpace(headline.title);
      dropped.push(headline.block);
    }
  }

  const text = assembleWithout(content, dropped);
  if (!text) throw new IngestError(item.source, item.format === 'html' ? 'no readable text in the HTML' : 'no body text left after cleaning');
  const language = detectLanguage(text, declared.language ?? htmlMeta.language ?? null);
  const authors = (declared.authors?.length ? declared.authors : (htmlMeta.authors ?? [])).map(normalizeSpace).filter(Boolean);
  const published = resolvePublished({ text, declared: declared.published ?? htmlMeta.published ?? null, language });

  return {
    id: contentId('doc', item.contentHash),
    source: item.source,
    title,
    publisher: firstNonEmpty(declared.publisher, htmlMeta.publisher, htmlMeta.siteName),
    authors: [...new Set(authors)],
    published,
    language,
    text,
    removed,
    repairs: mergeRepairs(item.repairs, repaired.repairs),
    url: firstNonEmpty(declared.url, htmlMeta.url),
    contentHash: item.contentHash,
  };
}
