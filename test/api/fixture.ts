import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/data/loader.js';
import { sitrep } from '../helpers/cli.js';
import { hasShared, sharedPath } from '../helpers/shared.js';
import { tempDir } from '../helpers/tmp.js';
import { SQLITE, type Backend } from '../helpers/backends.js';

/** The inputs of the test store: the samples shipped in the repo, and the seed corpus when shared/ is there. */
export function corpusPaths(): string[] {
  const paths = [join(PACKAGE_ROOT, 'samples')];
  if (hasShared) paths.push(sharedPath('corpus', 'seeds'));
  return paths;
}

/** A store of a backend built by ingesting the corpus through the real command line, with a fresh folder. */
export async function buildStore(prefix = 'sitrep-api-', backend: Backend = SQLITE): Promise<{ dir: string; db: string }> {
  const dir = tempDir(prefix);
  const db = await backend.fresh(dir, 'store');
  const r = sitrep(['ingest', ...corpusPaths(), '--db', db, '--quiet']);
  if (r.code !== 0) throw new Error(`ingest failed (${r.code}): ${r.stderr}`);
  return { dir, db };
}

/** A small built web app: an index, a hashed asset, an unhashed file; and a secret beside the folder. */
export function buildWebRoot(dir: string): string {
  const root = join(dir, 'web');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>app</title><script type="module" src="/assets/index-AbCd1234.js"></script>\n');
  writeFileSync(join(root, 'assets', 'index-AbCd1234.js'), 'console.log("app");\n');
  writeFileSync(join(root, 'assets', 'style-Zz9_x-Y8.css'), 'body{}\n');
  writeFileSync(join(root, 'robots.txt'), 'User-agent: *\n');
  writeFileSync(join(root, '.env'), 'SECRET=1\n');
  writeFileSync(join(dir, 'secret.txt'), 'outside the web root\n');
  return root;
}
