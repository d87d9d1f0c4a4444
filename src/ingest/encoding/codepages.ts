/**
 * Single-byte code page tables, derived once at module load from iconv-lite
 * (no hand-typed tables). Each table maps the 256 byte values to characters and
 * back, in the "sloppy" form mojibake needs: a byte the code page leaves
 * undefined still has to be representable, because real mis-decoders either
 * showed it through another table (Thai pages fall back to Windows-1252) or as
 * the same-numbered C1 control (Latin-1 behaviour).
 */
import iconv from 'iconv-lite';

export interface CodePage {
  /** Short name used in repair kinds, e.g. `cp1252`. */
  name: string;
  /** iconv-lite name, e.g. `windows-1252`. */
  iconvName: string;
  /** byte → character (single UTF-16 unit; all these pages are BMP-only). */
  decode: string[];
  /** character code → byte, for bytes 0x80–0xFF only (ASCII is identity). */
  encode: Map<number, number>;
  /** The same as a flat BMP table (-1 = not encodable) for the hot loops. */
  encodeTable: Int16Array;
  /** Bytes (0x80–0xFF) the strict code page leaves undefined. */
  undefinedBytes: Set<number>;
  /** Undefined bytes a decoder could not show at all (so they were dropped or replaced). */
  lostBytes: Set<number>;
}

const REPLACEMENT = 0xfffd;

function strictTable(iconvName: string): Array<number | null> {
  const out: Array<number | null> = [];
  for (let b = 0; b < 256; b++) {
    const s = iconv.decode(Buffer.from([b]), iconvName);
    const c = s.length === 1 ? s.charCodeAt(0) : REPLACEMENT;
    out.push(c === REPLACEMENT ? null : c);
  }
  return out;
}

function buildCodePage(name: string, iconvName: string, fallback: 'latin1' | 'cp1252'): CodePage {
  const strict = strictTable(iconvName);
  const cp1252 = fallback === 'cp1252' ? strictTable('windows-1252') : null;
  const decode: string[] = [];
  const encode = new Map<number, number>();
  const undefinedBytes = new Set<number>();
  const lostBytes = new Set<number>();
  for (let b = 0; b < 256; b++) {
    let c = strict[b];
    if (c === null) {
      if (b >= 0x80) undefinedBytes.add(b);
      const fb = cp1252 ? cp1252[b] : null;
      if (fb !== null && fb !== undefined) c = fb;
      else {
        lostBytes.add(b);
        c = b; // same-numbered C1 control / Latin-1 character
      }
    }
    decode.push(String.fromCharCode(c));
    if (b >= 0x80 && !encode.has(c)) encode.set(c, b);
  }
  const encodeTable = new Int16Array(0x10000).fill(-1);
  for (let b = 0; b < 0x80; b++) encodeTable[b] = b;
  for (const [c, b] of encode) encodeTable[c] = b;
  return { name, iconvName, decode, encode, encodeTable, undefinedBytes, lostBytes };
}

/**
 * The code pages mojibake is undone through, in the order they are tried:
 * most common mis-decodings first, the look-alike-prone ones (Mac Roman, cp437)
 * last, so an ambiguous run goes to the more likely explanation.
 */
export const MOJIBAKE_PAGES: readonly CodePage[] = [
  buildCodePage('latin1', 'iso-8859-1', 'latin1'),
  buildCodePage('cp1252', 'windows-1252', 'latin1'),
  buildCodePage('cp1251', 'windows-1251', 'latin1'),
  buildCodePage('cp1250', 'windows-1250', 'latin1'),
  buildCodePage('cp1253', 'windows-1253', 'latin1'),
  buildCodePage('cp1254', 'windows-1254', 'latin1'),
  buildCodePage('cp1257', 'windows-1257', 'latin1'),
  buildCodePage('iso-8859-2', 'iso-8859-2', 'latin1'),
  buildCodePage('cp874', 'windows-874', 'cp1252'),
  buildCodePage('macroman', 'macintosh', 'latin1'),
  buildCodePage('cp437', 'cp437', 'latin1'),
];

export const CP1252: CodePage = MOJIBAKE_PAGES[1];

/** Pages `decodeBytes` chooses among for bytes that are not UTF-8. */
export const DETECT_PAGES: readonly CodePage[] = [
  CP1252,
  buildCodePage('latin1', 'iso-8859-1', 'latin1'),
  buildCodePage('iso-8859-15', 'iso-8859-15', 'latin1'),
  MOJIBAKE_PAGES[3],
  MOJIBAKE_PAGES[2],
  MOJIBAKE_PAGES[8],
  MOJIBAKE_PAGES[9],
];
