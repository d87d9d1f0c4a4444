import { forceCollide, forceLink, forceManyBody, forceSimulation, forceX, forceY, type SimulationLinkDatum, type SimulationNodeDatum } from 'd3-force';
import { api, type Graph, type GraphEdge, type GraphNode } from '../api.js';
import { h, mount, s } from '../dom.js';
import { filterBar } from '../filters.js';
import { COOP_COLOR, CONFLICT_COLOR, ENTITY_COLOR, ENTITY_LABEL } from '../plover.js';
import { routeHref, type Route } from '../router.js';
import { empty, entityHref, load, pageHeader, plural } from '../ui.js';

type N = GraphNode & SimulationNodeDatum;
type L = SimulationLinkDatum<N> & { edge: GraphEdge };

export function graphView(root: HTMLElement, route: Route): Promise<void> {
  const p = route.params;
  const body = h('div');
  mount(
    root,
    pageHeader('Actor graph', 'Who acts on whom: an arrow from the source of events to their target, as thick as the number of events. Click an actor for its page.'),
    filterBar(route, ['type', 'from', 'to']),
    body,
  );
  const q = { from: p.get('from') ?? undefined, to: p.get('to') ?? undefined, type: p.get('type') ?? undefined };
  return load(body, api.graph(q), (g) => render(g, route), 'Loading the actor graph…');
}

function mix(a: string, b: string, t: number): string {
  const pa = [1, 3, 5].map((i) => parseInt(a.slice(i, i + 2), 16));
  const pb = [1, 3, 5].map((i) => parseInt(b.slice(i, i + 2), 16));
  return `rgb(${pa.map((v, i) => Math.round(v + (pb[i] - v) * t)).join(',')})`;
}

export function edgeColor(e: GraphEdge): string {
  const total = e.cooperative + e.conflictual;
  return total ? mix(COOP_COLOR, CONFLICT_COLOR, e.conflictual / total) : '#8a8f98';
}

function render(g: Graph, route: Route): HTMLElement {
  const linked = new Set(g.edges.flatMap((e) => [e.source, e.target]));
  const nodes: N[] = g.nodes.filter((n) => linked.has(n.id)).map((n) => ({ ...n }));
  if (!nodes.length) {
    const filtered = ['type', 'from', 'to'].some((k) => route.params.get(k));
    return empty(filtered ? 'No actor acts on another in this selection.' : 'No event has both a source and a target yet.', filtered ? h('a', { href: '#/graph' }, 'Show the whole graph') : undefined);
  }
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const links: L[] = g.edges.filter((e) => byId.has(e.source) && byId.has(e.target)).map((e) => ({ source: e.source, target: e.target, edge: e }));
  const W = 960;
  const H = Math.min(760, 380 + nodes.length * 6);
  const maxEvents = Math.max(1, ...nodes.map((n) => n.events));
  const maxCount = Math.max(1, ...links.map((l) => l.edge.count));
  const radius = (n: GraphNode): number => 5 + 16 * Math.sqrt(n.events / maxEvents);
  const width = (e: GraphEdge): number => 1 + 6 * Math.sqrt(e.count / maxCount);

  // A fixed number of ticks, laid out once: the same data gives the same picture.
  let seed = 1;
  const random = (): number => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
  const sim = forceSimulation(nodes)
    .randomSource(random)
    .force('link', forceLink<N, L>(links).id((n) => n.id).distance((l) => 90 + 40 / Math.sqrt(l.edge.count)).strength(0.3))
    .force('charge', forceManyBody().strength(-520))
    .force('x', forceX(W / 2).strength(0.06))
    .force('y', forceY(H / 2).strength(0.09))
    .force('collide', forceCollide<N>((n) => radius(n) + 10))
    .stop();
  sim.tick(320);
  // Fit the layout into the frame.
  const xs = nodes.map((n) => n.x ?? 0);
  const ys = nodes.map((n) => n.y ?? 0);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const sc = Math.min((W - 160) / Math.max(x1 - x0, 1), (H - 60) / Math.max(y1 - y0, 1), 1.6);
  for (const n of nodes) {
    n.x = 80 + ((n.x ?? 0) - x0) * sc + ((W - 160) - (x1 - x0) * sc) / 2;
    n.y = 30 + ((n.y ?? 0) - y0) * sc + ((H - 60) - (y1 - y0) * sc) / 2;
  }

  const svg = s('svg', { class: 'graph-svg', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': 'Actor graph' });
  const defs = s('defs');
  const markers = new Map<string, string>();
  const marker = (color: string): string => {
    let id = markers.get(color);
    if (!id) {
      id = `arrow-${markers.size}`;
      markers.set(color, id);
      defs.append(s('marker', { id, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 9, markerHeight: 9, orient: 'auto-start-reverse', markerUnits: 'userSpaceOnUse' },
        s('path', { d: 'M0,1 L9,5 L0,9 z', fill: color })));
    }
    return id;
  };
  const layer = s('g');
  const edgeG = s('g', { class: 'edges' });
  const nodeG = s('g', { class: 'nodes' });
  const both = new Set(links.map((l) => `${(l.source as N).id}>${(l.target as N).id}`));
  for (const l of links) {
    const a = l.source as N;
    const b = l.target as N;
    const color = edgeColor(l.edge);
    const dx = (b.x ?? 0) - (a.x ?? 0);
    const dy = (b.y ?? 0) - (a.y ?? 0);
    const d = Math.hypot(dx, dy) || 1;
    const ra = radius(a);
    const rb = radius(b) + 2;
    const sx = (a.x ?? 0) + (dx / d) * ra;
    const sy = (a.y ?? 0) + (dy / d) * ra;
    const tx = (b.x ?? 0) - (dx / d) * rb;
    const ty = (b.y ?? 0) - (dy / d) * rb;
    // Two-way ties curve apart so both arrows show.
    const curve = both.has(`${b.id}>${a.id}`) ? 0.18 : 0;
    const mx = (sx + tx) / 2 - dy * curve;
    const my = (sy + ty) / 2 + dx * curve;
    const types = Object.entries(l.edge.types).sort((p, q) => q[1] - p[1]).map(([t, n]) => `${t} ${n}`).join(', ');
    edgeG.append(
      s('path', {
        d: `M${sx},${sy} Q${mx},${my} ${tx},${ty}`, class: 'edge', stroke: color, 'stroke-width': width(l.edge), fill: 'none',
        'marker-end': `url(#${marker(color)})`, dataset: { source: a.id, target: b.id },
      }, s('title', null, `${a.name} → ${b.name}: ${plural(l.edge.count, 'event')} (${l.edge.cooperative} cooperative, ${l.edge.conflictual} conflictual) · ${types}`)),
    );
  }
  const ranked = [...nodes].sort((p, q) => q.events - p.events);
  const labelled = new Set(ranked.filter((n, i) => i < 12 || n.events >= 3).slice(0, 30).map((n) => n.id));
  for (const n of nodes) {
    const r = radius(n);
    const a = s(
      'a',
      { href: entityHref(n.id), class: 'node', dataset: { node: n.id } },
      s('title', null, `${n.name} (${n.kind ?? (n.type && ENTITY_LABEL[n.type]) ?? n.type ?? "entity"}) · ${plural(n.events, 'event')}`),
      s('circle', { cx: n.x, cy: n.y, r, fill: (n.type && ENTITY_COLOR[n.type]) || '#777' }),
      labelled.has(n.id) ? s('text', { x: (n.x ?? 0) + r + 3, y: (n.y ?? 0) + 4, class: 'node-label' }, n.name) : null,
    );
    a.addEventListener('pointerenter', () => highlight(n.id));
    a.addEventListener('pointerleave', () => highlight(null));
    nodeG.append(a);
  }
  layer.append(edgeG, nodeG);
  svg.append(defs, layer);

  function highlight(id: string | null): void {
    svg.classList.toggle('focus', !!id);
    const near = new Set<string>(id ? [id] : []);
    for (const p of edgeG.querySelectorAll<SVGPathElement>('path.edge')) {
      const on = !!id && (p.dataset.source === id || p.dataset.target === id);
      p.classList.toggle('hl', on);
      if (on) {
        near.add(p.dataset.source!);
        near.add(p.dataset.target!);
      }
    }
    for (const a of nodeG.querySelectorAll<SVGAElement>('a.node')) a.classList.toggle('hl', near.has(a.dataset.node!));
  }

  // Zoom and pan.
  let k = 1;
  let ox = 0;
  let oy = 0;
  const apply = (): void => layer.setAttribute('transform', `translate(${ox},${oy}) scale(${k})`);
  const toSvg = (ev: { clientX: number; clientY: number }): [number, number] => {
    const r = svg.getBoundingClientRect();
    return [((ev.clientX - r.left) / r.width) * W, ((ev.clientY - r.top) / r.height) * H];
  };
  const zoomAt = (f: number, [px, py]: [number, number]): void => {
    const nk = Math.min(Math.max(k * f, 0.4), 8);
    ox = px - ((px - ox) * nk) / k;
    oy = py - ((py - oy) * nk) / k;
    k = nk;
    apply();
  };
  svg.addEventListener('wheel', (ev) => {
    ev.preventDefault();
    zoomAt(ev.deltaY > 0 ? 0.85 : 1.18, toSvg(ev));
  }, { passive: false });
  let drag: { x: number; y: number; ox: number; oy: number } | null = null;
  svg.addEventListener('pointerdown', (ev) => {
    if ((ev.target as Element).closest('a.node')) return;
    const [x, y] = toSvg(ev);
    drag = { x, y, ox, oy };
    svg.setPointerCapture(ev.pointerId);
  });
  svg.addEventListener('pointermove', (ev) => {
    if (!drag) return;
    const [x, y] = toSvg(ev);
    ox = drag.ox + x - drag.x;
    oy = drag.oy + y - drag.y;
    apply();
  });
  svg.addEventListener('pointerup', () => {
    drag = null;
  });

  const strongest = [...links].sort((p, q) => q.edge.count - p.edge.count).slice(0, 25);
  return h(
    'div',
    null,
    h(
      'div',
      { class: 'toolbar' },
      h('ul', { class: 'legend' },
        h('li', null, h('span', { class: 'swatch line coop' }), 'cooperative'),
        h('li', null, h('span', { class: 'swatch line mixed' }), 'mixed'),
        h('li', null, h('span', { class: 'swatch line conflict' }), 'conflictual'),
        Object.entries(ENTITY_LABEL).map(([t, label]) => h('li', null, h('span', { class: ['swatch', 'dot', `ent-${t}`] }), label)),
      ),
      h('span', { class: 'muted' }, `${plural(nodes.length, 'actor')}, ${plural(links.length, 'tie')}`),
    ),
    h(
      'div',
      { class: 'panel graph-panel' },
      h('div', { class: 'chart-controls' },
        h('button', { type: 'button', class: 'btn small', 'aria-label': 'Zoom in', on: { click: () => zoomAt(1.4, [W / 2, H / 2]) } }, '+'),
        h('button', { type: 'button', class: 'btn small', 'aria-label': 'Zoom out', on: { click: () => zoomAt(1 / 1.4, [W / 2, H / 2]) } }, '−'),
        h('button', { type: 'button', class: 'btn small', on: { click: () => { k = 1; ox = 0; oy = 0; apply(); } } }, 'Reset'),
        h('span', { class: 'muted small hint' }, 'Hover an actor to see its ties; scroll to zoom, drag the background to pan.'),
      ),
      svg,
    ),
    h(
      'section',
      { class: 'panel' },
      h('h2', null, 'Strongest ties'),
      h(
        'table',
        { class: 'table' },
        h('thead', null, h('tr', null, h('th', null, 'Source'), h('th', null, 'Target'), h('th', { class: 'num' }, 'Events'), h('th', { class: 'num' }, 'Coop.'), h('th', { class: 'num' }, 'Conflict'), h('th', null, 'Types'), h('th', null, ''))),
        h(
          'tbody',
          null,
          strongest.map((l) => {
            const a = l.source as N;
            const b = l.target as N;
            return h(
              'tr',
              null,
              h('td', null, h('a', { href: entityHref(a.id) }, a.name)),
              h('td', null, h('a', { href: entityHref(b.id) }, b.name)),
              h('td', { class: 'num' }, String(l.edge.count)),
              h('td', { class: 'num coop-text' }, String(l.edge.cooperative)),
              h('td', { class: 'num conflict-text' }, String(l.edge.conflictual)),
              h('td', { class: 'small' }, Object.entries(l.edge.types).map(([t, n]) => `${t} ${n}`).join(', ')),
              h('td', null, h('a', { class: 'more', href: routeHref('timeline', null, { actor: a.name }) }, 'events →')),
            );
          }),
        ),
      ),
    ),
  );
}
