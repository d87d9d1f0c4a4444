import type { Store } from '../../store/store.js';

/** Every document's `sitrep.analysis/1` object, one per line (the contract, as `sitrep extract --json` writes it). */
export async function* analysesJsonl(store: Store): AsyncIterable<string> {
  for await (const analysis of store.analyses()) yield `${JSON.stringify(analysis)}\n`;
}
