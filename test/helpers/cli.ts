import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/data/loader.js';

export const BIN = join(PACKAGE_ROOT, 'bin', 'sitrep.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real command line in a child process, as a user would. */
export function sitrep(args: string[], options: { input?: string; env?: NodeJS.ProcessEnv; cwd?: string } = {}): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    input: options.input,
    env: { ...process.env, ...options.env },
    cwd: options.cwd,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export { spawn };
