/**
 * Rebuilds the NER tagger weights (`lang/en/ner-model.bin.gz`) from CoNLL-2003 `eng.train` in ../shared/data/.
 *
 *   node dist/src/train/train-ner.js [--epochs N] [--min-count N] [--prune X] [--dev-only] [--no-dev] [--out FILE]
 *
 * 1. holds out every 10th training document, trains on the rest, reports exact-span F1 on the held-out part and
 *    fits the score temperature there (eng.testa is never read here: it is for measuring only);
 * 2. trains on all of eng.train with the same settings and writes the weights.
 * Deterministic: the same data and options give the same bytes.
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { PACKAGE_ROOT } from '../data/loader.js';
import { readConll, type LabeledDocument } from '../extract/entities/tagger/conll.js';
import { evaluateModel, formatScores, prf } from '../extract/entities/tagger/evaluate.js';
import { NER_MODEL_FILE } from '../extract/entities/tagger/index.js';
import { decodeModel, encodeModel } from '../extract/entities/tagger/serialize.js';
import { calibrateScale, trainTagger, type TrainOptions } from '../extract/entities/tagger/train.js';

interface Args {
  epochs: number;
  minCount: number;
  prune: number;
  devOnly: boolean;
  noDev: boolean;
  out: string;
  seed: number;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { epochs: 16, minCount: 1, prune: 0.05, devOnly: false, noDev: false, out: join(PACKAGE_ROOT, NER_MODEL_FILE), seed: 1 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`missing value for ${a}`);
      return v;
    };
    if (a === '--epochs') args.epochs = Number(next());
    else if (a === '--min-count') args.minCount = Number(next());
    else if (a === '--prune') args.prune = Number(next());
    else if (a === '--seed') args.seed = Number(next());
    else if (a === '--out') args.out = resolve(next());
    else if (a === '--dev-only') args.devOnly = true;
    else if (a === '--no-dev') args.noDev = true;
    else throw new Error(`unknown option ${a}`);
  }
  return args;
}

const log = (msg: string): void => {
  process.stderr.write(`${msg}\n`);
};

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  const shared = resolve(process.env.SITREP_SHARED ?? join(PACKAGE_ROOT, '..', 'shared'));
  const trainFile = join(shared, 'data', 'conll2003', 'eng.train');
  const t0 = Date.now();
  const docs = readConll(trainFile);
  log(`read ${docs.length} documents from ${trainFile}`);
  const options: TrainOptions = { epochs: args.epochs, seed: args.seed, minCount: args.minCount, log };

  let scale = 1;
  if (!args.noDev) {
    const fit: LabeledDocument[] = docs.filter((_, i) => i % 10 !== 9);
    const dev: LabeledDocument[] = docs.filter((_, i) => i % 10 === 9);
    log(`held-out run: ${fit.length} documents to train, ${dev.length} to check`);
    const model = trainTagger(fit, {
      ...options,
      onEpoch: (epoch, m) => {
        if (epoch % 3 === 0 || epoch === args.epochs) log(`  held-out F1 after epoch ${epoch}: ${(100 * prf(evaluateModel(m, dev).overall).f1).toFixed(2)}`);
      },
    });
    scale = calibrateScale(model, dev);
    const quantised = decodeModel(encodeModel(model, { prune: args.prune }));
    const scores = evaluateModel(quantised, dev);
    log(`held-out (every 10th eng.train document), quantised model, PER/ORG/LOC:\n${formatScores(scores)}`);
    log(`score temperature ${scale}`);
    if (args.devOnly) return;
  }

  const model = trainTagger(docs, options);
  model.scale = scale;
  Object.assign(model.meta, { trainedOn: 'CoNLL-2003 eng.train', epochs: args.epochs, seed: args.seed, minCount: args.minCount, prune: args.prune });
  const bytes = encodeModel(model, { prune: args.prune });
  mkdirSync(dirname(args.out), { recursive: true });
  writeFileSync(args.out, bytes);
  const kept = decodeModel(bytes);
  log(`wrote ${args.out}: ${(bytes.length / 1024).toFixed(0)} KiB, ${kept.extractor.index.size} of ${model.extractor.index.size} features kept`);
  log(`total ${((Date.now() - t0) / 1000).toFixed(1)}s`);
}

main();
