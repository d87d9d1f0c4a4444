import { segment } from './segment.js';
import type { DocStage } from '../pipeline/stage.js';

export const segmentStage: DocStage = {
  name: 'segment',
  run(doc) {
    const { sentences, tokens } = segment(doc.document.text, doc.document.language);
    return { ...doc, sentences, tokens };
  },
};
