/** What raw bytes look like, judged from their first bytes: used to refuse binaries and to route stdin. */
export type Sniffed = 'gzip' | 'binary' | 'html' | 'feed' | 'xml' | 'json' | 'jsonl' | 'text';

const MAGIC: Array<[number[], string]> = [
  [[0x89, 0x50, 0x4e, 0x47], 'PNG image'],
  [[0xff, 0xd8, 0xff], 'JPEG image'],
  [[0x47, 0x49, 0x46, 0x38], 'GIF image'],
  [[0x25, 0x50, 0x44, 0x46], 'PDF document'],
  [[0x50, 0x4b, 0x03, 0x04], 'ZIP archive (or an Office document)'],
  [[0x7f, 0x45, 0x4c, 0x46], 'ELF executable'],
  [[0x42, 0x5a, 0x68], 'bzip2 archive'],
  [[0xfd, 0x37, 0x7a, 0x58, 0x5a], 'xz archive'],
  [[0x52, 0x49, 0x46, 0x46], 'RIFF media file'],
  [[0x53, 0x51, 0x4c, 0x69, 0x74, 0x65], 'SQLite database'],
];

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Names the binary format of `bytes`, or returns null when they may be text. */
export function binaryKind(bytes: Uint8Array): string | null {
  for (const [magic, name] of MAGIC) {
    if (magic.every((b, i) => bytes[i] === b)) return name;
  }
  // UTF-16 text has NULs but starts with a BOM; anything else with NULs or many control bytes is not text.
  const utf16Bom = bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff));
  if (utf16Bom) return null;
  const n = Math.min(bytes.length, 8192);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    if (b === 0) return 'binary data (NUL bytes)';
    if (b < 0x09 || (b > 0x0d && b < 0x20 && b !== 0x1b)) control++;
  }
  return n > 0 && control / n > 0.1 ? 'binary data (control bytes)' : null;
}

/** Guesses the format of text content that came without a file name (stdin). */
export function sniffText(content: string): Exclude<Sniffed, 'gzip' | 'binary'> {
  const head = content.slice(0, 2048).trimStart().toLowerCase();
  if (head.startsWith('{') || head.startsWith('[')) {
    const firstLineEnd = content.indexOf('\n', content.indexOf('{'));
    const rest = firstLineEnd >= 0 ? content.slice(firstLineEnd).trim() : '';
    return head.startsWith('{') && rest.startsWith('{') ? 'jsonl' : 'json';
  }
  if (head.startsWith('<?xml') || head.startsWith('<rss') || head.startsWith('<feed') || head.startsWith('<rdf')) {
    return /<(rss|feed|rdf:rdf)[\s>]/.test(head) ? 'feed' : 'xml';
  }
  if (head.startsWith('<!doctype html') || head.startsWith('<html') || /<(body|article|p|div)[\s>]/.test(head)) return 'html';
  return 'text';
}
