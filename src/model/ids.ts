import * as crypto from 'node:crypto';

// One-shot `crypto.hash` (Node ≥ 20.12) skips the Hash object a short id does not need; ids are minted for every
// document, entity, mention and event, so this sits on the hot path. Older Node 20 releases fall back.
const oneShot: ((algorithm: string, data: string | Uint8Array, encoding: 'hex') => string) | undefined = (crypto as { hash?: typeof crypto.hash }).hash;

export function sha256Hex(data: string | Uint8Array): string {
  return oneShot ? oneShot('sha256', data, 'hex') : crypto.createHash('sha256').update(data).digest('hex');
}

/** Short content-addressed id with a readable prefix, e.g. `doc_3f9a…`. */
export function contentId(prefix: string, ...parts: string[]): string {
  return `${prefix}_${sha256Hex(parts.join('\u0000')).slice(0, 16)}`;
}
