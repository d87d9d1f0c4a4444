import { readFile, readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { IngestError } from './errors.js';
import { binaryKind, isGzip, sniffText } from './sniff.js';
import { decodeBytes } from './encoding/decode.js';
import { readFeed } from './readers/feed.js';
import { readJson, readJsonLines } from './readers/json.js';
import { sha256Hex } from '../model/ids.js';
import type { ContentFormat, SourceItem } from '../model/source.js';

export const DEFAULT_MAX_BYTES = 50 * 1024 * 1024;

export interface ReadOptions {
  /** Largest input accepted, in bytes (after decompression too). */
  maxBytes?: number;
  /** Bytes to use for `-` (stdin); read from process.stdin when absent. */
  stdin?: () => Promise<Uint8Array>;
}

type Format = 'text' | 'markdown' | 'html' | 'json' | 'jsonl' | 'feed';

const EXTENSIONS: Record<string, Format> = {
  '.txt': 'text',
  '.text': 'text',
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.html': 'html',
  '.htm': 'html',
  '.xhtml': 'html',
  '.json': 'json',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.rss': 'feed',
  '.atom': 'feed',
  '.xml': 'feed',
};

export const SUPPORTED_EXTENSIONS: readonly string[] = [...Object.keys(EXTENSIONS), ...Object.keys(EXTENSIONS).map((e) => `${e}.gz`)];

/** Expands command-line paths: files stay, folders are walked recursively (hidden entries skipped), `-` is stdin. */
export async function expandPaths(paths: readonly string[]): Promise<{ files: string[]; errors: IngestError[] }> {
  const files: string[] = [];
  const errors: IngestError[] = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const full = join(dir, e.name);
      if (e.isDirectory()) await walk(full);
      else if (e.isFile() && formatOf(full) !== null) files.push(full);
    }
  };
  for (const p of paths) {
    if (p === '-') {
      files.push('-');
      continue;
    }
    try {
      const s = await stat(p);
      if (s.isDirectory()) await walk(p);
      else files.push(p);
    } catch (err) {
      errors.push(new IngestError(p, describeFsError(err)));
    }
  }
  return { files, errors };
}

function formatOf(file: string): Format | null {
  const lower = file.toLowerCase();
  const ext = extname(lower.endsWith('.gz') ? lower.slice(0, -3) : lower);
  return EXTENSIONS[ext] ?? null;
}

function describeFsError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or folder';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a folder';
  return (err as Error).message;
}

async function readStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function sizeLabel(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

/** Reads one path (or `-`) into source items: one per document it holds. Throws IngestError with a one-line reason. */
export async function readSource(file: string, options: ReadOptions = {}): Promise<SourceItem[]> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  let format: Format | null = file === '-' ? null : formatOf(file);
  if (file !== '-' && format === null) {
    throw new IngestError(file, `unsupported format '${extname(file) || '(no extension)'}' (supported: .txt .md .html .htm .json .jsonl .rss .atom .xml, optionally .gz)`);
  }
  let bytes: Uint8Array;
  try {
    if (file === '-') bytes = await (options.stdin ?? readStdin)();
    else {
      const s = await stat(file);
      if (s.isDirectory()) throw new IngestError(file, 'is a folder');
      if (s.size > maxBytes) throw new IngestError(file, `file too large (${sizeLabel(s.size)}, limit ${sizeLabel(maxBytes)})`);
      bytes = await readFile(file);
    }
  } catch (err) {
    if (err instanceof IngestError) throw err;
    throw new IngestError(file, describeFsError(err));
  }
  if (bytes.length > maxBytes) throw new IngestError(file, `input too large (${sizeLabel(bytes.length)}, limit ${sizeLabel(maxBytes)})`);

  if (isGzip(bytes)) {
    try {
      bytes = gunzipSync(bytes, { maxOutputLength: maxBytes });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ERR_BUFFER_TOO_LARGE') throw new IngestError(file, `decompressed content exceeds the size limit (${sizeLabel(maxBytes)})`);
      throw new IngestError(file, code === 'Z_BUF_ERROR' ? 'truncated gzip data' : `corrupt gzip data (${(err as Error).message})`);
    }
  } else if (file.toLowerCase().endsWith('.gz')) {
    throw new IngestError(file, 'not gzip data despite the .gz extension');
  }

  if (bytes.length === 0) throw new IngestError(file, 'empty file');
  const binary = binaryKind(bytes);
  if (binary) throw new IngestError(file, `binary file (${binary}), not text`);

  const decoded = decodeBytes(bytes);
  const content = decoded.text;
  if (!content.trim()) throw new IngestError(file, 'empty file (only blank space)');
  if (format === null) {
    const sniffed = sniffText(content);
    format = sniffed === 'xml' ? 'feed' : sniffed;
  }

  let items: SourceItem[];
  switch (format) {
    case 'json':
      items = readJson(content, file);
      break;
    case 'jsonl':
      items = readJsonLines(content, file);
      break;
    case 'feed':
      items = readFeed(content, file);
      break;
    default: {
      const contentFormat: ContentFormat = format;
      if (contentFormat === 'html' && !/<[a-z!]/i.test(content)) throw new IngestError(file, 'malformed HTML: no markup found');
      items = [{ source: file, contentHash: sha256Hex(bytes), format: contentFormat, content, declared: {}, repairs: [] }];
    }
  }
  // Repairs made while decoding the container belong to every document it held.
  if (decoded.repairs.length) for (const it of items) it.repairs = [...decoded.repairs, ...it.repairs];
  return items;
}
