import { extractTimes } from './extract.js';
import type { DocStage } from '../../pipeline/stage.js';

export const timesStage: DocStage = {
  name: 'times',
  run(doc) {
    const d = doc.document;
    return { ...doc, times: extractTimes(d.text, doc.sentences, d.published, d.language) };
  },
};
