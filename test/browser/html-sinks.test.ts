/**
 * The web app builds every piece of article text with DOM text nodes: no source file may use an HTML sink
 * (innerHTML, outerHTML, insertAdjacentHTML, document.write, DOMParser, createContextualFragment) or eval.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import { PACKAGE_ROOT } from '../../src/data/loader.js';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : /\.(ts|html)$/.test(name) ? [path] : [];
  });
}

it('web/ uses no HTML sinks, eval or inline handlers', () => {
  const sources = files(join(PACKAGE_ROOT, 'web'));
  assert.ok(sources.length > 5);
  const sink = /\b(innerHTML|outerHTML|insertAdjacentHTML|document\.write|DOMParser|createContextualFragment|eval\s*\(|new Function\s*\()|\son[a-z]+\s*=\s*["']/;
  for (const file of sources) {
    const text = readFileSync(file, 'utf8');
    assert.doesNotMatch(text, sink, file);
  }
});
