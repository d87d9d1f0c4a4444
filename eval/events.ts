import { join } from 'node:path';
import { analyzeCorpus, scoreWithSharedScorer } from './seeds.js';
import type { EvalSection } from './report.js';

const ratio = (s: unknown): number => {
  const m = /\((\d+)\/(\d+)\)/.exec(String(s));
  return m ? Number(m[1]) / Number(m[2]) : 0;
};

/** Event figures on the seed gold, scored by the shared scorer (the same script judges the hidden set). */
export async function evaluateEventsOnSeeds(sharedDir: string): Promise<EvalSection> {
  const goldDir = join(sharedDir, 'gold', 'seeds');
  const started = process.hrtime.bigint();
  const analyses = await analyzeCorpus(join(sharedDir, 'corpus', 'seeds'));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const s = scoreWithSharedScorer(sharedDir, goldDir, analyses);
  const events = analyses.reduce((n, a) => n + a.events.length, 0);
  const f1 = s.scores.events_f1 ?? 0;
  return {
    title: 'Seeds gold: events (shared/tools/score.mjs)',
    rows: [
      ['events_detect', String(s.events_detect)],
      ['events_roles', String(s.events_roles)],
      ['events_time', String(s.events_time)],
      ['events_modality', String(s.events_modality)],
      ['events_attribution', String(s.events_attribution)],
      ['events emitted', `${events} in ${analyses.length} documents (full pipeline ${seconds.toFixed(2)} s)`],
    ],
    targets: [
      { name: 'event F1 ≥ 0.70', met: f1 >= 0.7 },
      { name: 'roles ≥ 0.70', met: ratio(s.events_roles) >= 0.7 },
      { name: 'time ≥ 0.70', met: ratio(s.events_time) >= 0.7 },
      { name: 'attribution ≥ 0.80', met: ratio(s.events_attribution) >= 0.8 },
    ],
  };
}
