import type { Block } from './blocks.js';

export interface Headline {
  title: string | null;
  /** The block the title was taken from (to be left out of the body), or null. */
  block: Block | null;
}

/** Takes the first block as the title when it reads as a headline. (Stub: replaced by the cleaning work.) */
export function takeHeadline(blocks: readonly Block[]): Headline {
  const first = blocks[0];
  if (first && first.text.length < 120 && !/[.!]$/.test(first.text)) return { title: first.text, block: first };
  return { title: null, block: null };
}
