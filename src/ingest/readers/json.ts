import { IngestError } from '../errors.js';
import { sha256Hex } from '../../model/ids.js';
import type { DeclaredMetadata, SourceItem } from '../../model/source.js';

/** The fields sitrep reads from a JSON article object; anything else is ignored. */
interface ArticleObject {
  text?: unknown;
  html?: unknown;
  title?: unknown;
  url?: unknown;
  published?: unknown;
  publisher?: unknown;
  authors?: unknown;
  language?: unknown;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null);

function authorsOf(v: unknown): string[] {
  if (typeof v === 'string') return v.trim() ? [v.trim()] : [];
  if (Array.isArray(v)) return v.flatMap((a) => (typeof a === 'string' ? [a.trim()] : str((a as { name?: unknown })?.name) ? [str((a as { name?: unknown }).name)!] : [])).filter(Boolean);
  return [];
}

function toItem(obj: unknown, file: string, where: string, itemSource: string): SourceItem {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) throw new IngestError(file, `${where}: expected an article object`);
  const a = obj as ArticleObject;
  const html = str(a.html);
  const text = typeof a.text === 'string' && a.text.trim() ? a.text : null;
  if (!html && !text) throw new IngestError(file, `${where}: object has neither "text" nor "html"`);
  const declared: DeclaredMetadata = {
    title: str(a.title),
    url: str(a.url),
    published: str(a.published) ?? (typeof a.published === 'number' ? new Date(a.published).toISOString() : null),
    publisher: str(a.publisher),
    authors: authorsOf(a.authors),
    language: str(a.language),
  };
  const content = html ?? text!;
  return {
    source: itemSource,
    contentHash: sha256Hex(JSON.stringify([html ? 'html' : 'text', content, declared])),
    format: html ? 'html' : 'text',
    content,
    declared,
    repairs: [],
  };
}

/** A JSON file: one article object, an array of them, or an object with an `items`/`articles` array. */
export function readJson(content: string, file: string): SourceItem[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch (err) {
    throw new IngestError(file, `malformed JSON: ${(err as Error).message}`);
  }
  let list: unknown[];
  if (Array.isArray(parsed)) list = parsed;
  else if (parsed && typeof parsed === 'object' && Array.isArray((parsed as { items?: unknown }).items)) list = (parsed as { items: unknown[] }).items;
  else if (parsed && typeof parsed === 'object' && Array.isArray((parsed as { articles?: unknown }).articles)) list = (parsed as { articles: unknown[] }).articles;
  else return [toItem(parsed, file, 'document', file)];
  if (list.length === 0) throw new IngestError(file, 'JSON array holds no articles');
  return list.map((o, i) => toItem(o, file, `item ${i + 1}`, `${file}#${i + 1}`));
}

/** JSON Lines: one article object per non-blank line. */
export function readJsonLines(content: string, file: string): SourceItem[] {
  const items: SourceItem[] = [];
  const lines = content.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!line) continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch (err) {
      throw new IngestError(file, `malformed JSON on line ${i + 1}: ${(err as Error).message}`);
    }
    items.push(toItem(parsed, file, `line ${i + 1}`, `${file}#${i + 1}`));
  }
  if (items.length === 0) throw new IngestError(file, 'no JSON objects found');
  return items;
}
