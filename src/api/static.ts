import { createReadStream, existsSync, mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, resolve, sep } from 'node:path';
import { APP_CSP, securityHeaders } from './security.js';

export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
};

/** Shown when the web app is not built: the API still works. No inline script or style (the CSP forbids them). */
export const PLACEHOLDER_INDEX = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>sitrep</title></head>
<body>
<h1>sitrep</h1>
<p>The web app is not built yet (it builds into <code>dist/web/</code>). The API is running:
see <a href="/api/openapi.json">/api/openapi.json</a> and <a href="/api/overview">/api/overview</a>.</p>
</body>
</html>
`;

/** Creates the web app folder with a placeholder index when it is missing, so the server runs before a build. */
export function ensureWebRoot(dir: string): void {
  if (existsSync(resolve(dir, 'index.html'))) return;
  mkdirSync(dir, { recursive: true });
  writeFileSync(resolve(dir, 'index.html'), PLACEHOLDER_INDEX, { flag: 'wx' });
}

/**
 * The file a request path names under `root`, or null when the path is not acceptable: NUL bytes, encoded
 * separators (%2f, %5c), backslashes, `.` or `..` segments, hidden names, undecodable escapes. The resolved path
 * must stay inside root (checked again on the real path before reading, against symbolic links).
 */
export function resolveStaticPath(root: string, rawPath: string): { file: string; segments: string[] } | null {
  if (!rawPath.startsWith('/') || rawPath.includes('\\') || rawPath.includes('\0') || /%(00|2f|5c)/i.test(rawPath)) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return null;
  }
  if (/[\u0000-\u001f\u007f\\]/.test(decoded)) return null;
  const segments = decoded.split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '.' || s === '..' || s.startsWith('.'))) return null;
  const base = resolve(root);
  const file = resolve(base, ...segments);
  if (file !== base && !file.startsWith(base + sep)) return null;
  return { file, segments };
}

/** Vite's content-hashed output (`assets/index-BdH3k2Lm.js`): never changes, cached for good. */
const HASHED = /^assets\/.+[.-][A-Za-z0-9_-]{8,}\.[a-z0-9]+$/;

function notFound(res: ServerResponse): void {
  res.writeHead(404, { ...securityHeaders(APP_CSP), 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end('not found\n');
}

/** A regular file under the real root, or null. */
async function regularFile(realRoot: string, file: string): Promise<{ path: string; size: number; mtime: Date } | null> {
  try {
    const real = realpathSync(file);
    if (real !== realRoot && !real.startsWith(realRoot + sep)) return null;
    const s = await stat(real);
    return s.isFile() ? { path: real, size: s.size, mtime: s.mtime } : null;
  } catch {
    return null;
  }
}

/**
 * Serves the built web app from `root` (GET and HEAD). A path without a file extension that names no file is a
 * client route and gets index.html; anything else missing, and any unacceptable path, gets 404.
 */
export async function serveStatic(req: IncomingMessage, res: ServerResponse, root: string, rawPath: string): Promise<void> {
  const target = resolveStaticPath(root, rawPath);
  if (!target) return notFound(res);
  let realRoot: string;
  try {
    realRoot = realpathSync(root);
  } catch {
    return notFound(res);
  }
  let relative = target.segments.join('/');
  let found = target.segments.length ? await regularFile(realRoot, target.file) : null;
  if (!found) {
    const last = target.segments.at(-1) ?? '';
    if (extname(last) !== '') return notFound(res);
    relative = 'index.html';
    found = await regularFile(realRoot, resolve(realRoot, 'index.html'));
    if (!found) return notFound(res);
  }
  const etag = `W/"${found.size.toString(16)}-${Math.floor(found.mtime.getTime()).toString(16)}"`;
  const headers: Record<string, string> = {
    ...securityHeaders(APP_CSP),
    'Content-Type': CONTENT_TYPES[extname(found.path).toLowerCase()] ?? 'application/octet-stream',
    'Cache-Control': HASHED.test(relative) ? 'public, max-age=31536000, immutable' : 'no-cache',
    ETag: etag,
    'Last-Modified': found.mtime.toUTCString(),
  };
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  res.writeHead(200, { ...headers, 'Content-Length': String(found.size) });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const stream = createReadStream(found.path);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}
