import { createHash } from 'node:crypto';

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Short content-addressed id with a readable prefix, e.g. `doc_3f9a…`. */
export function contentId(prefix: string, ...parts: string[]): string {
  return `${prefix}_${sha256Hex(parts.join('\u0000')).slice(0, 16)}`;
}
