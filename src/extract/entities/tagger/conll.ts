/**
 * Reader for CoNLL-2003 style files (one token per line, label in the last column, blank line between sentences,
 * `-DOCSTART-` between documents). Used by training and evaluation only; the product never reads these files.
 */
import { readFileSync } from 'node:fs';
import { iobToSpans, type TokenSpan } from './tags.js';

export interface LabeledSentence {
  words: string[];
  /** Gold entity spans (token indices, end exclusive). */
  spans: TokenSpan[];
}

export interface LabeledDocument {
  sentences: LabeledSentence[];
}

/** Parses CoNLL text into documents. A file without `-DOCSTART-` lines is one document. */
export function parseConll(text: string): LabeledDocument[] {
  const docs: LabeledDocument[] = [];
  let doc: LabeledDocument = { sentences: [] };
  let words: string[] = [];
  let labels: string[] = [];
  const flushSentence = (): void => {
    if (words.length) doc.sentences.push({ words, spans: iobToSpans(labels) });
    words = [];
    labels = [];
  };
  const flushDoc = (): void => {
    flushSentence();
    if (doc.sentences.length) docs.push(doc);
    doc = { sentences: [] };
  };
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line) {
      flushSentence();
      continue;
    }
    const cols = line.split(/\s+/);
    if (cols[0] === '-DOCSTART-') {
      flushDoc();
      continue;
    }
    words.push(cols[0]);
    labels.push(cols.length > 1 ? cols[cols.length - 1] : 'O');
  }
  flushDoc();
  return docs;
}

export function readConll(file: string): LabeledDocument[] {
  return parseConll(readFileSync(file, 'utf8'));
}
