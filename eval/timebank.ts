/**
 * TimeBank + AQUAINT (TempEval-3 TBAQ-cleaned, shared/data/timebank): every TIMEX3 of every document, with the
 * document creation time as anchor. Measures detection (relaxed = overlapping spans, strict = same span) and
 * values (our TIMEX3 form against the annotated `value`). TimeBank is a measuring set: nothing here is tuned on it.
 *
 * Mapping of our output to TIMEX3 conventions: a range ("from 2012 to 2014", "since 2015") is scored as its
 * endpoints (TimeML annotates them separately, signals excluded); a decade is `199`, a century `19`, a season
 * `1998-SU`, a half `1998-H1`, a quarter period `P1Q`; vague references give PRESENT_REF / PAST_REF / FUTURE_REF.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractTimeDetails, type TimeDetail } from '../src/extract/times/extract.js';
import type { TimeValue } from '../src/model/time.js';
import { pct, type EvalSection } from './report.js';

export interface GoldTimex {
  start: number;
  end: number;
  text: string;
  type: string;
  value: string;
}

export interface TimeBankDoc {
  name: string;
  text: string;
  dct: string;
  timexes: GoldTimex[];
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const decode = (s: string): string => s.replace(/&(amp|lt|gt|quot|apos);/g, (_, e: string) => ENTITIES[e]);
const attr = (tag: string, name: string): string => new RegExp(`\\b${name}="([^"]*)"`).exec(tag)?.[1] ?? '';

/** Reads one .tml file: the TEXT with tags stripped, its TIMEX3 spans, and the creation time. */
export function parseTml(name: string, xml: string): TimeBankDoc | null {
  const dctTag = /<TIMEX3[^>]*functionInDocument="CREATION_TIME"[^>]*>/.exec(xml);
  const body = /<TEXT>([\s\S]*?)<\/TEXT>/.exec(xml);
  if (!dctTag || !body) return null;
  const dct = attr(dctTag[0], 'value');
  const raw = body[1];
  let text = '';
  const timexes: GoldTimex[] = [];
  const open: Array<{ start: number; tag: string }> = [];
  const re = /<(\/?)([A-Za-z0-9]+)([^>]*)>|([^<]+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(raw)) !== null) {
    if (m[4] !== undefined) {
      text += decode(m[4]);
      continue;
    }
    if (m[2] !== 'TIMEX3') continue;
    if (m[1] === '') {
      if (m[3].trimEnd().endsWith('/')) continue; // empty TIMEX3 (no text)
      open.push({ start: text.length, tag: m[0] });
    } else {
      const o = open.pop();
      if (!o) continue;
      timexes.push({ start: o.start, end: text.length, text: text.slice(o.start, text.length), type: attr(o.tag, 'type'), value: attr(o.tag, 'value') });
    }
  }
  return { name, text, dct, timexes };
}

export function loadTimeBank(dir: string): TimeBankDoc[] {
  const docs: TimeBankDoc[] = [];
  for (const sub of ['TimeBank', 'AQUAINT']) {
    const d = join(dir, sub);
    if (!existsSync(d)) continue;
    for (const f of readdirSync(d).filter((x) => x.endsWith('.tml')).sort()) {
      const doc = parseTml(`${sub}/${f}`, readFileSync(join(d, f), 'utf8'));
      if (doc) docs.push(doc);
    }
  }
  return docs;
}

/** Our mentions as TIMEX3 would segment them: a range counts as its endpoints. */
export function asTimexes(details: TimeDetail[]): Array<{ start: number; end: number; text: string; value: string | null }> {
  const out: Array<{ start: number; end: number; text: string; value: string | null }> = [];
  for (const d of details) {
    const pieces = d.parts?.length ? d.parts : [d];
    for (const p of pieces) out.push({ start: p.start, end: p.end, text: p.text, value: p.time.timex });
  }
  return out;
}

export interface TimeBankScores {
  docs: number;
  gold: number;
  system: number;
  relaxed: { tp: number; fp: number; fn: number };
  strict: { tp: number; fp: number; fn: number };
  valueOk: number;
  valueN: number;
  bytes: number;
  ms: number;
  byType: Record<string, { gold: number; found: number; valueOk: number }>;
  errors: string[];
}

/** Scores the extractor on the corpus; `vague` includes "now", "recently"… (TIMEX3 annotates them). */
export function scoreTimeBank(docs: TimeBankDoc[], vague = true): TimeBankScores {
  const s: TimeBankScores = {
    docs: docs.length, gold: 0, system: 0, relaxed: { tp: 0, fp: 0, fn: 0 }, strict: { tp: 0, fp: 0, fn: 0 },
    valueOk: 0, valueN: 0, bytes: 0, ms: 0, byType: {}, errors: [],
  };
  for (const doc of docs) {
    const dctDay = doc.dct.slice(0, 10);
    const anchor: TimeValue = { value: dctDay, precision: 'day', kind: 'date' };
    const c0 = process.cpuUsage();
    const details = extractTimeDetails(doc.text, [], anchor, 'en', { vague });
    const c = process.cpuUsage(c0);
    s.ms += (c.user + c.system) / 1000;
    s.bytes += Buffer.byteLength(doc.text, 'utf8');
    const sys = asTimexes(details);
    s.gold += doc.timexes.length;
    s.system += sys.length;
    const usedR = new Set<number>();
    const usedS = new Set<number>();
    for (const g of doc.timexes) {
      const bt = (s.byType[g.type] ??= { gold: 0, found: 0, valueOk: 0 });
      bt.gold++;
      const exact = sys.findIndex((x, i) => !usedS.has(i) && x.start === g.start && x.end === g.end);
      if (exact >= 0) {
        usedS.add(exact);
        s.strict.tp++;
      } else s.strict.fn++;
      let i = sys.findIndex((x, k) => !usedR.has(k) && x.start === g.start && x.end === g.end);
      if (i < 0) i = sys.findIndex((x, k) => !usedR.has(k) && x.start < g.end && g.start < x.end);
      if (i < 0) {
        s.relaxed.fn++;
        if (s.errors.length < 400) s.errors.push(`MISS ${doc.name} "${g.text}" ${g.value}`);
        continue;
      }
      usedR.add(i);
      s.relaxed.tp++;
      bt.found++;
      s.valueN++;
      if (sys[i].value === g.value) {
        s.valueOk++;
        bt.valueOk++;
      } else if (s.errors.length < 400) s.errors.push(`VALUE ${doc.name} "${g.text}" gold ${g.value} got "${sys[i].text}" ${sys[i].value}`);
    }
    s.relaxed.fp += sys.length - usedR.size;
    s.strict.fp += sys.length - usedS.size;
    for (let k = 0; k < sys.length; k++) if (!usedR.has(k) && s.errors.length < 400) s.errors.push(`FP ${doc.name} "${sys[k].text}" ${sys[k].value}`);
  }
  return s;
}

export const prf = ({ tp, fp, fn }: { tp: number; fp: number; fn: number }) => {
  const p = tp + fp ? tp / (tp + fp) : 0;
  const r = tp + fn ? tp / (tp + fn) : 0;
  return { p, r, f: p + r ? (2 * p * r) / (p + r) : 0 };
};

const fmt = (x: { tp: number; fp: number; fn: number }): string => {
  const { p, r, f } = prf(x);
  return `P ${(100 * p).toFixed(1)}  R ${(100 * r).toFixed(1)}  F1 ${(100 * f).toFixed(1)}  (tp ${x.tp} fp ${x.fp} fn ${x.fn})`;
};

export function evaluateTimebank(sharedDir: string): EvalSection {
  const dir = join(sharedDir, 'data', 'timebank');
  if (!existsSync(dir)) return { title: 'TimeBank: time expressions', rows: [['status', `no data at ${dir}`]] };
  const docs = loadTimeBank(dir);
  const s = scoreTimeBank(docs, true);
  const plain = scoreTimeBank(docs, false);
  const rel = prf(s.relaxed);
  const valueAcc = s.valueN ? s.valueOk / s.valueN : 0;
  const vP = s.system ? s.valueOk / s.system : 0;
  const vR = s.gold ? s.valueOk / s.gold : 0;
  const vF = vP + vR ? (2 * vP * vR) / (vP + vR) : 0;
  const types = Object.entries(s.byType).map(([t, v]) => `${t} ${v.found}/${v.gold} found, ${v.valueOk} value`).join('; ');
  return {
    title: 'TimeBank + AQUAINT (TBAQ-cleaned): time expressions, DCT as anchor',
    rows: [
      ['documents', String(s.docs)],
      ['gold TIMEX3 (DCT excluded)', String(s.gold)],
      ['detection relaxed', fmt(s.relaxed)],
      ['detection strict', fmt(s.strict)],
      ['value accuracy (matched)', pct(s.valueOk, s.valueN)],
      ['value F1 (TempEval-3 style)', `${(100 * vF).toFixed(1)} (P ${(100 * vP).toFixed(1)} R ${(100 * vR).toFixed(1)})`],
      ['by type', types],
      ['without vague refs: relaxed', fmt(plain.relaxed)],
      ['without vague refs: value acc', pct(plain.valueOk, plain.valueN)],
      ['speed (CPU time)', `${(plain.bytes / 1e6 / (plain.ms / 1000)).toFixed(1)} MB/s warm (${(plain.bytes / 1e6).toFixed(2)} MB in ${plain.ms.toFixed(0)} ms); first pass with compilation ${(s.bytes / 1e6 / (s.ms / 1000)).toFixed(1)} MB/s`],
    ],
    targets: [
      { name: 'detection F1 (relaxed) ≥ 0.85', met: rel.f >= 0.85 },
      { name: 'value accuracy ≥ 0.75', met: valueAcc >= 0.75 },
    ],
  };
}
