import { existsSync } from 'node:fs';
import { SHARED_DIR } from '../test/helpers/shared.js';
import { evaluateConll } from './conll.js';
import { evaluateFtfy } from './ftfy.js';
import { evaluateReadability } from './readability.js';
import { formatSection, type EvalSection } from './report.js';
import { evaluateSeedAnalysis, evaluateSeedDocuments } from './seeds.js';
import { evaluateThroughput } from './throughput.js';
import { evaluateTimebank } from './timebank.js';

/** `npm run eval`: every quality figure against the suites and gold in ../shared, as one table. */
async function main(): Promise<number> {
  if (!existsSync(SHARED_DIR)) {
    process.stderr.write(`sitrep eval: the shared folder ${SHARED_DIR} is missing (set SITREP_SHARED)\n`);
    return 2;
  }
  const only = process.argv.slice(2);
  const sections: Array<[string, () => EvalSection | Promise<EvalSection>]> = [
    ['ftfy', () => evaluateFtfy(SHARED_DIR)],
    ['readability', () => evaluateReadability(SHARED_DIR)],
    ['seeds-documents', () => evaluateSeedDocuments(SHARED_DIR)],
    ['seeds-analysis', () => evaluateSeedAnalysis(SHARED_DIR)],
    ['conll', () => evaluateConll(SHARED_DIR)],
    ['timebank', () => evaluateTimebank(SHARED_DIR)],
    ['throughput', () => evaluateThroughput(SHARED_DIR)],
  ];
  let missed = 0;
  for (const [name, run] of sections) {
    if (only.length && !only.includes(name)) continue;
    const started = performance.now();
    const section = await run();
    missed += (section.targets ?? []).filter((t) => !t.met).length;
    process.stdout.write(`${formatSection(section)}\n(${((performance.now() - started) / 1000).toFixed(1)} s)\n\n`);
  }
  process.stdout.write(`${missed === 0 ? 'every target met' : `${missed} target(s) missed`}\n`);
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`sitrep eval: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
