/**
 * A block is the unit cleaning reasons about: a line of a text file, or a paragraph-level element of an HTML
 * page (p, h2, li, figcaption…). `start`/`end` are offsets into the content the blocks were cut from, so the
 * kept text can be reassembled without touching a byte of what stays.
 */
export interface Block {
  text: string;
  start: number;
  end: number;
  /** Lower-case HTML tag name of the element, or null for a line of plain text. */
  tag: string | null;
  /** Share of the block's characters that sit inside links (0 for plain text). */
  linkDensity: number;
}

/** Cuts plain text into one block per non-blank line. */
export function linesToBlocks(content: string): Block[] {
  const blocks: Block[] = [];
  let lineStart = 0;
  while (lineStart <= content.length) {
    let lineEnd = content.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = content.length;
    const raw = content.slice(lineStart, lineEnd);
    const lead = raw.length - raw.trimStart().length;
    const trimmed = raw.trim();
    if (trimmed) {
      const start = lineStart + lead;
      blocks.push({ text: trimmed, start, end: start + trimmed.length, tag: null, linkDensity: 0 });
    }
    if (lineEnd === content.length) break;
    lineStart = lineEnd + 1;
  }
  return blocks;
}

/**
 * Rebuilds the text from `content` without the dropped blocks: each dropped block's whole line (with its line
 * break) is cut, everything else stays byte for byte; leading and trailing blank space is trimmed.
 */
export function assembleWithout(content: string, dropped: readonly Block[]): string {
  if (dropped.length === 0) return content.trim();
  const cuts = dropped
    .map((b) => {
      const lineStart = content.lastIndexOf('\n', b.start - 1) + 1;
      let lineEnd = content.indexOf('\n', b.end);
      lineEnd = lineEnd < 0 ? content.length : lineEnd + 1;
      return [lineStart, lineEnd] as const;
    })
    .sort((a, b) => a[0] - b[0]);
  let out = '';
  let at = 0;
  for (const [from, to] of cuts) {
    if (from > at) out += content.slice(at, from);
    at = Math.max(at, to);
  }
  out += content.slice(at);
  return out.trim();
}
