import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PACKAGE_ROOT } from '../../src/data/loader.js';

/** The shared folder beside the repository (test suites, gold, corpus). Tests and evaluation only. */
export const SHARED_DIR: string = resolve(process.env.SITREP_SHARED ?? join(PACKAGE_ROOT, '..', 'shared'));

export const hasShared: boolean = existsSync(SHARED_DIR);

export function sharedPath(...parts: string[]): string {
  return join(SHARED_DIR, ...parts);
}
