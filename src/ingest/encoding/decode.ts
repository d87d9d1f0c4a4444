import type { Repair } from '../../model/document.js';

export interface DecodedText {
  text: string;
  /** The encoding the bytes were read as, e.g. `utf-8`, `windows-1252`. */
  encoding: string;
  /** A `decode:<encoding>` repair when the bytes were not UTF-8. */
  repairs: Repair[];
}

/** Turns raw bytes into Unicode text, detecting legacy encodings. (Stub: replaced by the encoding work.) */
export function decodeBytes(bytes: Uint8Array, declaredCharset?: string | null): DecodedText {
  void declaredCharset;
  return { text: new TextDecoder('utf-8').decode(bytes), encoding: 'utf-8', repairs: [] };
}
