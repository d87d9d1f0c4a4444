import type { TimeValue } from '../model/time.js';

export interface PublishedInput {
  /** The cleaned body text. */
  text: string;
  /** The date the source states (meta tag, feed field, JSON field), raw. */
  declared?: string | null;
  language: string;
}

/** The publication date: stated, or inferred from the content with `inferred: true`. (Stub.) */
export function resolvePublished(input: PublishedInput): TimeValue | null {
  const d = input.declared ? new Date(input.declared) : null;
  if (d && !Number.isNaN(d.getTime())) return { value: d.toISOString().slice(0, 10), precision: 'day', kind: 'date' };
  return null;
}
