// The floor: a plain Unicode regex tokenizer (words, numbers, punctuation).
import { runPeer } from '../lib/runner-common.mjs';

const TOKEN = /\p{L}+(?:['’]\p{L}+)*|\p{N}+(?:[.,]\p{N}+)*|[^\s\p{L}\p{N}]/gu;
await runPeer('regex', async () => ({
  process: (text) => {
    let n = 0;
    TOKEN.lastIndex = 0;
    while (TOKEN.exec(text)) n++;
    return n;
  },
}));
