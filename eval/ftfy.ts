/**
 * Mojibake repair measured on python-ftfy's test suite (shared/data/ftfy).
 * A case passes when `repairMojibake(original)` equals the expected text:
 * `fixed-encoding` when the case has one (ftfy's fix_encoding result), else
 * `fixed`, compared modulo the quote uncurling ftfy's fix_text adds.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repairMojibake } from '../src/ingest/encoding/mojibake.js';
import { pct, type EvalSection } from './report.js';

export interface FtfyCase {
  label: string;
  comment?: string;
  original: string;
  fixed: string;
  'fixed-encoding'?: string;
  expect?: 'pass' | 'fail';
}

export interface FtfyOutcome {
  file: string;
  label: string;
  original: string;
  expected: string;
  actual: string;
  ok: boolean;
  /** ftfy's own verdict on the case ("fail" = ftfy knowingly fails it). */
  expect: string;
}

export const FTFY_FILES = ['in-the-wild', 'synthetic', 'negative', 'known-failures', 'language-names', 'legacy_test_cases'] as const;

/** ftfy's fix_text straightens curly quotes; we never do, so compare without them. */
export function uncurl(s: string): string {
  return s.replace(/[‘’‚‛′]/g, "'").replace(/[“”„‟″]/g, '"');
}

export function expectedOf(c: FtfyCase): string {
  return c['fixed-encoding'] ?? c.fixed;
}

export function runFtfyFile(sharedDir: string, file: string): FtfyOutcome[] | null {
  const path = join(sharedDir, 'data', 'ftfy', `${file}.json`);
  if (!existsSync(path)) return null;
  const cases = JSON.parse(readFileSync(path, 'utf8')) as FtfyCase[];
  return cases.map((c) => {
    const expected = expectedOf(c);
    const actual = repairMojibake(c.original).text;
    const ok = actual === expected || uncurl(actual) === uncurl(expected);
    return { file, label: c.label, original: c.original, expected, actual, ok, expect: c.expect ?? 'pass' };
  });
}

export function evaluateFtfy(sharedDir: string): EvalSection {
  const rows: Array<[string, string]> = [];
  const results = new Map<string, FtfyOutcome[]>();
  for (const file of FTFY_FILES) {
    const out = runFtfyFile(sharedDir, file);
    if (!out) continue;
    results.set(file, out);
    const ok = out.filter((o) => o.ok).length;
    const verb = file === 'negative' ? 'as expected (unchanged)' : 'fixed';
    rows.push([file, `${verb} ${pct(ok, out.length)}`]);
    const ftfyFails = out.filter((o) => o.expect === 'fail');
    if (ftfyFails.length && file !== 'known-failures') {
      rows.push([`  ${file} (ftfy expect=fail)`, `fixed ${pct(ftfyFails.filter((o) => o.ok).length, ftfyFails.length)}`]);
    }
  }
  if (results.size === 0) return { title: 'Mojibake (ftfy suite)', rows: [['ftfy suite', 'n/a (shared data absent)']] };
  const main = [...(results.get('in-the-wild') ?? []), ...(results.get('synthetic') ?? [])];
  const mainOk = main.filter((o) => o.ok).length;
  rows.push(['in-the-wild+synthetic', `fixed ${pct(mainOk, main.length)}`]);
  const neg = results.get('negative') ?? [];
  const negOk = neg.filter((o) => o.ok).length;
  // Texts the suite expects untouched: their originals equal the expected text.
  const untouched = neg.filter((o) => o.original === o.expected);
  const untouchedOk = untouched.filter((o) => o.actual === o.original).length;
  rows.push(['negative byte-identical', pct(untouchedOk, untouched.length)]);
  return {
    title: 'Mojibake (ftfy suite)',
    rows,
    targets: [
      { name: 'in-the-wild+synthetic fixed >= 90%', met: main.length > 0 && mainOk / main.length >= 0.9 },
      { name: 'negative unchanged 100%', met: neg.length > 0 && negOk === neg.length && untouchedOk === untouched.length },
    ],
  };
}
