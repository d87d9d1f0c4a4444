import { extractQuantities } from './quantities.js';
import type { DocStage } from '../../pipeline/stage.js';

export const quantitiesStage: DocStage = {
  name: 'quantities',
  run(doc) {
    return { ...doc, quantities: extractQuantities(doc.document.text, doc.sentences, doc.document.language) };
  },
};
