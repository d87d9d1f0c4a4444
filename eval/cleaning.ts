import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { assembleWithout, linesToBlocks } from '../src/clean/blocks.js';
import { separateBoilerplate } from '../src/clean/boilerplate.js';
import { takeHeadline } from '../src/clean/title.js';
import { repairMojibake } from '../src/ingest/encoding/mojibake.js';
import { type EvalSection, pct } from './report.js';

/** The comparison normalisation of the shared scorer (`tools/score.mjs`), so figures here match its figures. */
export function scoreNorm(s: string | null | undefined): string {
  return String(s ?? '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[\u2018\u2019\u02bc`´]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[\u2010-\u2015]/g, '-')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/^the /, '')
    .trim();
}

interface GoldCleaning {
  file: string;
  title?: string | null;
  language?: string;
  kept?: string[];
  removed?: string[];
}

export interface CleanedSeed {
  file: string;
  language: string;
  /** The article as the cleaning stage sees it: read, and mojibake repaired (gold fragments are repaired text). */
  content: string;
  /** Whether the repair changed the file (then byte identity is checked against the repaired text). */
  repaired: boolean;
  /** The body text after boilerplate and headline are taken out. */
  text: string;
  title: string | null;
  gold: GoldCleaning;
  /** Kinds of the removed blocks, in order. */
  removedKinds: string[];
}

/** Runs the text cleaning chain (blocks → boilerplate → headline → reassembly) on one plain-text article. */
export function cleanPlainText(content: string, language: string): { text: string; title: string | null; removedKinds: string[] } {
  const blocks = linesToBlocks(content);
  const sep = separateBoilerplate(blocks, { language });
  const head = takeHeadline(sep.kept);
  const dropped = sep.removed.map((r) => r.block);
  if (head.block) dropped.push(head.block);
  return { text: assembleWithout(content, dropped), title: head.title, removedKinds: sep.removed.map((r) => r.kind) };
}

/** Every gold-annotated seed of the shared folder, cleaned. Empty when the folder is absent. */
export function cleanSeeds(sharedDir: string): CleanedSeed[] {
  const goldDir = join(sharedDir, 'gold', 'seeds');
  const corpusDir = join(sharedDir, 'corpus', 'seeds');
  if (!existsSync(goldDir) || !existsSync(corpusDir)) return [];
  const out: CleanedSeed[] = [];
  for (const f of readdirSync(goldDir).filter((x) => x.endsWith('.json')).sort()) {
    const gold = JSON.parse(readFileSync(join(goldDir, f), 'utf8')) as GoldCleaning;
    const file = gold.file ?? f.replace(/\.json$/, '.txt');
    const path = join(corpusDir, file);
    if (!existsSync(path)) continue;
    const raw = readFileSync(path, 'utf8');
    const content = repairMojibake(raw).text;
    const language = gold.language ?? 'en';
    const r = cleanPlainText(content, language);
    out.push({ file, language, content, repaired: content !== raw, text: r.text, title: r.title, gold, removedKinds: r.removedKinds });
  }
  return out;
}

/** Whether every line of `text` is a line of `content`, in order: only whole lines were dropped. */
export function onlyWholeLinesDropped(content: string, text: string): boolean {
  const src = content.split('\n');
  let at = 0;
  for (const line of text.split('\n')) {
    while (at < src.length && src[at] !== line) at++;
    if (at === src.length) return false;
    at++;
  }
  return true;
}

export interface CleaningFigures {
  docs: number;
  kept: [number, number];
  removed: [number, number];
  title: [number, number];
  wholeLines: [number, number];
  misses: string[];
}

export function cleaningFigures(seeds: readonly CleanedSeed[]): CleaningFigures {
  const fig: CleaningFigures = { docs: seeds.length, kept: [0, 0], removed: [0, 0], title: [0, 0], wholeLines: [0, 0], misses: [] };
  for (const s of seeds) {
    const text = scoreNorm(s.text);
    for (const k of s.gold.kept ?? []) {
      fig.kept[1]++;
      if (text.includes(scoreNorm(k))) fig.kept[0]++;
      else fig.misses.push(`${s.file} lost: ${k.slice(0, 60)}`);
    }
    for (const r of s.gold.removed ?? []) {
      fig.removed[1]++;
      if (!text.includes(scoreNorm(r))) fig.removed[0]++;
      else fig.misses.push(`${s.file} left: ${r.slice(0, 60)}`);
    }
    if (s.gold.title !== undefined) {
      fig.title[1]++;
      if (scoreNorm(s.gold.title) === scoreNorm(s.title)) fig.title[0]++;
      else fig.misses.push(`${s.file} title: ${String(s.title)}`);
    }
    fig.wholeLines[1]++;
    if (onlyWholeLinesDropped(s.content, s.text)) fig.wholeLines[0]++;
  }
  return fig;
}

/**
 * Boilerplate separation and headline on the plain-text seeds, measured against gold `kept` (share of fragments
 * still in the text; target 100%) and `removed` (share absent; target ≥ 95%), with the scorer's normalisation.
 */
export function evaluateCleaningOnBlocks(sharedDir: string): EvalSection {
  const seeds = cleanSeeds(sharedDir);
  if (seeds.length === 0) return { title: 'Cleaning: boilerplate and headline (seeds)', rows: [['seeds', 'absent']] };
  const fig = cleaningFigures(seeds);
  const kinds = new Map<string, number>();
  for (const s of seeds) for (const k of s.removedKinds) kinds.set(k, (kinds.get(k) ?? 0) + 1);
  const ratio = ([ok, n]: [number, number]): number => (n ? ok / n : 1);
  const rows: Array<[string, string]> = [
    ['documents', String(fig.docs)],
    ['kept fragments present', pct(...fig.kept)],
    ['removed fragments absent', pct(...fig.removed)],
    ['title', pct(...fig.title)],
    ['only whole lines dropped', pct(...fig.wholeLines)],
    ['input repaired first', seeds.filter((s) => s.repaired).map((s) => s.file).join(', ') || '-'],
    ['removed blocks by kind', [...kinds].sort().map(([k, v]) => `${k} ${v}`).join(', ') || '-'],
    ...fig.misses.map((m): [string, string] => ['miss', m]),
  ];
  return {
    title: 'Cleaning: boilerplate and headline (seeds)',
    rows,
    targets: [
      { name: 'kept fragments 100%', met: ratio(fig.kept) === 1 },
      { name: 'removed fragments >= 95%', met: ratio(fig.removed) >= 0.95 },
    ],
  };
}
