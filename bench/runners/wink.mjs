// wink-nlp with wink-eng-lite-web-model: readDoc (tokens, sentences, POS, named entities) and reading the entities
// and sentences out.
import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import { runPeer } from '../lib/runner-common.mjs';

await runPeer('wink', async () => {
  const nlp = winkNLP(model);
  const its = nlp.its;
  return {
    process: (text) => {
      const doc = nlp.readDoc(text);
      return doc.entities().out(its.detail).length + doc.sentences().out().length + doc.tokens().length();
    },
  };
});
