/**
 * The read side shared by the SQL backends: rows (with lookups of entity names and document metadata, answered
 * synchronously: SQLite from prepared statements, PostgreSQL from what it fetched in a batch before) become the
 * views of `store.ts`. Sorting that happens in code happens here, once.
 */
import type { EventMention, ClaimSide } from '../../resolve/events.js';
import type { EntityType, Modality, PloverType } from '../../model/analysis.js';
import type {
  ActorGraph,
  ClaimView,
  ContradictionView,
  EntityRef,
  EventReport,
  ForcePoint,
  ForceSummary,
  GraphEdge,
  GraphNode,
  PlaceSummary,
  TimelineEvent,
} from '../store.js';
import { parseTime } from './rows.js';

export interface EventRow {
  id: string;
  type: PloverType;
  subtype: string | null;
  quad: string;
  sources: string;
  targets: string;
  location: string | null;
  time: string | null;
}

export interface DocInfo {
  title: string | null;
  publisher: string | null;
  published: string | null;
}

export const NO_DOC: DocInfo = { title: null, publisher: null, published: null };

/** Synchronous lookups a view needs: an entity's name (undefined when unknown) and a document's metadata. */
export interface ViewLookups {
  name(id: string): string | undefined;
  doc(id: string): DocInfo;
}

export function refOf(lk: ViewLookups, id: string | null | undefined): EntityRef | null {
  if (!id) return null;
  return { id, name: lk.name(id) ?? id };
}

/** A row of `events` with its actors' names and every report of it (members in id order). */
export function toTimelineEvent(r: EventRow, members: EventMention[], lk: ViewLookups): TimelineEvent {
  return {
    id: r.id,
    type: r.type,
    subtype: r.subtype,
    quad: r.quad,
    sources: (JSON.parse(r.sources) as string[]).map((id) => refOf(lk, id)!),
    targets: (JSON.parse(r.targets) as string[]).map((id) => refOf(lk, id)!),
    location: refOf(lk, r.location),
    time: parseTime(r.time),
    reports: members.map((m) => reportOf(m, lk)),
  };
}

function reportOf(m: EventMention, lk: ViewLookups): EventReport {
  const d = lk.doc(m.documentId);
  return {
    mentionId: m.id,
    documentId: m.documentId,
    title: d.title,
    publisher: d.publisher,
    published: parseTime(d.published),
    type: m.type,
    trigger: m.trigger,
    modality: m.modality,
    attribution: m.attribution ? { source: refOf(lk, m.attribution.source), text: m.attribution.text } : null,
    time: m.time,
    quantities: m.quantities,
    sentence: m.sentence,
  };
}

/** Entity ids and document ids a list of event rows and their members refers to (for batch lookups). */
export function eventRefs(rows: readonly EventRow[], members: Iterable<EventMention>): { entities: Set<string>; documents: Set<string> } {
  const entities = new Set<string>();
  const documents = new Set<string>();
  for (const r of rows) {
    for (const id of [...(JSON.parse(r.sources) as string[]), ...(JSON.parse(r.targets) as string[])]) entities.add(id);
    if (r.location) entities.add(r.location);
  }
  for (const m of members) {
    documents.add(m.documentId);
    if (m.attribution?.source) entities.add(m.attribution.source);
  }
  return { entities, documents };
}

export interface ForceSizeRow {
  subject: string;
  value: number | null;
  low: number | null;
  high: number | null;
  approx: number;
  unit: string;
  time: string | null;
  places: string;
  claimant: string | null;
  claimant_text: string | null;
  document_id: string;
  sentence: string;
}

/** Force figures (claims) and the withdrawals and deployments that mark where a force starts and ends. */
export function forcePoints(sizes: readonly ForceSizeRow[], moves: readonly EventMention[], places: Set<string> | null, lk: ViewLookups): ForcePoint[] {
  const out: ForcePoint[] = [];
  for (const c of sizes) {
    const point = sizePoint(c, lk);
    if (places && !point.places.some((p) => places.has(p.id))) continue;
    out.push(point);
  }
  for (const m of moves) {
    if (!m.sources.length || (m.modality !== 'asserted' && m.modality !== 'planned')) continue;
    if (places && !movePlaces(m).some((p) => places.has(p))) continue;
    for (const actor of m.sources) out.push(movePoint(m, actor, lk));
  }
  const key = (p: ForcePoint): string => p.time?.value ?? p.reported?.value ?? '9999';
  // Ties keep the order given (figures by document and position, then moves by report): reading each point's
  // sentence to break them cost a page of a busy actor more than the page itself.
  return out.sort((a, b) => a.actor.name.localeCompare(b.actor.name) || key(a).localeCompare(key(b)));
}

/** A force figure claimed in a sentence. */
export function sizePoint(c: ForceSizeRow, lk: ViewLookups): ForcePoint {
  return {
    actor: refOf(lk, c.subject)!,
    kind: 'size',
    value: c.value,
    low: c.low,
    high: c.high,
    approx: c.approx === 1,
    unit: c.unit,
    time: parseTime(c.time),
    reported: parseTime(lk.doc(c.document_id).published),
    places: (JSON.parse(c.places) as string[]).map((p) => refOf(lk, p)!),
    modality: null,
    claimant: c.claimant ? refOf(lk, c.claimant)!.name : c.claimant_text,
    documentId: c.document_id,
    publisher: lk.doc(c.document_id).publisher,
    sentence: c.sentence,
  };
}

function movePlaces(m: EventMention): string[] {
  return [...new Set([m.location, ...m.targets].filter((x): x is string => !!x))];
}

/** A withdrawal or deployment of one of the report's source actors. */
export function movePoint(m: EventMention, actor: string, lk: ViewLookups): ForcePoint {
  const size = m.quantities.find((q) => q.kind === 'size');
  return {
    actor: refOf(lk, actor)!,
    kind: m.type === 'RETREAT' ? 'withdrawal' : 'deployment',
    value: size?.value ?? null,
    low: size?.low ?? null,
    high: size?.high ?? null,
    approx: size?.approx ?? false,
    unit: null,
    time: m.time,
    reported: m.published,
    places: movePlaces(m).map((p) => refOf(lk, p)!),
    modality: m.modality,
    claimant: m.attribution ? (m.attribution.source ? refOf(lk, m.attribution.source)!.name : m.attribution.text) : null,
    documentId: m.documentId,
    publisher: m.publisher,
    sentence: m.sentence,
  };
}

/**
 * What orders a force point (see `forcePoints`), read without building the point: its actor and its time key (the
 * time it holds, else its report's publication, else '9999'). `claim` names a size figure, `mention` and `slot` a
 * move report and which of its source actors.
 */
export interface ForceKey {
  claim: string | null;
  mention: string | null;
  slot: number;
  actor: string;
  key: string;
}

/**
 * Sorts force keys as `forcePoints` sorts points (actor name, then time key, each by `localeCompare`; ties keep the
 * order given: figures by document, then moves by report). Names and time keys are ranked once each, not compared
 * once per comparison, which is what makes sorting tens of thousands of keys cheap.
 */
export function sortForceKeys<K extends ForceKey>(keys: K[], name: (actor: string) => string): K[] {
  const rank = localeRanks(new Set(keys.map((k) => k.actor)), name);
  const keyRank = localeRanks(new Set(keys.map((k) => k.key)), (key) => key);
  return keys.sort((a, b) => rank.get(a.actor)! - rank.get(b.actor)! || keyRank.get(a.key)! - keyRank.get(b.key)!);
}

/** Items ranked by their text (`localeCompare`: actors by name, time keys by themselves); equal texts share a rank. */
export function localeRanks(items: Iterable<string>, textOf: (item: string) => string): Map<string, number> {
  const named = [...items].map((id) => ({ id, text: textOf(id) })).sort((a, b) => a.text.localeCompare(b.text));
  const rank = new Map<string, number>();
  named.forEach((a, i) => rank.set(a.id, i > 0 && named[i - 1]!.text.localeCompare(a.text) === 0 ? rank.get(named[i - 1]!.id)! : i));
  return rank;
}

/**
 * The actors whose figures a page of the unfiltered force list reaches (`actors`: per actor, its number of
 * points), in the list's order (by name); `skip` is how many of their points come before the page and `total`
 * the points of every actor. Actors whose names compare equal interleave by time, so they come as a group.
 */
export function actorsOfPage(
  actors: ReadonlyArray<{ actor: string; points: number }>,
  name: (actor: string) => string,
  offset: number,
  limit: number,
): { actors: string[]; skip: number; total: number } {
  const rank = localeRanks(actors.map((a) => a.actor), name);
  const sorted = [...actors].sort((a, b) => rank.get(a.actor)! - rank.get(b.actor)!);
  const total = sorted.reduce((n, a) => n + a.points, 0);
  const wanted: string[] = [];
  let skip = offset;
  let seen = 0;
  for (let i = 0; i < sorted.length && seen < offset + limit; ) {
    let j = i;
    let points = 0;
    while (j < sorted.length && rank.get(sorted[j]!.actor) === rank.get(sorted[i]!.actor)) points += sorted[j++]!.points;
    if (seen + points > offset) wanted.push(...sorted.slice(i, j).map((a) => a.actor));
    else skip -= points;
    seen += points;
    i = j;
  }
  return { actors: wanted, skip, total };
}

/**
 * Which force figures a query wants: those of `actors`, those about `places`, both at once, or (with `either`)
 * one or the other. Null lists do not restrict. The SQL narrows the rows; `keepForce` decides exactly.
 */
export interface ForceMatch {
  actors: string[] | null;
  places: string[] | null;
  either?: boolean;
}

export function keepForce(match: ForceMatch): (p: ForcePoint) => boolean {
  const actors = match.actors ? new Set(match.actors) : null;
  const places = match.places ? new Set(match.places) : null;
  const byActor = (p: ForcePoint): boolean => !actors || actors.has(p.actor.id);
  const byPlace = (p: ForcePoint): boolean => !places || p.places.some((pl) => places.has(pl.id));
  if (match.either && actors && places) return (p) => actors.has(p.actor.id) || p.places.some((pl) => places.has(pl.id));
  return (p) => byActor(p) && byPlace(p);
}

/** One actor's aggregate row of the force summary query (both backends answer the same columns). */
export interface ForceSummaryRow {
  actor: string;
  name: string | null;
  figures: number;
  withdrawals: number;
  deployments: number;
  sources: number;
  low: number | null;
  high: number | null;
}

/** Summary rows with each actor's latest size figure (the row, or undefined when the actor has none). */
export function forceSummaries(rows: readonly ForceSummaryRow[], latest: ReadonlyMap<string, ForceSizeRow>, lk: ViewLookups): ForceSummary[] {
  return rows.map((r) => {
    const size = latest.get(r.actor);
    return {
      actor: { id: r.actor, name: r.name ?? r.actor },
      figures: Number(r.figures),
      withdrawals: Number(r.withdrawals),
      deployments: Number(r.deployments),
      sources: Number(r.sources),
      low: r.low,
      high: r.high,
      latest: size ? forcePoints([size], [], null, lk)[0]! : null,
    };
  });
}

export interface ClaimViewRow {
  id: string;
  kind: 'event' | 'quantity';
  claimant: string | null;
  claimant_text: string | null;
  subject: string | null;
  statement: string;
  modality: Modality | null;
  time: string | null;
  document_id: string;
  sentence: string;
}

export function claimView(c: ClaimViewRow, lk: ViewLookups): ClaimView {
  const d = lk.doc(c.document_id);
  return {
    id: c.id,
    kind: c.kind,
    claimant: refOf(lk, c.claimant),
    claimantText: c.claimant_text,
    subject: refOf(lk, c.subject),
    statement: c.statement,
    modality: c.modality,
    time: parseTime(c.time),
    documentId: c.document_id,
    title: d.title,
    publisher: d.publisher,
    sentence: c.sentence,
  };
}

export interface ContradictionViewRow {
  id: string;
  kind: ContradictionView['kind'];
  about: string;
  event_id: string | null;
  a: string;
  b: string;
}

export function contradictionView(r: ContradictionViewRow, lk: ViewLookups): ContradictionView {
  const side = (raw: string): ContradictionView['a'] => {
    const s = JSON.parse(raw) as ClaimSide;
    const d = lk.doc(s.documentId);
    return {
      claimant: s.claimant ? refOf(lk, s.claimant)!.name : s.claimantText,
      statement: s.statement,
      documentId: s.documentId,
      title: d.title,
      publisher: d.publisher,
      published: parseTime(d.published),
      sentence: s.sentence,
    };
  };
  return { id: r.id, kind: r.kind, about: r.about, eventId: r.event_id, a: side(r.a), b: side(r.b) };
}

/** Entity and document ids the sides of contradictions refer to. */
export function contradictionRefs(rows: readonly ContradictionViewRow[]): { entities: Set<string>; documents: Set<string> } {
  const entities = new Set<string>();
  const documents = new Set<string>();
  for (const r of rows) {
    for (const raw of [r.a, r.b]) {
      const s = JSON.parse(raw) as ClaimSide;
      documents.add(s.documentId);
      if (s.claimant) entities.add(s.claimant);
    }
  }
  return { entities, documents };
}

const COOPERATIVE = new Set(['verbal_cooperation', 'material_cooperation']);
const CONFLICTUAL = new Set(['verbal_conflict', 'material_conflict']);

export interface GraphEntity {
  name: string;
  type: EntityType;
  kind: string | null;
  lat: number | null;
  lon: number | null;
}

/** The actor graph of event rows (in id order): who acts on whom. */
export function actorGraphOf(rows: ReadonlyArray<{ id: string; type: PloverType; quad: string; sources: string; targets: string }>, entity: (id: string) => GraphEntity | undefined): ActorGraph {
  const nodeEvents = new Map<string, number>();
  const edges = new Map<string, GraphEdge>();
  for (const r of rows) {
    const sources = [...new Set(JSON.parse(r.sources) as string[])];
    const targets = [...new Set(JSON.parse(r.targets) as string[])];
    for (const id of new Set([...sources, ...targets])) nodeEvents.set(id, (nodeEvents.get(id) ?? 0) + 1);
    for (const s of sources) {
      for (const t of targets) {
        if (s === t) continue;
        const key = `${s}\u0000${t}`;
        let edge = edges.get(key);
        if (!edge) {
          edge = { source: s, target: t, count: 0, cooperative: 0, conflictual: 0, types: {} };
          edges.set(key, edge);
        }
        edge.count++;
        if (COOPERATIVE.has(r.quad)) edge.cooperative++;
        if (CONFLICTUAL.has(r.quad)) edge.conflictual++;
        edge.types[r.type] = (edge.types[r.type] ?? 0) + 1;
      }
    }
  }
  const nodes: GraphNode[] = [...nodeEvents].map(([id, events]) => {
    const e = entity(id);
    return { id, name: e?.name ?? id, type: e?.type ?? null, kind: e?.kind ?? null, events };
  });
  nodes.sort((a, b) => b.events - a.events || a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  const list = [...edges.values()].sort((a, b) => b.count - a.count || a.source.localeCompare(b.source) || a.target.localeCompare(b.target));
  return { nodes, edges: list };
}

/** Places with coordinates among event rows' locations and targets (rows in time order), most events first. */
export function placesOf(rows: ReadonlyArray<{ id: string; location: string | null; targets: string }>, entity: (id: string) => GraphEntity | undefined): PlaceSummary[] {
  const places = new Map<string, PlaceSummary>();
  for (const r of rows) {
    const at = new Set([r.location, ...(JSON.parse(r.targets) as string[])].filter((x): x is string => !!x));
    for (const id of at) {
      let place = places.get(id);
      if (!place) {
        const e = entity(id);
        if (!e || e.lat === null || e.lon === null) continue;
        place = { entity: { id, name: e.name }, type: e.type, kind: e.kind, geo: { lat: e.lat, lon: e.lon }, events: 0, eventIds: [] };
        places.set(id, place);
      }
      place.events++;
      place.eventIds.push(r.id);
    }
  }
  return [...places.values()].sort((a, b) => b.events - a.events || a.entity.name.localeCompare(b.entity.name) || a.entity.id.localeCompare(b.entity.id));
}

/** Entity ids named by event rows' actors and locations. */
export function actorIds(rows: ReadonlyArray<{ sources?: string; targets: string; location?: string | null }>): Set<string> {
  const out = new Set<string>();
  for (const r of rows) {
    for (const id of JSON.parse(r.targets) as string[]) out.add(id);
    if (r.sources) for (const id of JSON.parse(r.sources) as string[]) out.add(id);
    if (r.location) out.add(r.location);
  }
  return out;
}
