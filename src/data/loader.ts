import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root (the folder holding package.json), found from this module's location in src/ or dist/. */
export const PACKAGE_ROOT: string = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('sitrep: cannot find the package root');
    dir = up;
  }
  return dir;
})();

const cache = new Map<string, unknown>();

/** Reads a JSON data file under the package root once and caches it, e.g. `dataFile('lang/en/boilerplate.json')`. */
export function dataFile<T>(relativePath: string): T {
  const hit = cache.get(relativePath);
  if (hit !== undefined) return hit as T;
  const full = join(PACKAGE_ROOT, relativePath);
  let parsed: T;
  try {
    parsed = JSON.parse(readFileSync(full, 'utf8')) as T;
  } catch (err) {
    throw new Error(`sitrep: cannot load data file ${relativePath}: ${(err as Error).message}`);
  }
  cache.set(relativePath, parsed);
  return parsed;
}

/** Language-specific data (`lang/<language>/<name>.json`), or null when that language has no such file. */
export function langData<T>(language: string, name: string): T | null {
  const rel = `lang/${language}/${name}.json`;
  if (!existsSync(join(PACKAGE_ROOT, rel))) return null;
  return dataFile<T>(rel);
}
