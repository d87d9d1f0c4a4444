import iconv from 'iconv-lite';
import type { Repair } from '../../model/document.js';
import { textCost } from './badness.js';
import { CP1252, DETECT_PAGES, type CodePage } from './codepages.js';

export interface DecodedText {
  text: string;
  /** The encoding the bytes were read as, e.g. `utf-8`, `windows-1252`. */
  encoding: string;
  /** A `decode:<encoding>` repair when the bytes were not UTF-8. */
  repairs: Repair[];
}

/** Detection only looks at this much of the input: statistics settle long before. */
const SAMPLE_BYTES = 64 * 1024;

const fatalUtf8 = new TextDecoder('utf-8', { fatal: true });
const lenientUtf8 = new TextDecoder('utf-8');

function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    fatalUtf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** Counts well-formed multi-byte UTF-8 sequences and bytes that belong to none. */
function utf8Shape(bytes: Uint8Array): { sequences: number; invalid: number } {
  let sequences = 0;
  let invalid = 0;
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    const len = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    let ok = len > 0 && i + len <= n;
    for (let k = 1; ok && k < len; k++) {
      const c = bytes[i + k];
      let lo = 0x80;
      let hi = 0xbf;
      if (k === 1 && b === 0xe0) lo = 0xa0;
      if (k === 1 && b === 0xed) hi = 0x9f;
      if (k === 1 && b === 0xf0) lo = 0x90;
      if (k === 1 && b === 0xf4) hi = 0x8f;
      if (c < lo || c > hi) ok = false;
    }
    if (ok) {
      sequences++;
      i += len;
    } else {
      invalid++;
      i++;
    }
  }
  return { sequences, invalid };
}

/** Per-page byte → UTF-16 code unit tables, built once (all these pages are BMP-only). */
const unitTables = new Map<CodePage, Uint16Array>();

function decodeWithPage(bytes: Uint8Array, page: CodePage, limit = bytes.length): string {
  let units = unitTables.get(page);
  if (!units) {
    units = Uint16Array.from(page.decode, (c) => c.charCodeAt(0));
    unitTables.set(page, units);
  }
  const parts: string[] = [];
  const CHUNK = 16384;
  const buf = new Uint16Array(CHUNK);
  for (let i = 0; i < limit; i += CHUNK) {
    const end = Math.min(limit, i + CHUNK);
    for (let k = i; k < end; k++) buf[k - i] = units[bytes[k]];
    parts.push(String.fromCharCode.apply(null, Array.from(buf.subarray(0, end - i))));
  }
  return parts.join('');
}

/** One repair per distinct non-ASCII byte: what a UTF-8 reader would have shown (U+FFFD) → what it means. */
function byteRepairs(bytes: Uint8Array, page: CodePage, kind: string, only?: Uint8Array): Repair[] {
  const counts = new Map<number, number>();
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b >= 0x80 && (!only || only[i])) counts.set(b, (counts.get(b) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => a[0] - b[0]).map(([b, count]) => ({ kind, before: '\ufffd', after: page.decode[b], count }));
}

/** Cost per non-ASCII character of reading a sample through `page` (lower is more plausible). */
function plausibilityCost(bytes: Uint8Array, page: CodePage): number {
  const limit = Math.min(bytes.length, SAMPLE_BYTES);
  return textCost(decodeWithPage(bytes, page, limit));
}

/** Picks the single-byte page whose reading of the bytes looks most like real text. */
function detectPage(bytes: Uint8Array): CodePage {
  let best = DETECT_PAGES[0];
  let bestCost = Infinity;
  for (const page of DETECT_PAGES) {
    const cost = plausibilityCost(bytes, page);
    if (cost < bestCost) {
      best = page;
      bestCost = cost;
    }
  }
  // Latin-1 and Windows-1252 agree outside 0x80–0x9F; name the one the bytes need.
  if (best === CP1252 && !bytes.some((b) => b >= 0x80 && b <= 0x9f)) {
    return DETECT_PAGES.find((p) => p.name === 'latin1') ?? best;
  }
  return best;
}

/** UTF-16 without a BOM: text in Latin scripts has a zero in every other byte. */
function sniffUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  if (bytes.length < 4 || bytes.length % 2 !== 0) return null;
  const limit = Math.min(bytes.length, SAMPLE_BYTES);
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i + 1 < limit; i += 2) {
    if (bytes[i] === 0) evenZero++;
    if (bytes[i + 1] === 0) oddZero++;
  }
  const pairs = limit / 2;
  if (oddZero > pairs * 0.3 && evenZero < pairs * 0.05) return 'utf-16le';
  if (evenZero > pairs * 0.3 && oddZero < pairs * 0.05) return 'utf-16be';
  return null;
}

/** WHATWG name for a charset label ("latin1" → "windows-1252"), or null when unknown. */
function canonicalCharset(label: string): string | null {
  try {
    return new TextDecoder(label.trim().toLowerCase()).encoding;
  } catch {
    return iconv.encodingExists(label) ? label.trim().toLowerCase() : null;
  }
}

function utf16(bytes: Uint8Array, which: 'utf-16le' | 'utf-16be', skip: number, reason: string): DecodedText {
  const text = iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset + skip, bytes.length - skip), which);
  return { text, encoding: which, repairs: [{ kind: `decode:${which}`, before: reason, after: 'Unicode text', count: 1 }] };
}

/**
 * Mostly UTF-8 with some stray legacy bytes (a Windows-1252 quote pasted into
 * UTF-8): decode the well-formed sequences as UTF-8 and only the strays as 1252.
 */
function hybrid(bytes: Uint8Array): DecodedText {
  const stray = new Uint8Array(bytes.length);
  const parts: string[] = [];
  let i = 0;
  let clean = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    const len = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (len && i + len <= n && isValidUtf8(bytes.subarray(i, i + len))) {
      i += len;
      continue;
    }
    parts.push(lenientUtf8.decode(bytes.subarray(clean, i)), CP1252.decode[b]);
    stray[i] = 1;
    i++;
    clean = i;
  }
  parts.push(lenientUtf8.decode(bytes.subarray(clean)));
  return { text: parts.join(''), encoding: 'utf-8+windows-1252', repairs: byteRepairs(bytes, CP1252, 'decode:windows-1252', stray) };
}

function legacy(bytes: Uint8Array, page: CodePage): DecodedText {
  return { text: decodeWithPage(bytes, page), encoding: page.iconvName, repairs: byteRepairs(bytes, page, `decode:${page.iconvName}`) };
}

/** Turns raw bytes into Unicode text, detecting legacy encodings. Never throws. */
export function decodeBytes(bytes: Uint8Array, declaredCharset?: string | null): DecodedText {
  // Byte-order marks say what they are; strip them.
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: lenientUtf8.decode(bytes.subarray(3)), encoding: 'utf-8', repairs: [] };
  }
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return utf16(bytes, 'utf-16le', 2, 'UTF-16LE bytes (BOM)');
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return utf16(bytes, 'utf-16be', 2, 'UTF-16BE bytes (BOM)');

  const valid = isValidUtf8(bytes);
  const declared = declaredCharset ? canonicalCharset(declaredCharset) : null;
  if (declared && declared !== 'utf-8') {
    if (declared === 'utf-16le' || declared === 'utf-16be') {
      if (bytes.length % 2 === 0) return utf16(bytes, declared, 0, `${declared.toUpperCase()} bytes (declared)`);
    } else {
      // A legacy declaration on bytes that are well-formed UTF-8 with
      // non-ASCII sequences is the classic stale <meta charset>: UTF-8 wins.
      const shape = valid ? utf8Shape(bytes) : null;
      if (!(shape && shape.sequences > 0)) {
        const page = [...DETECT_PAGES].find((p) => p.iconvName === declared || (declared === 'windows-1252' && p === CP1252));
        if (page) {
          // Plausible unless another page reads the bytes far better.
          const detected = detectPage(bytes);
          const own = plausibilityCost(bytes, page);
          const other = plausibilityCost(bytes, detected);
          const nonAscii = bytes.reduce((acc, b) => acc + (b >= 0x80 ? 1 : 0), 0);
          return legacy(bytes, own <= other + Math.max(2, nonAscii * 0.1) ? page : detected);
        }
        if (iconv.encodingExists(declared)) {
          const text = iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length), declared);
          const bad = (text.match(/\ufffd/g) ?? []).length;
          if (bad <= Math.max(1, text.length * 0.001)) {
            return { text, encoding: declared, repairs: [{ kind: `decode:${declared}`, before: `${declared} bytes (declared)`, after: 'Unicode text', count: 1 }] };
          }
        }
      }
    }
  }

  // Before the UTF-8 check: ASCII in UTF-16 is "valid UTF-8" full of NULs.
  const wide = sniffUtf16(bytes);
  if (wide) return utf16(bytes, wide, 0, `${wide.toUpperCase()} bytes (no BOM)`);
  if (valid) return { text: lenientUtf8.decode(bytes), encoding: 'utf-8', repairs: [] };
  const shape = utf8Shape(bytes);
  if (shape.sequences >= 2 && shape.sequences >= shape.invalid) return hybrid(bytes);
  return legacy(bytes, detectPage(bytes));
}
