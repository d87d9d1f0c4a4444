import { geoBounds, geoDistance, geoGraticule10, geoNaturalEarth1, geoPath, type GeoPermissibleObjects } from 'd3-geo';
import type { FeatureCollection, MultiPoint } from 'geojson';
import { feature, mesh } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { api, type Place, type TimelineEvent } from '../api.js';
import { h, mount, s } from '../dom.js';
import { filterBar } from '../filters.js';
import { QUAD_COLOR, quadOf } from '../plover.js';
import { routeHref, type Route } from '../router.js';
import { actors, dateText, empty, entityLink, evidenceQuote, load, pageHeader, plural, quadLegend, typeBadge } from '../ui.js';

interface Basemap {
  land: FeatureCollection;
  borders: GeoPermissibleObjects;
}

let basemap: Promise<Basemap> | null = null;

/** The offline basemap: Natural Earth 1:50m countries from the world-atlas package, bundled as its own chunk. */
function loadBasemap(): Promise<Basemap> {
  basemap ??= import('world-atlas/countries-50m.json').then((m) => {
    const topo = (m.default ?? m) as unknown as Topology<{ countries: GeometryCollection; land: GeometryCollection }>;
    return {
      land: feature(topo, topo.objects.countries) as unknown as FeatureCollection,
      borders: mesh(topo, topo.objects.countries, (a, b) => a !== b),
    };
  });
  return basemap;
}

export function mapView(root: HTMLElement, route: Route): Promise<void> {
  const from = route.params.get('from') ?? undefined;
  const to = route.params.get('to') ?? undefined;
  const body = h('div');
  mount(root, pageHeader('Map', 'Where events happen: places sized by the number of events there. Click a place for its events.'), filterBar(route, ['from', 'to']), body);
  const data = Promise.all([api.places({ from, to }), api.events({ from, to }), loadBasemap()]);
  return load(body, data, ([places, events, base]) => render(places.places, events.items, base, route), 'Loading the map…');
}

function render(places: Place[], events: TimelineEvent[], base: Basemap, route: Route): HTMLElement {
  const byId = new Map(events.map((e) => [e.id, e]));
  const W = 960;
  const H = 560;
  const projection = geoNaturalEarth1();
  const sorted = [...places].sort((a, b) => b.events - a.events);
  const fit = (): void => {
    if (!places.length) {
      projection.fitExtent([[10, 10], [W - 10, H - 10]], { type: 'Sphere' });
      return;
    }
    // Fit the places, with at least ~25° of context so a single city does not fill the screen.
    const pts: MultiPoint = { type: 'MultiPoint', coordinates: places.map((p) => [p.geo.lon, p.geo.lat]) };
    const [[x0, y0], [x1, y1]] = geoBounds(pts);
    const cx = (x0 + x1) / 2;
    const cy = (y0 + y1) / 2;
    const hw = Math.max((x1 - x0) / 2 + 4, 12);
    const hh = Math.max((y1 - y0) / 2 + 3, 8);
    const box: MultiPoint = { type: 'MultiPoint', coordinates: [[cx - hw, cy - hh], [cx + hw, cy + hh], [cx - hw, cy + hh], [cx + hw, cy - hh]] };
    projection.fitExtent([[30, 30], [W - 30, H - 30]], box);
  };
  fit();
  const path = geoPath(projection);
  const maxEvents = Math.max(1, ...places.map((p) => p.events));
  const radius = (n: number): number => 4 + 18 * Math.sqrt(n / maxEvents);

  const detail = h('aside', { class: 'detail panel', 'aria-live': 'polite' }, empty('Click a place on the map or in the list to see its events.'));
  const svg = s('svg', { class: 'map-svg', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': 'Map of event places' });
  const zoomLayer = s('g');
  svg.append(zoomLayer);
  let k = 1;
  let tx = 0;
  let ty = 0;
  let selected: string | null = route.params.get('place');

  const dominant = (p: Place): string => {
    const counts = new Map<string, number>();
    for (const id of p.eventIds) {
      const e = byId.get(id);
      if (e) counts.set(quadOf(e.type, e.quad), (counts.get(quadOf(e.type, e.quad)) ?? 0) + 1);
    }
    let best = 'unknown';
    let n = 0;
    for (const [q, c] of counts) if (c > n) [best, n] = [q, c];
    return QUAD_COLOR[best as keyof typeof QUAD_COLOR] ?? QUAD_COLOR.unknown;
  };

  const draw = (): void => {
    zoomLayer.setAttribute('transform', `translate(${tx},${ty}) scale(${k})`);
    for (const c of zoomLayer.querySelectorAll<SVGCircleElement>('circle.place')) c.setAttribute('r', String(Number(c.dataset.r) / Math.sqrt(k)));
    for (const t of zoomLayer.querySelectorAll<SVGTextElement>('text.place-label')) {
      // CSSOM, since CSS beats presentation attributes: labels keep their screen size at any zoom.
      t.style.fontSize = `${15 / k}px`;
      t.style.strokeWidth = `${3 / k}px`;
      t.setAttribute('x', String(Number(t.dataset.x) + (Number(t.dataset.r) / Math.sqrt(k) + 3 / k)));
    }
  };

  const base0 = s('g', { class: 'basemap' },
    s('path', { d: path({ type: 'Sphere' }) ?? '', class: 'sea' }),
    s('path', { d: path(geoGraticule10()) ?? '', class: 'graticule' }),
    s('path', { d: path(base.land) ?? '', class: 'land' }),
    s('path', { d: path(base.borders) ?? '', class: 'borders' }),
  );
  const dots = s('g', { class: 'places' });
  const labels = s('g', { class: 'labels' });
  // Small places on top of large ones, so every circle can be clicked.
  for (const p of sorted) {
    const xy = projection([p.geo.lon, p.geo.lat]);
    if (!xy) continue;
    const r = radius(p.events);
    const c = s(
      'circle',
      {
        class: ['place', p.entity.id === selected && 'selected'], cx: xy[0], cy: xy[1], r, dataset: { r: String(r), place: p.entity.id },
        fill: dominant(p), tabindex: '0', role: 'button', 'aria-label': `${p.entity.name}: ${plural(p.events, 'event')}`,
      },
      s('title', null, `${p.entity.name} · ${plural(p.events, 'event')}`),
    );
    c.addEventListener('click', () => choose(p));
    c.addEventListener('keydown', (ev) => ev.key === 'Enter' && choose(p));
    dots.append(c);
    if (sorted.length <= 30 || p.events >= Math.max(2, maxEvents / 8) || sorted.indexOf(p) < 12) {
      labels.append(s('text', { class: 'place-label', x: xy[0] + r + 3, y: xy[1] + 4, dataset: { x: String(xy[0]), r: String(r) } }, p.entity.name));
    }
  }
  zoomLayer.append(base0, dots, labels);

  const choose = (p: Place): void => {
    selected = p.entity.id;
    for (const c of dots.querySelectorAll<SVGCircleElement>('circle.place')) c.classList.toggle('selected', c.dataset.place === selected);
    for (const tr of tableBody.querySelectorAll<HTMLTableRowElement>('tr')) tr.classList.toggle('selected', tr.dataset.place === selected);
    const evs = p.eventIds.map((id) => byId.get(id)).filter((e): e is TimelineEvent => !!e);
    mount(
      detail,
      h('h2', null, entityLink(p.entity), ' ', h('span', { class: 'muted small' }, `${p.geo.lat.toFixed(2)}, ${p.geo.lon.toFixed(2)}`)),
      h('p', { class: 'muted' }, plural(p.events, 'event'), ' here in this period.'),
      evs.length
        ? h(
            'ol',
            { class: 'place-events' },
            evs.map((e) =>
              h(
                'li',
                { dataset: { event: e.id } },
                h('div', { class: 'event-line' }, dateText(e.time), ' ', typeBadge(e.type, e.quad), ' ', actors(e), ' ', h('a', { href: routeHref('timeline', null, { event: e.id }), class: 'more' }, 'on the timeline →')),
                e.reports[0] ? evidenceQuote(e.reports[0]) : null,
                e.reports.length > 1 ? h('p', { class: 'muted small' }, `+ ${plural(e.reports.length - 1, 'more report')}`) : null,
              ),
            ),
          )
        : empty('The events of this place are outside the period.'),
    );
    history.replaceState(null, '', routeHref('map', null, new URLSearchParams([...route.params.entries()].filter(([key]) => key !== 'place').concat([['place', p.entity.id]]))));
  };

  // Zoom and pan in SVG units; circles keep a readable size.
  const toSvg = (ev: { clientX: number; clientY: number }): [number, number] => {
    const r = svg.getBoundingClientRect();
    return [((ev.clientX - r.left) / r.width) * W, ((ev.clientY - r.top) / r.height) * H];
  };
  const zoomAt = (factor: number, [px, py]: [number, number]): void => {
    const nk = Math.min(Math.max(k * factor, 0.5), 40);
    tx = px - ((px - tx) * nk) / k;
    ty = py - ((py - ty) * nk) / k;
    k = nk;
    draw();
  };
  svg.addEventListener('wheel', (ev) => {
    ev.preventDefault();
    zoomAt(ev.deltaY > 0 ? 0.8 : 1.25, toSvg(ev));
  }, { passive: false });
  let drag: { x: number; y: number; tx: number; ty: number } | null = null;
  svg.addEventListener('pointerdown', (ev) => {
    if ((ev.target as Element).closest('circle.place')) return;
    const [x, y] = toSvg(ev);
    drag = { x, y, tx, ty };
    svg.setPointerCapture(ev.pointerId);
  });
  svg.addEventListener('pointermove', (ev) => {
    if (!drag) return;
    const [x, y] = toSvg(ev);
    tx = drag.tx + (x - drag.x);
    ty = drag.ty + (y - drag.y);
    draw();
  });
  svg.addEventListener('pointerup', () => {
    drag = null;
  });

  // Start on the theatre: the busiest place and those around it (≈ 2,500 km); "Fit places" shows them all.
  const focus = sorted.length ? sorted.filter((p) => geoDistance([p.geo.lon, p.geo.lat], [sorted[0].geo.lon, sorted[0].geo.lat]) < 0.4) : [];
  const frameFocus = (): void => {
    k = 1;
    tx = 0;
    ty = 0;
    if (focus.length && focus.length < places.length) {
      const xy = focus.map((p) => projection([p.geo.lon, p.geo.lat])).filter((v): v is [number, number] => !!v);
      const xs = xy.map((v) => v[0]);
      const ys = xy.map((v) => v[1]);
      const cx = (Math.min(...xs) + Math.max(...xs)) / 2;
      const cy = (Math.min(...ys) + Math.max(...ys)) / 2;
      const bw = Math.max(Math.max(...xs) - Math.min(...xs) + 140, 220);
      const bh = Math.max(Math.max(...ys) - Math.min(...ys) + 100, 160);
      k = Math.min(W / bw, H / bh, 8);
      tx = W / 2 - k * cx;
      ty = H / 2 - k * cy;
    }
    draw();
  };
  frameFocus();
  const tableBody = h(
    'tbody',
    null,
    sorted.map((p) =>
      h(
        'tr',
        { class: ['clickable', p.entity.id === selected && 'selected'], dataset: { place: p.entity.id }, tabindex: '0', on: { click: () => choose(p), keydown: (ev) => ev.key === 'Enter' && choose(p) } },
        h('td', null, p.entity.name),
        h('td', { class: 'muted' }, p.type),
        h('td', { class: 'num' }, String(p.events)),
      ),
    ),
  );
  const initial = places.find((p) => p.entity.id === selected);
  if (initial) requestAnimationFrame(() => choose(initial));

  return h(
    'div',
    null,
    h(
      'div',
      { class: 'toolbar' },
      quadLegend(),
      h('span', { class: 'muted' }, `${plural(places.length, 'place')} with coordinates · colour: the most frequent kind of event there`),
    ),
    places.length ? null : empty('No event in this period has a place with coordinates.', 'Places get coordinates from the gazetteer when the text names a known city or country.'),
    h(
      'div',
      { class: 'split map-split' },
      h(
        'div',
        { class: 'panel map-panel' },
        h(
          'div',
          { class: 'chart-controls' },
          h('button', { type: 'button', class: 'btn small', 'aria-label': 'Zoom in', on: { click: () => zoomAt(1.5, [W / 2, H / 2]) } }, '+'),
          h('button', { type: 'button', class: 'btn small', 'aria-label': 'Zoom out', on: { click: () => zoomAt(1 / 1.5, [W / 2, H / 2]) } }, '−'),
          focus.length < places.length ? h('button', { type: 'button', class: 'btn small', on: { click: frameFocus } }, `Around ${sorted[0].entity.name}`) : null,
          h('button', { type: 'button', class: 'btn small', on: { click: () => { k = 1; tx = 0; ty = 0; draw(); } } }, `All ${plural(places.length, 'place')}`),
          h('span', { class: 'muted small hint' }, 'Scroll to zoom, drag to pan.'),
        ),
        svg,
        h('p', { class: 'muted small attribution' }, 'Basemap: Natural Earth (public domain) via world-atlas, bundled — no tiles from the network.'),
      ),
      h('div', { class: 'side' }, detail, h('section', { class: 'panel' }, h('h2', null, 'Places'), h('table', { class: 'table' }, h('thead', null, h('tr', null, h('th', null, 'Place'), h('th', null, 'Type'), h('th', { class: 'num' }, 'Events'))), tableBody))),
    ),
  );
}
