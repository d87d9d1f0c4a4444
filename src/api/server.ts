import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../data/loader.js';
import { QueryError, StoreError, type Store } from '../store/store.js';
import { OPENAPI_PATH, openApiDocument } from './openapi.js';
import { HttpError, validateBody, validateParams } from './params.js';
import { ROUTES, matchPath, type Reply, type RouteSpec } from './routes.js';
import { API_CSP, hostAllowed, hostName, isLoopback, securityHeaders } from './security.js';
import { ensureWebRoot, serveStatic } from './static.js';

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 8642;
/** The built web app, which `sitrep serve` serves. */
export const DEFAULT_WEB_ROOT = join(PACKAGE_ROOT, 'dist', 'web');
/** The largest request body accepted (merge and split bodies are a few names). */
export const MAX_BODY_BYTES = 64 * 1024;

export interface ApiServerOptions {
  store: Store;
  /** The folder of the built web app; nothing outside it is ever read. */
  webRoot?: string;
  /** Answer only requests addressed to a loopback name (set when bound to a loopback address). */
  loopbackOnly?: boolean;
  /** Unexpected errors (answered with 500); stderr by default. */
  onError?: (err: Error) => void;
}

function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version?: string }).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...securityHeaders(API_CSP),
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
    'Cache-Control': 'no-store',
    ...extra,
  });
  res.end(text);
}

async function sendStream(req: IncomingMessage, res: ServerResponse, reply: Extract<Reply, { kind: 'stream' }>): Promise<void> {
  const headers = {
    ...securityHeaders(API_CSP),
    'Content-Type': reply.contentType,
    'Content-Disposition': `attachment; filename="${reply.filename}"`,
    'Cache-Control': 'no-store',
  };
  if (req.method === 'HEAD') {
    res.writeHead(200, headers);
    res.end();
    return;
  }
  const iterator = reply.chunks[Symbol.asyncIterator]();
  // The first chunk comes before the headers, so a failure to start is still an ordinary error answer.
  const first = await iterator.next();
  res.writeHead(200, headers);
  try {
    for (let step = first; !step.done; step = await iterator.next()) {
      if (res.destroyed) break;
      if (!res.write(step.value)) await once(res, 'drain');
    }
    res.end();
  } catch (err) {
    res.destroy(err as Error);
  } finally {
    await iterator.return?.();
  }
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  // Requiring JSON also keeps other sites out: a cross-site form cannot send it without a CORS preflight.
  if (type !== 'application/json') throw new HttpError(415, 'send the body as application/json');
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_BODY_BYTES) throw new HttpError(413, `the body is larger than ${MAX_BODY_BYTES} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, `the body is larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    throw new HttpError(400, 'the body is not valid JSON');
  }
}

/** A browser on another origin may not change the store: its Origin must name this server's host. */
function checkOrigin(req: IncomingMessage): void {
  const origin = req.headers.origin;
  if (!origin) return;
  let originHost: string;
  try {
    originHost = new URL(origin).host.toLowerCase();
  } catch {
    throw new HttpError(403, 'cross-origin requests may not change the store');
  }
  const host = (req.headers.host ?? '').toLowerCase();
  if (originHost !== host) throw new HttpError(403, 'cross-origin requests may not change the store');
}

function decodeSegment(name: string, raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new HttpError(400, `parameter '${name}' is not valid percent-encoding`);
  }
}

async function handleApi(req: IncomingMessage, res: ServerResponse, store: Store, path: string, query: string, openApi: string): Promise<void> {
  const method = req.method === 'HEAD' ? 'GET' : (req.method ?? 'GET');
  if (path === OPENAPI_PATH) {
    if (method !== 'GET') throw new HttpError(405, `${req.method} is not allowed here`, { Allow: 'GET, HEAD' });
    res.writeHead(200, { ...securityHeaders(API_CSP), 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-cache' });
    res.end(openApi);
    return;
  }
  const matches: Array<{ route: RouteSpec; raw: Record<string, string> }> = [];
  for (const route of ROUTES) {
    const raw = matchPath(route.path, path);
    if (raw) matches.push({ route, raw });
  }
  if (matches.length === 0) throw new HttpError(404, `no endpoint ${path.slice(0, 100)}`);
  const match = matches.find((m) => m.route.method === method);
  if (!match) {
    const allowed = [...new Set(matches.map((m) => m.route.method))].flatMap((m) => (m === 'GET' ? ['GET', 'HEAD'] : [m]));
    throw new HttpError(405, `${req.method} is not allowed here (use ${allowed.join(' or ')})`, { Allow: allowed.join(', ') });
  }
  const pathParams: Record<string, string> = {};
  for (const [name, raw] of Object.entries(match.raw)) pathParams[name] = decodeSegment(name, raw);
  const params = validateParams(match.route.params, new URLSearchParams(query), pathParams);
  let body: Record<string, string | null> = {};
  if (match.route.body) {
    checkOrigin(req);
    body = validateBody(match.route.body, await readBody(req));
  }
  const reply = await match.route.handle({ store, params, body });
  if (reply.kind === 'json') sendJson(res, reply.status ?? 200, reply.body);
  else await sendStream(req, res, reply);
}

/** The HTTP server of `sitrep serve`: the JSON API under /api, the web app everywhere else. */
export function createApiServer(options: ApiServerOptions): Server {
  const webRoot = options.webRoot ?? DEFAULT_WEB_ROOT;
  const openApi = JSON.stringify(openApiDocument(ROUTES, packageVersion()));
  const onError = options.onError ?? ((err: Error) => process.stderr.write(`sitrep serve: ${err.stack ?? err.message}\n`));
  return createServer((req, res) => {
    const url = req.url ?? '/';
    const isApi = url === '/api' || url.startsWith('/api/') || url.startsWith('/api?');
    const fail = (err: unknown): void => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (err instanceof HttpError) sendJson(res, err.status, { error: err.message }, err.headers);
      else if (err instanceof QueryError || err instanceof StoreError) sendJson(res, 400, { error: err.message });
      else {
        onError(err instanceof Error ? err : new Error(String(err)));
        sendJson(res, 500, { error: 'internal error' });
      }
    };
    try {
      if (!hostAllowed(req.headers.host, options.loopbackOnly ?? false)) {
        throw new HttpError(403, `this server answers requests to localhost only, not to '${hostName(req.headers.host ?? '').slice(0, 100)}'`);
      }
      if (!url.startsWith('/')) throw new HttpError(400, 'malformed request target');
      const q = url.indexOf('?');
      const path = q < 0 ? url : url.slice(0, q);
      const query = q < 0 ? '' : url.slice(q + 1);
      if (isApi) {
        handleApi(req, res, options.store, path, query, openApi).catch(fail);
        return;
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, `${req.method} is not allowed here`, { Allow: 'GET, HEAD' });
      serveStatic(req, res, webRoot, path).catch(fail);
    } catch (err) {
      fail(err);
    }
  });
}

export interface RunningServer {
  server: Server;
  host: string;
  port: number;
  /** Where a browser reaches it. */
  url: string;
  close(): Promise<void>;
}

/**
 * Starts the server on host:port (port 0: any free port). Binds 127.0.0.1 unless told otherwise; on a loopback
 * address it answers only requests addressed to a loopback name. Creates a placeholder web app when none is built.
 */
export async function startServer(options: ApiServerOptions & { host?: string; port?: number }): Promise<RunningServer> {
  const host = options.host ?? DEFAULT_HOST;
  const webRoot = options.webRoot ?? DEFAULT_WEB_ROOT;
  ensureWebRoot(webRoot);
  const server = createApiServer({ ...options, webRoot, loopbackOnly: options.loopbackOnly ?? isLoopback(host) });
  await new Promise<void>((listening, failed) => {
    server.once('error', failed);
    server.listen(options.port ?? DEFAULT_PORT, host, () => {
      server.off('error', failed);
      listening();
    });
  });
  const address = server.address() as AddressInfo;
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    server,
    host: address.address,
    port: address.port,
    url: `http://${shown}:${address.port}/`,
    close: () =>
      new Promise<void>((done, fail) => {
        server.close((err) => (err ? fail(err) : done()));
        server.closeAllConnections();
      }),
  };
}
