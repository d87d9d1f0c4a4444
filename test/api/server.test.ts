import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, symlinkSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startServer, type RunningServer } from '../../src/api/server.js';
import { resolveStaticPath, ensureWebRoot, PLACEHOLDER_INDEX } from '../../src/api/static.js';
import { isLoopback, hostAllowed } from '../../src/api/security.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import { BIN } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { buildWebRoot } from './fixture.js';

// The web layer does not need a full corpus: an empty store serves it.
const dir = tempDir('sitrep-serve-');
const webRoot = buildWebRoot(dir);
symlinkSync(join(dir, 'secret.txt'), join(webRoot, 'link.txt'));
let store: Store;
let server: RunningServer;

before(async () => {
  store = await openStore(join(dir, 'empty.db'));
  server = await startServer({ store, port: 0, webRoot });
});

after(async () => {
  await server.close();
  await store.close();
});

interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Sends a request line exactly as written: fetch() would normalise `..` and `%2e%2e` away before sending. */
function raw(target: string, headers: Record<string, string> = {}, method = 'GET'): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, '127.0.0.1');
    let data = '';
    socket.setEncoding('latin1');
    socket.on('data', (d: string) => (data += d));
    socket.on('error', reject);
    socket.on('end', () => {
      const [head, ...rest] = data.split('\r\n\r\n');
      const lines = head!.split('\r\n');
      const out: Record<string, string> = {};
      for (const line of lines.slice(1)) {
        const i = line.indexOf(':');
        out[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
      }
      resolve({ status: Number(lines[0]!.split(' ')[1]), headers: out, body: rest.join('\r\n\r\n') });
    });
    const all = { Host: `127.0.0.1:${server.port}`, Connection: 'close', ...headers };
    socket.write(`${method} ${target} HTTP/1.1\r\n${Object.entries(all).map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n`);
  });
}

describe('binding', () => {
  it('binds 127.0.0.1 by default', () => {
    assert.equal(server.host, '127.0.0.1');
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('`sitrep serve` binds 127.0.0.1 on the port asked (0: any free one), prints the URL and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, [BIN, 'serve', '--db', join(dir, 'cli.db'), '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /http:\/\/127\.0\.0\.1:\d+\//.exec(out);
        if (m) resolve(m[0]);
      });
      child.on('exit', (code) => reject(new Error(`exited ${code}: ${out}${err}`)));
    });
    const res = await fetch(`${url}api/overview`);
    assert.equal(res.status, 200);
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    assert.equal(await exited, 0, err);
  });

  it('refuses a bad port', async () => {
    const child = spawn(process.execPath, [BIN, 'serve', '--db', join(dir, 'cli.db'), '--port', '70000'], { stdio: 'pipe' });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    assert.equal(code, 2);
  });

  it('answers only loopback host names when bound to loopback (DNS rebinding)', async () => {
    assert.equal((await raw('/api/openapi.json', { Host: 'evil.example:80' })).status, 403);
    assert.equal((await raw('/', { Host: 'attacker.test' })).status, 403);
    assert.equal((await raw('/api/openapi.json', { Host: `localhost:${server.port}` })).status, 200);
    assert.equal((await raw('/api/openapi.json', { Host: `[::1]:${server.port}` })).status, 200);
    assert.ok(isLoopback('127.0.0.1') && isLoopback('::1') && isLoopback('localhost') && !isLoopback('0.0.0.0') && !isLoopback('10.0.0.1'));
    assert.ok(hostAllowed('evil.example', false), 'an explicit --host answers any name');
  });
});

describe('security headers', () => {
  it('sends a Content-Security-Policy without unsafe-inline scripts on pages, assets, API answers and errors', async () => {
    for (const path of ['/', '/entities/x', '/assets/index-AbCd1234.js', '/api/openapi.json', '/api/nothing', '/missing.png', '/../x']) {
      const r = await raw(path);
      const csp = r.headers['content-security-policy'];
      assert.ok(csp, `${path} has a CSP`);
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/, path);
      const script = /script-src ([^;]+)/.exec(csp)?.[1] ?? /default-src ([^;]+)/.exec(csp)![1]!;
      assert.ok(/'self'|'none'/.test(script), `${path}: ${csp}`);
      assert.equal(r.headers['x-content-type-options'], 'nosniff', path);
      assert.match(csp, /frame-ancestors 'none'/);
    }
  });
});

describe('static files', () => {
  it('serves the app with content types, the index for client routes, and caches hashed assets for good', async () => {
    const index = await raw('/');
    assert.equal(index.status, 200);
    assert.match(index.headers['content-type']!, /^text\/html; charset=utf-8/);
    assert.equal(index.headers['cache-control'], 'no-cache');
    assert.match(index.body, /<title>app<\/title>/);
    for (const route of ['/entities/ent_123', '/timeline', '/map/', '/entities/Wagner%20Group']) {
      const r = await raw(route);
      assert.equal(r.status, 200, route);
      assert.match(r.body, /<title>app<\/title>/, route);
    }
    const js = await raw('/assets/index-AbCd1234.js');
    assert.equal(js.status, 200);
    assert.match(js.headers['content-type']!, /^text\/javascript/);
    assert.match(js.headers['cache-control']!, /immutable/);
    const css = await raw('/assets/style-Zz9_x-Y8.css');
    assert.match(css.headers['content-type']!, /^text\/css/);
    const robots = await raw('/robots.txt');
    assert.match(robots.headers['content-type']!, /^text\/plain/);
    assert.equal(robots.headers['cache-control'], 'no-cache');
    const again = await raw('/robots.txt', { 'If-None-Match': robots.headers.etag! });
    assert.equal(again.status, 304);
    assert.equal((await raw('/missing.js')).status, 404, 'a missing file with an extension is not a client route');
    assert.equal((await raw('/assets/missing-AbCd1234.js')).status, 404);
    const head = await raw('/', {}, 'HEAD');
    assert.equal(head.status, 200);
    assert.equal(head.body, '');
    assert.equal((await raw('/', {}, 'POST')).status, 405);
  });

  it('answers 404 to every path traversal attempt and never reads outside the web folder', async () => {
    const attempts = [
      '/../package.json',
      '/../../package.json',
      '/%2e%2e/%2e%2e/etc/passwd',
      '/%2E%2E/%2E%2E/etc/passwd',
      '/assets/..%2f..%2fpackage.json',
      '/assets/..%2F..%2Fsecret.txt',
      '/..%5c..%5csecret.txt',
      '/assets/../../secret.txt',
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/%2e%2e/%2e%2e/secret.txt',
      '/..',
      '/%2e%2e',
      '/.env',
      '/%2eenv',
      '/index.html%00.js',
      '/index.html%00',
      '/..\\secret.txt',
      '/%c0%ae%c0%ae/secret.txt',
      '/%252e%252e/secret.txt',
      '/link.txt',
      '//etc/passwd',
      '/etc/passwd',
    ];
    for (const target of attempts) {
      const r = await raw(target);
      assert.ok(r.status === 404 || (r.status === 200 && /<title>app<\/title>/.test(r.body)), `${target} → ${r.status}`);
      assert.doesNotMatch(r.body, /outside the web root|SECRET=1|root:x:0|"name": "sitrep"/, target);
    }
    for (const target of ['/../package.json', '/%2e%2e/%2e%2e/etc/passwd', '/assets/..%2f..%2fpackage.json', '/.env', '/link.txt', '/index.html%00']) {
      assert.equal((await raw(target)).status, 404, target);
    }
  });

  it('resolves request paths strictly inside the root', () => {
    const root = '/srv/web';
    assert.equal(resolveStaticPath(root, '/assets/a.js')?.file, '/srv/web/assets/a.js');
    assert.equal(resolveStaticPath(root, '/caf%C3%A9.txt')?.file, '/srv/web/café.txt');
    for (const bad of ['/../x', '/a/../../x', '/%2e%2e/x', '/a%2fb', '/a%5cb', '/a\\b', '/a%00', '/.git/config', '/%', 'x', '/a/./b']) {
      assert.equal(resolveStaticPath(root, bad), null, bad);
    }
  });

  it('creates a placeholder app when none is built', () => {
    const missing = join(tempDir(), 'nested', 'web');
    ensureWebRoot(missing);
    assert.equal(readFileSync(join(missing, 'index.html'), 'utf8'), PLACEHOLDER_INDEX);
    assert.doesNotMatch(PLACEHOLDER_INDEX, /<script|style=/);
    ensureWebRoot(webRoot);
    assert.match(readFileSync(join(webRoot, 'index.html'), 'utf8'), /<title>app<\/title>/, 'a built app is left alone');
    assert.ok(existsSync(join(webRoot, 'assets')));
  });
});
