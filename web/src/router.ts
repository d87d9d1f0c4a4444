/** Hash routing: `#/timeline?from=2022`, `#/entity/<id>`, `#/doc/<id>?event=<mention>`. */

export interface Route {
  view: string;
  arg: string | null;
  params: URLSearchParams;
}

export function parseHash(hash: string = location.hash): Route {
  const raw = hash.replace(/^#\/?/, '');
  const q = raw.indexOf('?');
  const path = q < 0 ? raw : raw.slice(0, q);
  const params = new URLSearchParams(q < 0 ? '' : raw.slice(q + 1));
  const [view, ...rest] = path.split('/');
  let arg: string | null = null;
  if (rest.length) {
    try {
      arg = decodeURIComponent(rest.join('/'));
    } catch {
      arg = rest.join('/');
    }
  }
  return { view: view || 'overview', arg, params };
}

export function routeHref(view: string, arg?: string | null, params?: Record<string, string | null | undefined> | URLSearchParams): string {
  let href = `#/${view}${arg ? `/${encodeURIComponent(arg)}` : ''}`;
  const p = new URLSearchParams();
  if (params instanceof URLSearchParams) params.forEach((v, k) => v && p.set(k, v));
  else for (const [k, v] of Object.entries(params ?? {})) if (v) p.set(k, v);
  const qs = p.toString();
  if (qs) href += `?${qs}`;
  return href;
}

/** Replaces some query parameters of the current route (filters), keeping the others. */
export function setParams(update: Record<string, string | null | undefined>): void {
  const r = parseHash();
  const p = new URLSearchParams(r.params);
  for (const [k, v] of Object.entries(update)) {
    if (v) p.set(k, v);
    else p.delete(k);
  }
  location.hash = routeHref(r.view, r.arg, p);
}
