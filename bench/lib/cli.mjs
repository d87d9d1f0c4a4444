// Runs the sitrep CLI as a child process with the peak-RSS hook, timing wall and CPU.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const HOOK = fileURLToPath(new URL('./rss-hook.mjs', import.meta.url));
const BIN = join(ROOT, 'bin/sitrep.js');

/** Whether this build's `ingest` has --jobs. */
export function hasJobs() {
  const r = spawnSync(process.execPath, [BIN, 'ingest', '--help'], { encoding: 'utf8' });
  return /--jobs\b/.test(r.stdout);
}

/** sitrep ingest DIR --quiet --json --db DB [--jobs N] → { summary, wallSeconds, cpuSeconds, peakRssMB }. */
export function ingest(dir, db, { jobs = null, extra = [] } = {}) {
  const rssFile = join(tmpdir(), `sitrep-bench-rss-${process.pid}-${Date.now()}.json`);
  const args = ['--import', HOOK, BIN, 'ingest', dir, '--quiet', '--json', '--db', db, ...(jobs ? ['--jobs', String(jobs)] : []), ...extra];
  return new Promise((resolve, reject) => {
    const t = performance.now();
    const child = spawn(process.execPath, args, { env: { ...process.env, BENCH_RSS_FILE: rssFile }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => {
      const wallSeconds = (performance.now() - t) / 1000;
      let rss = {};
      try {
        rss = JSON.parse(readFileSync(rssFile, 'utf8'));
        rmSync(rssFile, { force: true });
      } catch {}
      const line = out.trim().split('\n').filter(Boolean).at(-1);
      let summary = null;
      try {
        summary = JSON.parse(line);
      } catch {}
      if (code !== 0 && !summary) return reject(new Error(`sitrep ingest exited ${code}: ${err.trim().slice(0, 500)}`));
      resolve({ summary, wallSeconds, cpuSeconds: rss.cpuSeconds ?? null, peakRssMB: rss.peakRssMB ?? null, exitCode: code });
    });
  });
}

/** A node script → its last stdout line parsed as JSON. */
export function runJson(args, { pin = null, timeoutMs = 0 } = {}) {
  const cmd = pin !== null && hasTaskset() ? 'taskset' : process.execPath;
  const full = cmd === 'taskset' ? ['-c', String(pin), process.execPath, ...args] : args;
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, full, { stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs || undefined });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => {
      try {
        resolve(JSON.parse(out.trim().split('\n').at(-1)));
      } catch {
        reject(new Error(`${args.join(' ')} exited ${code}: ${err.trim().slice(-800)}`));
      }
    });
  });
}

let taskset;
export function hasTaskset() {
  if (taskset === undefined) taskset = spawnSync('taskset', ['-c', '0', 'true']).status === 0;
  return taskset;
}
