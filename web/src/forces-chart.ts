/** Force figures by actor over time: one colour per actor, a shape per kind, every point opens its claim. */
import type { ForcePoint } from './api.js';
import { clear, emphasise, h, mount, s } from './dom.js';
import { DAY, MONTHS, formatTime, timeInterval } from './time.js';
import { docHref, entityLink, fmtNumber } from './ui.js';

const PALETTE = [
  '#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#e377c2', '#17becf', '#7f7f7f', '#bcbd22',
  '#393b79', '#ad494a', '#637939', '#7b4173', '#bd9e39', '#3182bd', '#e6550d', '#31a354', '#756bb1', '#636363',
];

export interface PlacedPoint {
  f: ForcePoint;
  t: number;
  v: number | null;
  dated: boolean;
  index: number;
}

export function placePoints(points: ForcePoint[]): PlacedPoint[] {
  const out: PlacedPoint[] = [];
  points.forEach((f, index) => {
    const iv = timeInterval(f.time) ?? timeInterval(f.reported);
    if (!iv) return;
    const v = f.value ?? (f.low != null && f.high != null ? (f.low + f.high) / 2 : f.low ?? f.high);
    out.push({ f, t: (iv[0] + iv[1]) / 2, v, dated: !!timeInterval(f.time), index });
  });
  return out;
}

export function actorColors(points: ForcePoint[]): Map<string, string> {
  const counts = new Map<string, number>();
  for (const p of points) counts.set(p.actor.id, (counts.get(p.actor.id) ?? 0) + 1);
  const ids = [...counts.keys()].sort((a, b) => (counts.get(b) ?? 0) - (counts.get(a) ?? 0));
  return new Map(ids.map((id, i) => [id, PALETTE[i % PALETTE.length]]));
}

function shape(kind: ForcePoint['kind'], x: number, y: number, r: number): string {
  if (kind === 'deployment') return `M${x},${y - r} L${x + r},${y + r * 0.8} L${x - r},${y + r * 0.8} Z`;
  if (kind === 'withdrawal') return `M${x},${y + r} L${x + r},${y - r * 0.8} L${x - r},${y - r * 0.8} Z`;
  return `M${x - r},${y} a${r},${r} 0 1,0 ${2 * r},0 a${r},${r} 0 1,0 ${-2 * r},0`;
}

export function claimCard(f: ForcePoint): HTMLElement {
  const fig = f.value != null ? fmtNumber(f.value) : f.low != null || f.high != null ? `${fmtNumber(f.low)}–${fmtNumber(f.high)}` : 'no figure';
  return h(
    'article',
    { class: 'claim-card' },
    h('h3', null, entityLink(f.actor), ` · ${f.kind} · ${f.approx ? 'about ' : ''}${fig}${f.unit ? ` ${f.unit}` : ''}`),
    h(
      'dl',
      { class: 'facts' },
      h('dt', null, 'When'), h('dd', null, f.time ? formatTime(f.time) : h('span', null, 'not dated in the text; reported ', formatTime(f.reported))),
      h('dt', null, 'Where'), h('dd', null, f.places.length ? f.places.map((p, i) => [i ? ', ' : '', entityLink(p)]) : h('span', { class: 'muted' }, '—')),
      h('dt', null, 'Claimed by'), h('dd', null, f.claimant ?? h('span', { class: 'muted' }, 'the publisher (unattributed)')),
      f.modality && f.modality !== 'asserted' ? [h('dt', null, 'Modality'), h('dd', null, f.modality)] : null,
    ),
    h(
      'figure',
      { class: 'evidence' },
      h('blockquote', null, emphasise(f.sentence, f.value != null ? String(f.value) : null)),
      h('figcaption', null, h('span', { class: 'publisher' }, f.publisher ?? 'unknown publisher'), ' · ', formatTime(f.reported), ' · ', h('a', { href: docHref(f.documentId), class: 'doc-link' }, 'read the document')),
    ),
  );
}

export function forcesChart(points: ForcePoint[], opts: { height?: number; colors?: Map<string, string> } = {}): HTMLElement {
  const placed = placePoints(points);
  const colors = opts.colors ?? actorColors(points);
  const detail = h('div', { class: 'claim-detail', 'aria-live': 'polite' }, h('p', { class: 'muted small' }, 'Click a point to read the claim behind it.'));
  const svg = s('svg', { class: 'forces-svg', role: 'img', 'aria-label': 'Force figures over time' });
  const wrap = h('div', { class: 'forces-chart' }, svg);
  const W0 = 900;
  const H = opts.height ?? 360;
  const M = { l: 64, r: 16, t: 14, b: 52 };
  const NOFIG = 22; // strip at the bottom for events without a figure (e.g. "withdrew")
  const withV = placed.filter((p) => p.v != null && p.v > 0);
  const vmax = Math.max(10, ...withV.map((p) => p.v!));
  const vmin = Math.max(1, Math.min(...withV.map((p) => p.v!), vmax));
  const log = vmax / vmin > 30;
  const tmin = Math.min(...placed.map((p) => p.t));
  const tmax = Math.max(...placed.map((p) => p.t));
  const pad = Math.max((tmax - tmin) * 0.05, 60 * DAY);
  const t0 = tmin - pad;
  const t1 = tmax + pad;

  const draw = (): void => {
    const W = Math.max(wrap.clientWidth || W0, 360);
    clear(svg);
    svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
    svg.setAttribute('width', String(W));
    svg.setAttribute('height', String(H));
    const x = (t: number): number => M.l + ((t - t0) / (t1 - t0)) * (W - M.l - M.r);
    const plotBottom = H - M.b - NOFIG;
    const y = (v: number): number => {
      const f = log ? (Math.log10(v) - Math.log10(vmin * 0.8)) / (Math.log10(vmax * 1.25) - Math.log10(vmin * 0.8)) : v / (vmax * 1.1);
      return plotBottom - f * (plotBottom - M.t);
    };
    // Axes.
    const axis = s('g', { class: 'axis' });
    const yt: number[] = [];
    if (log) {
      for (let p = Math.floor(Math.log10(vmin * 0.8)); p <= Math.ceil(Math.log10(vmax * 1.25)); p++) {
        for (const m of [1, 2, 5]) {
          const v = m * 10 ** p;
          if (v >= vmin * 0.8 && v <= vmax * 1.25) yt.push(v);
        }
      }
    } else {
      const step = 10 ** Math.floor(Math.log10(vmax / 4));
      const nice = [1, 2, 5, 10].map((m) => m * step).find((st) => vmax * 1.1 / st <= 6) ?? step * 10;
      for (let v = 0; v <= vmax * 1.1; v += nice) yt.push(v);
    }
    for (const v of yt) {
      axis.append(
        s('line', { x1: M.l, x2: W - M.r, y1: y(v || vmin), y2: y(v || vmin), class: 'grid' }),
        s('text', { x: M.l - 6, y: y(v || vmin) + 4, class: 'tick', 'text-anchor': 'end' }, fmtNumber(v)),
      );
    }
    axis.append(
      s('text', { x: 12, y: M.t + (plotBottom - M.t) / 2, class: 'axis-title', transform: `rotate(-90 12 ${M.t + (plotBottom - M.t) / 2})`, 'text-anchor': 'middle' }, log ? 'personnel (log scale)' : 'personnel'),
      s('rect', { x: M.l, y: plotBottom + 4, width: W - M.l - M.r, height: NOFIG - 6, class: 'nofig-band' }),
      s('text', { x: M.l - 6, y: plotBottom + NOFIG / 2 + 5, class: 'tick', 'text-anchor': 'end' }, 'no figure'),
    );
    const years = new Date(t1).getUTCFullYear() - new Date(t0).getUTCFullYear();
    const yStep = years > 24 ? 5 : years > 10 ? 2 : 1;
    for (let yr = new Date(t0).getUTCFullYear(); yr <= new Date(t1).getUTCFullYear(); yr++) {
      const t = Date.UTC(yr, 0, 1);
      if (t < t0 || yr % yStep) continue;
      axis.append(s('line', { x1: x(t), x2: x(t), y1: M.t, y2: H - M.b, class: 'grid major' }), s('text', { x: x(t), y: H - M.b + 16, class: 'tick', 'text-anchor': 'middle' }, String(yr)));
    }
    if (years <= 2) {
      for (let t = Date.UTC(new Date(t0).getUTCFullYear(), new Date(t0).getUTCMonth() + 1, 1); t < t1; ) {
        const d = new Date(t);
        if (d.getUTCMonth() % 3 === 0 && d.getUTCMonth()) axis.append(s('text', { x: x(t), y: H - M.b + 16, class: 'tick minor', 'text-anchor': 'middle' }, MONTHS[d.getUTCMonth()]));
        t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
      }
    }
    svg.append(axis);
    // Lines join each actor's size figures in time order.
    const lines = s('g', { class: 'lines' });
    for (const [actor, color] of colors) {
      const pts = withV.filter((p) => p.f.actor.id === actor && p.f.kind === 'size').sort((a, b) => a.t - b.t);
      if (pts.length > 1) lines.append(s('path', { d: pts.map((p, i) => `${i ? 'L' : 'M'}${x(p.t)},${y(p.v!)}`).join(' '), stroke: color, class: 'series' }));
    }
    svg.append(lines);
    const g = s('g', { class: 'points' });
    for (const p of placed) {
      const color = colors.get(p.f.actor.id) ?? '#555';
      const cx = x(p.t);
      const cy = p.v != null && p.v > 0 ? y(p.v) : plotBottom + NOFIG / 2 + 1;
      const el = s(
        'g',
        { class: 'point', tabindex: '0', role: 'button', dataset: { index: String(p.index) } },
        s('title', null, `${p.f.actor.name} · ${p.f.kind} · ${p.v != null ? `${p.f.approx ? '~' : ''}${fmtNumber(p.v)}` : 'no figure'} · ${p.dated ? formatTime(p.f.time) : `reported ${formatTime(p.f.reported)}`}`),
        p.f.low != null && p.f.high != null && p.f.low !== p.f.high ? s('line', { x1: cx, x2: cx, y1: y(Math.max(p.f.low, 1)), y2: y(p.f.high), stroke: color, class: 'range' }) : null,
        s('path', { d: shape(p.f.kind, cx, cy, 6), fill: p.dated ? color : '#fff', stroke: color, 'stroke-width': 2 }),
      );
      const open = (): void => {
        for (const o of g.querySelectorAll('.point.selected')) o.classList.remove('selected');
        el.classList.add('selected');
        mount(detail, claimCard(p.f));
      };
      el.addEventListener('click', open);
      el.addEventListener('keydown', (ev) => ev.key === 'Enter' && open());
      g.append(el);
    }
    svg.append(g);
  };
  new ResizeObserver(() => draw()).observe(wrap);
  requestAnimationFrame(draw);

  const legend = h(
    'ul',
    { class: 'legend' },
    [...colors].filter(([id]) => points.some((p) => p.actor.id === id)).map(([id, color]) =>
      h('li', null, h('span', { class: 'swatch', style: { background: color } }), points.find((p) => p.actor.id === id)?.actor.name ?? id),
    ),
    h('li', { class: 'muted' }, '● size  ▲ deployment  ▼ withdrawal  ○ hollow: dated by the report, not the text'),
  );
  return h('div', { class: 'forces-block' }, legend, wrap, detail);
}
