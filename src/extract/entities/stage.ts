import { recognizeMentions } from './recognize.js';
import { resolveEntities } from '../../resolve/entities.js';
import type { DocStage } from '../../pipeline/stage.js';

/** Entities of one document: recognised mentions grouped into one entity per referent. */
export const entitiesStage: DocStage = {
  name: 'entities',
  run(doc) {
    const mentions = recognizeMentions(doc.document.text, doc.tokens, doc.sentences, doc.document.language);
    return { ...doc, entities: resolveEntities(mentions) };
  },
};
