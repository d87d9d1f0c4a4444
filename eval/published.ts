import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { detectLanguage } from '../src/clean/language.js';
import { resolvePublished } from '../src/clean/published.js';
import type { TimeValue } from '../src/model/time.js';
import { formatSection, pct, type EvalSection } from './report.js';

/**
 * Publication date and language on the seed gold, with the interval rule of shared/tools/score.mjs: a value
 * counts when its interval lies inside the gold one (a day inside a gold month counts, a year does not).
 */

/** An ISO date prefix (2022, 2022-Q4, 2022-W03, 2022-05, 2022-05-26) as [first day, last day], as score.mjs reads it. */
export function isoInterval(v: string): [string, string] | null {
  let m: RegExpExecArray | null;
  const d = (y: number, mo: number, da: number): string => new Date(Date.UTC(y, mo - 1, da)).toISOString().slice(0, 10);
  if ((m = /^(\d{4})-(\d{2})-(\d{2})/.exec(v))) return [d(+m[1]!, +m[2]!, +m[3]!), d(+m[1]!, +m[2]!, +m[3]!)];
  if ((m = /^(\d{4})-Q([1-4])$/.exec(v))) return [d(+m[1]!, 3 * +m[2]! - 2, 1), d(+m[1]!, 3 * +m[2]! + 1, 0)];
  if ((m = /^(\d{4})-W(\d{2})$/.exec(v))) {
    const jan4 = Date.UTC(+m[1]!, 0, 4);
    const mon = jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * 864e5 + (+m[2]! - 1) * 7 * 864e5;
    return [new Date(mon).toISOString().slice(0, 10), new Date(mon + 6 * 864e5).toISOString().slice(0, 10)];
  }
  if ((m = /^(\d{4})-(\d{2})$/.exec(v))) return [d(+m[1]!, +m[2]!, 1), d(+m[1]!, +m[2]! + 1, 0)];
  if ((m = /^(\d{4})$/.exec(v))) return [d(+m[1]!, 1, 1), d(+m[1]!, 12, 31)];
  return null;
}

/** Whether a system value lies inside the gold value (the scorer's rule). */
export function publishedMatches(gold: string, got: string | null | undefined): boolean {
  const gi = isoInterval(gold), si = got ? isoInterval(got) : null;
  return !!gi && !!si && si[0] >= gi[0] && si[1] <= gi[1];
}

interface SeedGold {
  file: string;
  language?: string;
  published?: { value: string };
}

export interface SeedPublished {
  file: string;
  gold: string | null;
  got: TimeValue | null;
  ok: boolean;
}

/** Resolves every seed and compares with the gold publication date. */
export function publishedOnSeeds(sharedDir: string, resolve: (file: string, text: string) => TimeValue | null): SeedPublished[] {
  const goldDir = join(sharedDir, 'gold', 'seeds');
  const corpus = join(sharedDir, 'corpus', 'seeds');
  if (!existsSync(goldDir)) return [];
  const out: SeedPublished[] = [];
  for (const name of readdirSync(goldDir).filter((f) => f.endsWith('.json')).sort()) {
    const gold = JSON.parse(readFileSync(join(goldDir, name), 'utf8')) as SeedGold;
    const path = join(corpus, gold.file);
    if (!existsSync(path)) continue;
    const got = resolve(gold.file, readFileSync(path, 'utf8'));
    const want = gold.published?.value ?? null;
    out.push({ file: gold.file, gold: want, got, ok: want !== null && publishedMatches(want, got?.value) });
  }
  return out;
}

export function evaluatePublishedOnSeeds(sharedDir: string, resolve: (file: string, text: string) => TimeValue | null): EvalSection {
  const results = publishedOnSeeds(sharedDir, resolve);
  const rows: Array<[string, string]> = results.map((r) => [
    r.file.slice(0, 3),
    `${r.ok ? 'ok  ' : 'MISS'} got ${r.got ? `${r.got.value} (${r.got.precision}${r.got.inferred ? ', inferred' : ''})` : 'null'}, gold ${r.gold ?? '-'}`,
  ]);
  const ok = results.filter((r) => r.ok).length;
  const n = results.filter((r) => r.gold !== null).length;
  rows.push(['published', pct(ok, n)]);

  // language
  const goldDir = join(sharedDir, 'gold', 'seeds');
  let langOk = 0, langN = 0;
  if (existsSync(goldDir)) {
    for (const name of readdirSync(goldDir).filter((f) => f.endsWith('.json'))) {
      const gold = JSON.parse(readFileSync(join(goldDir, name), 'utf8')) as SeedGold;
      const path = join(sharedDir, 'corpus', 'seeds', gold.file);
      if (!gold.language || !existsSync(path)) continue;
      langN++;
      if (detectLanguage(readFileSync(path, 'utf8')) === gold.language) langOk++;
    }
  }
  rows.push(['language', pct(langOk, langN)]);
  return {
    title: 'Publication date and language (seeds)',
    rows,
    targets: [{ name: 'published right on at least 4 of 5 seeds', met: ok >= 4 }],
  };
}

/** The resolver as the pipeline calls it on the body text (English seeds). */
export const resolveSeed = (_file: string, text: string): TimeValue | null => resolvePublished({ text, language: detectLanguage(text) });

// `node dist/eval/published.js [SHARED_DIR]`: the raw seed text, then without its first line (a caption in some seeds).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const shared = process.argv[2] ?? process.env.SITREP_SHARED ?? join(process.cwd(), '..', 'shared');
  console.log(formatSection(evaluatePublishedOnSeeds(shared, resolveSeed)));
  const dropFirstLine = (file: string, text: string): TimeValue | null => resolveSeed(file, text.split('\n').slice(1).join('\n'));
  console.log('\n' + formatSection({ ...evaluatePublishedOnSeeds(shared, dropFirstLine), title: 'Same, first line of each seed removed' }));
}
