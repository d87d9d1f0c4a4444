/**
 * The statistical NER tagger: public API.
 *
 *   const spans = tagTokens(['said', 'Amina', 'Diallo', 'on', 'Al', 'Jazeera']);
 *   // [{ start: 1, end: 3, type: 'PER', score: 0.97 }, { start: 4, end: 6, type: 'ORG', score: 0.9 }]
 *
 * The weights (`lang/en/ner-model.bin.gz`) are rebuilt by `node dist/src/train/train-ner.js` from CoNLL-2003
 * `eng.train`; nothing outside the package is read at run time.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../../data/loader.js';
import { documentStats } from './features.js';
import type { NerModel, NerSpan, TagContext } from './model.js';
import { decodeModel } from './serialize.js';

export { documentStats, type DocumentStats, type GazetteerFeatureSource } from './features.js';
export type { NerModel, NerSpan, TagContext } from './model.js';
export type { NerType } from './tags.js';

/** Where the committed weights live, relative to the package root. */
export const NER_MODEL_FILE = 'lang/en/ner-model.bin.gz';

const models = new Map<string, NerModel>();

/** Loads (once) the model for a language; throws when the file is missing. */
export function loadNerModel(language = 'en'): NerModel {
  const hit = models.get(language);
  if (hit) return hit;
  const file = join(PACKAGE_ROOT, 'lang', language, 'ner-model.bin.gz');
  let model: NerModel;
  try {
    model = decodeModel(readFileSync(file));
  } catch (err) {
    throw new Error(`sitrep: cannot load NER model ${file}: ${(err as Error).message}`);
  }
  models.set(language, model);
  return model;
}

/**
 * Entity spans over one sentence's tokens (token indices, `end` exclusive). Pass `context.doc`
 * (`documentStats(sentencesOfTheDocument)`) so casing seen elsewhere in the document informs sentence-initial and
 * headline words.
 */
export function tagTokens(words: readonly string[], context: TagContext & { model?: NerModel } = {}): NerSpan[] {
  return (context.model ?? loadNerModel()).tag(words, context);
}

/** Tags every sentence of a document (sharing document casing statistics). */
export function tagDocument(sentences: ReadonlyArray<readonly string[]>, context: TagContext & { model?: NerModel } = {}): NerSpan[][] {
  const doc = context.doc ?? documentStats(sentences);
  return sentences.map((words) => tagTokens(words, { ...context, doc }));
}
