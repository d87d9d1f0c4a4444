import type { DocStage } from '../../pipeline/stage.js';
import { extractEvents } from './events.js';

/**
 * Events of one document: triggers from the language's lexicon, arguments from a light clause analysis, modality,
 * attribution (and the claims among quantities), stable ids. Runs after entities, times and quantities.
 */
export const eventsStage: DocStage = {
  name: 'events',
  run(doc) {
    const { events, quantities } = extractEvents(doc);
    return { ...doc, events, quantities };
  },
};
