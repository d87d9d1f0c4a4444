import type { Block } from '../blocks.js';
import type { RemovedPart } from '../../model/document.js';
import type { DeclaredMetadata } from '../../model/source.js';

export interface HtmlMetadata extends DeclaredMetadata {
  siteName?: string | null;
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
}

/** Extracts the main content and metadata of an HTML page. (Stub: replaced by the HTML work.) */
export function extractHtml(html: string, url?: string | null): HtmlExtraction {
  void url;
  const content = html.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
  return { content, blocks: [{ text: content, start: 0, end: content.length, tag: 'p', linkDensity: 0 }], discarded: [], meta: {} };
}
