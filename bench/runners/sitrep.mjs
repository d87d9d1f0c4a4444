// sitrep's full per-document pipeline (what `sitrep extract` runs: clean → segment → entities → times →
// quantities → quantity subjects → events, then the sitrep.analysis/1 object), in process, with CPU time per stage.
import { createHash } from 'node:crypto';
import { runPeer } from '../lib/runner-common.mjs';

const dist = new URL('../../dist/src/', import.meta.url);
await runPeer('sitrep', async () => {
  const { cleanItem } = await import(new URL('clean/clean.js', dist));
  const { DOC_STAGES } = await import(new URL('pipeline/pipeline.js', dist));
  const { newDoc, toAnalysis } = await import(new URL('model/doc.js', dist));
  const stageSeconds = new Map([['clean', 0], ...DOC_STAGES.map((s) => [s.name, 0]), ['analysis', 0]]);
  const add = (k, v) => stageSeconds.set(k, stageSeconds.get(k) + v);
  return {
    process: (text, i, timing) => {
      // The content hash is the reader's job (outside extract's analysis); computed here all the same, untimed it
      // would be 1–2 % of the total.
      const item = { source: `doc-${i}.txt`, contentHash: createHash('sha256').update(text).digest('hex'), format: 'text', content: text, declared: {}, repairs: [] };
      let t = performance.now();
      let doc = newDoc(cleanItem(item));
      let now = performance.now();
      if (timing) add('clean', now - t);
      for (const stage of DOC_STAGES) {
        t = now;
        doc = stage.run(doc);
        now = performance.now();
        if (timing) add(stage.name, now - t);
      }
      const analysis = toAnalysis(doc);
      if (timing) add('analysis', performance.now() - now);
      return analysis.entities.length + analysis.times.length + analysis.quantities.length + analysis.events.length;
    },
    extra: () => ({ stageSeconds: Object.fromEntries([...stageSeconds].map(([k, v]) => [k, v / 1000])) }),
  };
});
