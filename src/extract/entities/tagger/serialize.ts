/**
 * The committed weights file: gzip of
 *   "SNER" u32 version | u32 headerBytes | header JSON | u32 textBytes | feature strings, '\n'-joined (UTF-8)
 *   | u32 masks[F] (bit t set when tag t has a weight) | i16 values (the set weights, row by row, ÷ quantum)
 * Features are written sorted, weights pruned below a threshold and quantised to 16 bits, so the same model
 * always gives the same bytes.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { FeatureIndex } from './features.js';
import { NerModel, type ModelMeta } from './model.js';

const MAGIC = 'SNER';
const VERSION = 1;

export interface EncodeOptions {
  /** Weights with |w| below this are dropped, and features left with none (default 0: only those that quantise to 0). */
  prune?: number;
}

interface Header {
  tags: string[];
  trans: number[];
  start: number[];
  end: number[];
  scale: number;
  quantum: number;
  features: number;
  values: number;
  gazetteers: string[];
  meta: ModelMeta;
}

const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;

export function encodeModel(model: NerModel, options: EncodeOptions = {}): Buffer {
  const T = model.T;
  if (T > 32) throw new Error('sitrep: too many tags for the weight mask');
  const prune = options.prune ?? 0;
  const { rowStart, rowTags, rowVals } = model.weights;
  let maxAbs = 0;
  for (let i = 0; i < rowVals.length; i++) maxAbs = Math.max(maxAbs, Math.abs(rowVals[i]));
  const quantum = maxAbs > 0 ? maxAbs / 32767 : 1;
  const threshold = Math.max(prune, quantum / 2);
  const entries = [...model.extractor.index.map.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const keys: string[] = [];
  const masks: number[] = [];
  const values: number[] = [];
  for (const [key, id] of entries) {
    let mask = 0;
    const row: number[] = [];
    for (let j = rowStart[id]; j < rowStart[id + 1]; j++) {
      const x = rowVals[j];
      if (Math.abs(x) < threshold) continue;
      mask |= 1 << rowTags[j];
      row.push(Math.max(-32767, Math.min(32767, Math.round(x / quantum))));
    }
    if (!mask) continue;
    keys.push(key);
    masks.push(mask >>> 0);
    values.push(...row);
  }
  const header: Header = {
    tags: model.tagSet.tags,
    trans: Array.from(model.transitions.trans, round6),
    start: Array.from(model.transitions.start, round6),
    end: Array.from(model.transitions.end, round6),
    scale: model.scale,
    quantum,
    features: keys.length,
    values: values.length,
    gazetteers: model.gazetteers,
    meta: model.meta,
  };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const textBytes = Buffer.from(keys.join('\n'), 'utf8');
  const maskBytes = Buffer.from(Uint32Array.from(masks).buffer);
  const valueBytes = Buffer.from(Int16Array.from(values).buffer);
  const u32 = (x: number): Buffer => {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(x);
    return b;
  };
  const raw = Buffer.concat([Buffer.from(MAGIC), u32(VERSION), u32(headerBytes.length), headerBytes, u32(textBytes.length), textBytes, maskBytes, valueBytes]);
  return gzipSync(raw, { level: 9 });
}

export function decodeModel(data: Buffer): NerModel {
  const raw = gunzipSync(data);
  if (raw.subarray(0, 4).toString() !== MAGIC) throw new Error('sitrep: not a sitrep NER model');
  const version = raw.readUInt32LE(4);
  if (version !== VERSION) throw new Error(`sitrep: unsupported NER model version ${version}`);
  let pos = 8;
  const headerLen = raw.readUInt32LE(pos);
  pos += 4;
  const header = JSON.parse(raw.subarray(pos, pos + headerLen).toString('utf8')) as Header;
  pos += headerLen;
  const textLen = raw.readUInt32LE(pos);
  pos += 4;
  const keys = header.features ? raw.subarray(pos, pos + textLen).toString('utf8').split('\n') : [];
  pos += textLen;
  const F = header.features;
  const T = header.tags.length;
  const masks = new Uint32Array(F);
  for (let i = 0; i < F; i++) masks[i] = raw.readUInt32LE(pos + 4 * i);
  pos += 4 * F;
  const rowStart = new Int32Array(F + 1);
  const rowTags = new Uint8Array(header.values);
  const rowVals = new Float32Array(header.values);
  const map = new Map<string, number>();
  let v = 0;
  for (let id = 0; id < F; id++) {
    map.set(keys[id], id);
    rowStart[id] = v;
    const mask = masks[id];
    for (let t = 0; t < T; t++) {
      if (!(mask & (1 << t))) continue;
      rowTags[v] = t;
      rowVals[v] = raw.readInt16LE(pos + 2 * v) * header.quantum;
      v++;
    }
  }
  rowStart[F] = v;
  const weights = { rowStart, rowTags, rowVals };
  return new NerModel({
    tags: header.tags,
    index: new FeatureIndex(map, true),
    weights,
    trans: Float32Array.from(header.trans),
    start: Float32Array.from(header.start),
    end: Float32Array.from(header.end),
    scale: header.scale,
    gazetteers: header.gazetteers,
    meta: header.meta,
  });
}
