import type { Block } from './blocks.js';
import type { RemovedPart } from '../model/document.js';

export interface BoilerplateContext {
  language: string;
}

export interface RemovedBlock extends RemovedPart {
  block: Block;
}

export interface Separation {
  kept: Block[];
  removed: RemovedBlock[];
}

/** Separates body text from boilerplate. (Stub: replaced by the cleaning work.) */
export function separateBoilerplate(blocks: Block[], context: BoilerplateContext): Separation {
  void context;
  return { kept: blocks, removed: [] };
}
