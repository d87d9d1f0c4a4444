/**
 * Evaluation of the HTML extraction against Readability's own test pages (shared/data/readability/test-pages):
 * word-level F1 of our plain-text content against the text of `expected.html`, and accuracy of title, byline
 * and published time against `expected-metadata.json`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseHTML } from 'linkedom';
import { extractHtml } from '../src/clean/html/extract.js';
import { type EvalSection, pct } from './report.js';

/** The page URL Readability's test-suite used when producing the expected output. */
export const TEST_PAGE_URL = 'http://fakehost/test/page.html';

export interface ExpectedMetadata {
  title?: string | null;
  byline?: string | null;
  publishedTime?: string | null;
}

export interface PageScore {
  name: string;
  f1: number;
  title: boolean | null;
  byline: boolean | null;
  published: boolean | null;
  method: string;
  /** Size of source.html in bytes (UTF-16 code units) and CPU milliseconds extractHtml took on it. */
  bytes: number;
  cpuMs: number;
}

export interface ReadabilityScores {
  pages: PageScore[];
  /** Wall-clock seconds spent in extractHtml (sensitive to other processes on the machine). */
  seconds: number;
  /** CPU seconds (user + system) spent in extractHtml: steadier on a shared machine. */
  cpuSeconds: number;
}

/** Lower-cased words (letter/digit runs) of a text. */
export function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** F1 of the multiset overlap of the words of `got` and `want`. */
export function wordF1(got: string, want: string): number {
  const a = words(got);
  const b = words(want);
  if (a.length === 0 && b.length === 0) return 1;
  const counts = new Map<string, number>();
  for (const w of b) counts.set(w, (counts.get(w) ?? 0) + 1);
  let overlap = 0;
  for (const w of a) {
    const c = counts.get(w);
    if (c) {
      overlap++;
      counts.set(w, c - 1);
    }
  }
  if (overlap === 0) return 0;
  const p = overlap / a.length;
  const r = overlap / b.length;
  return (2 * p * r) / (p + r);
}

/** Text of an HTML fragment (the expected extraction). */
export function htmlText(fragment: string): string {
  const { document } = parseHTML(`<!DOCTYPE html><html><head></head><body>${fragment}</body></html>`);
  return (document as unknown as { body: { textContent: string | null } }).body.textContent ?? '';
}

const normSpace = (s: string | null | undefined): string => (s ?? '').replace(/\s+/g, ' ').trim();

/** Same instant (when both parse as dates) or same normalised string. */
export function sameInstant(got: string | null | undefined, want: string): boolean {
  if (normSpace(got) === normSpace(want)) return true;
  if (!got) return false;
  const a = new Date(got).getTime();
  const b = new Date(want).getTime();
  return Number.isFinite(a) && a === b;
}

export function testPagesDir(sharedDir: string): string {
  return join(sharedDir, 'data', 'readability', 'test-pages');
}

/** Scores every test page; an empty list when the shared pages are absent. */
export function scoreReadabilityPages(sharedDir: string): ReadabilityScores {
  const dir = testPagesDir(sharedDir);
  const pages: PageScore[] = [];
  if (!existsSync(dir)) return { pages, seconds: 0, cpuSeconds: 0 };
  let extractMs = 0;
  let cpuMicros = 0;
  for (const name of readdirSync(dir).sort()) {
    const pageDir = join(dir, name);
    if (!existsSync(join(pageDir, 'source.html')) || !existsSync(join(pageDir, 'expected.html'))) continue;
    const source = readFileSync(join(pageDir, 'source.html'), 'utf8');
    const expected = htmlText(readFileSync(join(pageDir, 'expected.html'), 'utf8'));
    const metaPath = join(pageDir, 'expected-metadata.json');
    const want: ExpectedMetadata = existsSync(metaPath) ? (JSON.parse(readFileSync(metaPath, 'utf8')) as ExpectedMetadata) : {};
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const got = extractHtml(source, TEST_PAGE_URL);
    const c = process.cpuUsage(c0);
    extractMs += performance.now() - t0;
    cpuMicros += c.user + c.system;
    pages.push({
      name,
      f1: wordF1(got.content, expected),
      title: want.title == null ? null : normSpace(got.meta.title) === normSpace(want.title),
      byline: want.byline == null ? null : normSpace(got.meta.byline) === normSpace(want.byline),
      published: want.publishedTime == null ? null : sameInstant(got.meta.published, want.publishedTime),
      method: got.method,
      bytes: source.length,
      cpuMs: (c.user + c.system) / 1000,
    });
  }
  return { pages, seconds: extractMs / 1000, cpuSeconds: cpuMicros / 1e6 };
}

function accuracy(pages: PageScore[], field: 'title' | 'byline' | 'published'): string {
  const counted = pages.filter((p) => p[field] !== null);
  return pct(counted.filter((p) => p[field]).length, counted.length);
}

export const F1_TARGET = 0.9;

export function evaluateReadability(sharedDir: string): EvalSection {
  const { pages, seconds, cpuSeconds } = scoreReadabilityPages(sharedDir);
  const title = 'HTML extraction (Readability test pages)';
  if (pages.length === 0) {
    return { title, rows: [['pages', '0 (shared test pages absent)']], targets: [{ name: `mean F1 ≥ ${F1_TARGET}`, met: false }] };
  }
  const f1s = pages.map((p) => p.f1).sort((a, b) => a - b);
  const mean = f1s.reduce((a, b) => a + b, 0) / f1s.length;
  const mid = Math.floor(f1s.length / 2);
  const median = f1s.length % 2 ? f1s[mid] : (f1s[mid - 1] + f1s[mid]) / 2;
  const low = pages.filter((p) => p.f1 < 0.5);
  const fallback = pages.filter((p) => p.method === 'body').length;
  return {
    title,
    rows: [
      ['pages', String(pages.length)],
      ['mean word F1', mean.toFixed(4)],
      ['median word F1', median.toFixed(4)],
      ['pages F1 < 0.5', low.length ? `${low.length}: ${low.slice(0, 8).map((p) => `${p.name} (${p.f1.toFixed(2)})`).join(', ')}` : '0'],
      ['pages F1 < 0.9', String(pages.filter((p) => p.f1 < 0.9).length)],
      ['body fallback used', String(fallback)],
      ['title accuracy', accuracy(pages, 'title')],
      ['byline accuracy', accuracy(pages, 'byline')],
      ['published accuracy', accuracy(pages, 'published')],
      ['throughput (wall)', `${(pages.length / Math.max(seconds, 1e-9)).toFixed(0)} pages/s (${((1000 * seconds) / pages.length).toFixed(1)} ms/page)`],
      ['CPU rate, pages < 50 KB', bandRate(pages, 0, 50_000)],
      ['CPU rate, 50–200 KB', bandRate(pages, 50_000, 200_000)],
      ['CPU rate, ≥ 200 KB', bandRate(pages, 200_000, Infinity)],
      ['throughput (CPU)', `${(pages.length / Math.max(cpuSeconds, 1e-9)).toFixed(0)} pages/s (${((1000 * cpuSeconds) / pages.length).toFixed(1)} ms/page, GC included)`],
    ],
    targets: [{ name: `mean F1 ≥ ${F1_TARGET}`, met: mean >= F1_TARGET }],
  };
}

/** "N pages/s" over the pages of one size band, from CPU time. */
function bandRate(pages: PageScore[], min: number, max: number): string {
  const band = pages.filter((p) => p.bytes >= min && p.bytes < max);
  const ms = band.reduce((s, p) => s + p.cpuMs, 0);
  return band.length ? `${((1000 * band.length) / Math.max(ms, 1e-9)).toFixed(0)} pages/s (${band.length} pages)` : 'n/a';
}
