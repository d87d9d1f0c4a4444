import type { ActorGraph, GraphFilter, Store } from '../../store/store.js';

/** Text safe in XML 1.0 content and attributes: markup escaped, characters XML forbids dropped. */
export function xmlText(s: string): string {
  return s
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const KEYS: ReadonlyArray<{ id: string; for: 'node' | 'edge'; type: 'string' | 'int' | 'double' }> = [
  { id: 'label', for: 'node', type: 'string' },
  { id: 'type', for: 'node', type: 'string' },
  { id: 'kind', for: 'node', type: 'string' },
  { id: 'events', for: 'node', type: 'int' },
  { id: 'weight', for: 'edge', type: 'double' },
  { id: 'cooperative', for: 'edge', type: 'int' },
  { id: 'conflictual', for: 'edge', type: 'int' },
  { id: 'types', for: 'edge', type: 'string' },
];

const data = (key: string, value: string | number | null): string =>
  value === null || value === '' ? '' : `<data key="${key}">${xmlText(String(value))}</data>`;

/**
 * The actor graph as GraphML (directed): every key declared, nodes labelled with the entity name, edges weighted
 * by their number of events (Gephi reads `label` and `weight`), with cooperative and conflictual counts and the
 * PLOVER types as `TYPE:n; …`.
 */
export function* graphMl(graph: ActorGraph): Iterable<string> {
  yield '<?xml version="1.0" encoding="UTF-8"?>\n';
  yield '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n';
  for (const k of KEYS) yield `  <key id="${k.id}" for="${k.for}" attr.name="${k.id}" attr.type="${k.type}"/>\n`;
  yield '  <graph id="sitrep-actors" edgedefault="directed">\n';
  for (const n of graph.nodes) {
    yield `    <node id="${xmlText(n.id)}">${data('label', n.name)}${data('type', n.type)}${data('kind', n.kind)}${data('events', n.events)}</node>\n`;
  }
  let i = 0;
  for (const e of graph.edges) {
    const types = Object.entries(e.types).map(([t, n]) => `${t}:${n}`).join('; ');
    yield `    <edge id="e${i++}" source="${xmlText(e.source)}" target="${xmlText(e.target)}">${data('weight', e.count)}${data('cooperative', e.cooperative)}${data('conflictual', e.conflictual)}${data('types', types)}</edge>\n`;
  }
  yield '  </graph>\n</graphml>\n';
}

export async function* actorGraphMl(store: Store, filter?: GraphFilter): AsyncIterable<string> {
  yield* graphMl(await store.actorGraph(filter));
}
