/**
 * Zoomable SVG timeline: each event is a bar over the span its date covers (a month-precision event spans its
 * month), coloured by PLOVER quad; wheel or buttons zoom, dragging pans, clicking selects.
 */
import type { TimelineEvent } from './api.js';
import { clear, h, s } from './dom.js';
import { QUAD_COLOR, quadLabel, quadOf } from './plover.js';
import { DAY, MONTHS, formatTime, timeInterval } from './time.js';

export interface TimelineChart {
  el: HTMLElement;
  select(id: string | null, reveal?: boolean): void;
  /** Events whose bar lies (partly) in the visible window. */
  visible(): TimelineEvent[];
}

interface Placed {
  e: TimelineEvent;
  a: number;
  b: number;
  fine: boolean;
}

const ROW = 18;
const BAR = 14;
const AXIS = 28;
const PAD = 12;
const MIN_BAR = 7;
const FINE = new Set(['hour', 'day']);

const STEPS: { ms: number; unit: 'day' | 'month' | 'year'; n: number }[] = [
  { ms: DAY, unit: 'day', n: 1 },
  { ms: 7 * DAY, unit: 'day', n: 7 },
  { ms: 30 * DAY, unit: 'month', n: 1 },
  { ms: 91 * DAY, unit: 'month', n: 3 },
  { ms: 182 * DAY, unit: 'month', n: 6 },
  { ms: 365 * DAY, unit: 'year', n: 1 },
  { ms: 730 * DAY, unit: 'year', n: 2 },
  { ms: 1826 * DAY, unit: 'year', n: 5 },
  { ms: 3652 * DAY, unit: 'year', n: 10 },
  { ms: 18262 * DAY, unit: 'year', n: 50 },
];

function ticks(t0: number, t1: number, width: number): { t: number; label: string; major: boolean }[] {
  const span = t1 - t0;
  const step = STEPS.find((st) => (st.ms / span) * width >= 72) ?? STEPS[STEPS.length - 1];
  const out: { t: number; label: string; major: boolean }[] = [];
  const d = new Date(t0);
  let y = d.getUTCFullYear();
  let m = d.getUTCMonth();
  if (step.unit === 'year') {
    y = Math.floor(y / step.n) * step.n;
    for (let t = Date.UTC(y, 0, 1); t <= t1; y += step.n, t = Date.UTC(y, 0, 1)) out.push({ t, label: String(y), major: true });
  } else if (step.unit === 'month') {
    m = Math.floor(m / step.n) * step.n;
    for (let t = Date.UTC(y, m, 1); t <= t1; m += step.n, t = Date.UTC(y, m, 1)) {
      const dd = new Date(t);
      const mm = dd.getUTCMonth();
      out.push({ t, label: mm === 0 ? String(dd.getUTCFullYear()) : `${MONTHS[mm]}`, major: mm === 0 });
    }
  } else {
    let t = Date.UTC(y, m, d.getUTCDate());
    for (; t <= t1; t += step.n * DAY) {
      const dd = new Date(t);
      const first = dd.getUTCDate() <= step.n;
      out.push({ t, label: first ? `${MONTHS[dd.getUTCMonth()]} ${dd.getUTCFullYear()}` : String(dd.getUTCDate()), major: first });
    }
  }
  return out.filter((x) => x.t >= t0);
}

export function timelineChart(events: TimelineEvent[], opts: { onSelect: (e: TimelineEvent | null) => void; onView?: () => void; maxHeight?: number }): TimelineChart {
  const placed: Placed[] = [];
  for (const e of events) {
    const iv = timeInterval(e.time);
    if (iv) placed.push({ e, a: iv[0], b: iv[1], fine: FINE.has(e.time?.precision ?? '') });
  }
  placed.sort((x, y) => x.a - y.a || x.b - y.b);
  const lo = placed.length ? Math.min(...placed.map((p) => p.a)) : Date.UTC(2020, 0, 1);
  const hi = placed.length ? Math.max(...placed.map((p) => p.b)) : Date.UTC(2021, 0, 1);
  const margin = Math.max((hi - lo) * 0.03, 15 * DAY);
  const full: [number, number] = [lo - margin, hi + margin];
  let view: [number, number] = [...full];
  let selected: string | null = null;
  let width = 800;

  const svg = s('svg', { class: 'timeline-svg', role: 'img', 'aria-label': 'Events over time' });
  const scroller = h('div', { class: 'timeline-scroll' }, svg);
  if (opts.maxHeight) scroller.style.maxHeight = `${opts.maxHeight}px`;
  const zoomLabel = h('span', { class: 'muted small zoom-label' });
  const btn = (label: string, title: string, fn: () => void): HTMLButtonElement =>
    h('button', { type: 'button', class: 'btn small', title, 'aria-label': title, on: { click: fn } }, label);
  const controls = h(
    'div',
    { class: 'chart-controls' },
    btn('+', 'Zoom in', () => zoom(0.5, 0.5)),
    btn('−', 'Zoom out', () => zoom(2, 0.5)),
    btn('←', 'Pan left', () => pan(-0.25)),
    btn('→', 'Pan right', () => pan(0.25)),
    btn('Fit all', 'Show every event', () => {
      view = [...full];
      draw();
    }),
    zoomLabel,
    h('span', { class: 'muted small hint' }, 'Scroll to zoom, drag to pan. Solid bar: day precision; pale band: the month or year the date covers.'),
  );
  const el = h('div', { class: 'timeline-chart' }, controls, scroller);

  const x = (t: number): number => PAD + ((t - view[0]) / (view[1] - view[0])) * (width - 2 * PAD);

  function zoom(factor: number, at: number): void {
    const span = view[1] - view[0];
    const pivot = view[0] + span * at;
    const next = Math.min(Math.max(span * factor, 2 * DAY), (full[1] - full[0]) * 4);
    view = [pivot - (pivot - view[0]) * (next / span), pivot + (view[1] - pivot) * (next / span)];
    draw();
  }
  function pan(frac: number): void {
    const d = (view[1] - view[0]) * frac;
    view = [view[0] + d, view[1] + d];
    draw();
  }

  function draw(): void {
    width = Math.max(scroller.clientWidth || el.clientWidth || 800, 320);
    clear(svg);
    // Lanes: greedy packing in pixel space, so bars never overlap at this zoom.
    const laneEnd: number[] = [];
    const rows: { p: Placed; row: number; x0: number; x1: number }[] = [];
    for (const p of placed) {
      let x0 = x(p.a);
      let x1 = Math.max(x(p.b), x0 + MIN_BAR);
      if (x1 < -50 || x0 > width + 50) continue;
      x0 = Math.max(x0, -10);
      x1 = Math.min(x1, width + 10);
      let row = laneEnd.findIndex((end) => end + 2 <= x0);
      if (row < 0) {
        row = laneEnd.length;
        laneEnd.push(x1);
      } else laneEnd[row] = x1;
      rows.push({ p, row, x0, x1 });
    }
    const height = AXIS + Math.max(laneEnd.length, 3) * ROW + 10;
    svg.setAttribute('width', String(width));
    svg.setAttribute('height', String(height));
    svg.setAttribute('viewBox', `0 0 ${width} ${height}`);

    const axis = s('g', { class: 'axis' });
    for (const tk of ticks(view[0], view[1], width)) {
      const px = x(tk.t);
      axis.append(
        s('line', { x1: px, x2: px, y1: AXIS - 6, y2: height, class: tk.major ? 'grid major' : 'grid' }),
        s('text', { x: px + 3, y: AXIS - 10, class: tk.major ? 'tick major' : 'tick' }, tk.label),
      );
    }
    axis.append(s('line', { x1: 0, x2: width, y1: AXIS - 6, y2: AXIS - 6, class: 'baseline' }));
    svg.append(axis);

    const g = s('g', { class: 'bars' });
    for (const r of rows) {
      const q = quadOf(r.p.e.type, r.p.e.quad);
      const color = QUAD_COLOR[q];
      const y = AXIS + r.row * ROW;
      const w = r.x1 - r.x0;
      const bar = s(
        'g',
        { class: ['ev', r.p.fine ? 'fine' : 'coarse', r.p.e.id === selected && 'selected'], dataset: { event: r.p.e.id }, tabindex: '0', role: 'button' },
        s('title', null, `${r.p.e.type} (${quadLabel(q)}) · ${formatTime(r.p.e.time)} · ${r.p.e.sources.map((x) => x.name).join(', ') || '?'} → ${r.p.e.targets.map((x) => x.name).join(', ') || '?'} · ${r.p.e.reports.length} report(s)`),
        s('rect', {
          x: r.x0, y, width: w, height: BAR, rx: 2,
          fill: color, 'fill-opacity': r.p.fine ? 1 : 0.28, stroke: color, 'stroke-width': r.p.fine ? 0 : 1.2,
          'stroke-dasharray': r.p.e.time?.approx ? '3 2' : null,
        }),
      );
      if (!r.p.fine) bar.append(s('rect', { x: r.x0, y, width: Math.min(3, w), height: BAR, fill: color }));
      const label = r.p.e.type;
      if (w > label.length * 6.4 + 10) {
        bar.append(s('text', { x: r.x0 + 5, y: y + BAR - 3.5, class: r.p.fine ? 'bar-label on-solid' : 'bar-label' }, label));
      }
      bar.addEventListener('keydown', (ev) => {
        if (ev.key === 'Enter' || ev.key === ' ') {
          ev.preventDefault();
          choose(r.p.e);
        }
      });
      g.append(bar);
    }
    svg.append(g);
    const days = (view[1] - view[0]) / DAY;
    zoomLabel.textContent = days > 730 ? `${Math.round(days / 365)} years shown` : days > 60 ? `${Math.round(days / 30)} months shown` : `${Math.round(days)} days shown`;
    opts.onView?.();
  }

  function choose(e: TimelineEvent | null): void {
    selected = e?.id ?? null;
    for (const b of svg.querySelectorAll<SVGGElement>('g.ev')) b.classList.toggle('selected', b.dataset.event === selected);
    opts.onSelect(e);
  }

  // Pointer: drag pans, a click without movement selects the bar under it.
  let drag: { x: number; view: [number, number]; moved: boolean } | null = null;
  svg.addEventListener('pointerdown', (ev) => {
    drag = { x: ev.clientX, view: [...view], moved: false };
  });
  svg.addEventListener('pointermove', (ev) => {
    if (!drag) return;
    const dx = ev.clientX - drag.x;
    if (Math.abs(dx) > 3 && !drag.moved) {
      drag.moved = true;
      svg.setPointerCapture(ev.pointerId);
      svg.classList.add('dragging');
    }
    if (drag.moved) {
      const dt = (dx / (width - 2 * PAD)) * (drag.view[1] - drag.view[0]);
      view = [drag.view[0] - dt, drag.view[1] - dt];
      draw();
    }
  });
  const end = (ev: PointerEvent): void => {
    if (!drag) return;
    const wasDrag = drag.moved;
    drag = null;
    svg.classList.remove('dragging');
    if (wasDrag) return;
    const target = (ev.target as Element).closest('g.ev') as SVGGElement | null;
    if (target) choose(placed.find((p) => p.e.id === target.dataset.event)?.e ?? null);
  };
  svg.addEventListener('pointerup', end);
  svg.addEventListener('pointercancel', () => {
    drag = null;
  });
  svg.addEventListener(
    'wheel',
    (ev) => {
      ev.preventDefault();
      const rect = svg.getBoundingClientRect();
      const at = (ev.clientX - rect.left) / rect.width;
      zoom(ev.deltaY > 0 ? 1.25 : 0.8, Math.min(Math.max(at, 0), 1));
    },
    { passive: false },
  );
  new ResizeObserver(() => {
    if (Math.abs((scroller.clientWidth || 0) - width) > 4) draw();
  }).observe(scroller);
  requestAnimationFrame(draw);

  return {
    el,
    select(id, reveal = false) {
      const p = placed.find((q) => q.e.id === id);
      if (reveal && p && (p.b < view[0] || p.a > view[1])) {
        const span = view[1] - view[0];
        const mid = (p.a + p.b) / 2;
        view = [mid - span / 2, mid + span / 2];
        draw();
      }
      selected = id;
      for (const b of svg.querySelectorAll<SVGGElement>('g.ev')) b.classList.toggle('selected', b.dataset.event === id);
      if (reveal) svg.querySelector(`g.ev.selected`)?.scrollIntoView({ block: 'nearest' });
    },
    visible() {
      return placed.filter((p) => p.b >= view[0] && p.a <= view[1]).map((p) => p.e);
    },
  };
}
