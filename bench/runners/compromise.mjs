// compromise: people, places and organizations of every document.
import nlp from 'compromise';
import { runPeer } from '../lib/runner-common.mjs';

await runPeer('compromise', async () => ({
  process: (text) => {
    const doc = nlp(text);
    return doc.people().out('array').length + doc.places().out('array').length + doc.organizations().out('array').length;
  },
}));
