import type { PloverType } from './api.js';

export type Quad = 'verbal_cooperation' | 'material_cooperation' | 'verbal_conflict' | 'material_conflict';

export const QUADS: { id: Quad; label: string; short: string }[] = [
  { id: 'verbal_cooperation', label: 'Verbal cooperation', short: 'V-coop' },
  { id: 'material_cooperation', label: 'Material cooperation', short: 'M-coop' },
  { id: 'verbal_conflict', label: 'Verbal conflict', short: 'V-conf' },
  { id: 'material_conflict', label: 'Material conflict', short: 'M-conf' },
];

/** PLOVER types by quad (data/ontology/plover.json). */
export const PLOVER: Record<PloverType, Quad> = {
  AGREE: 'verbal_cooperation', CONSULT: 'verbal_cooperation', SUPPORT: 'verbal_cooperation',
  COOPERATE: 'material_cooperation', AID: 'material_cooperation', CONCEDE: 'material_cooperation', RETREAT: 'material_cooperation',
  INVESTIGATE: 'verbal_conflict', DEMAND: 'verbal_conflict', DISAPPROVE: 'verbal_conflict', REJECT: 'verbal_conflict', THREATEN: 'verbal_conflict',
  PROTEST: 'material_conflict', MOBILIZE: 'material_conflict', SANCTION: 'material_conflict', COERCE: 'material_conflict',
  ASSAULT: 'material_conflict', FIGHT: 'material_conflict', CRIME: 'material_conflict',
};

export const PLOVER_TYPES = Object.keys(PLOVER) as PloverType[];

export function quadOf(type: string, quad?: string | null): Quad | 'unknown' {
  if (quad && QUADS.some((q) => q.id === quad)) return quad as Quad;
  return PLOVER[type as PloverType] ?? 'unknown';
}

export function quadLabel(q: string): string {
  return QUADS.find((x) => x.id === q)?.label ?? q.replace(/_/g, ' ');
}

/** Stroke/fill colours, the same everywhere (CSS variables mirror them for HTML). */
export const QUAD_COLOR: Record<Quad | 'unknown', string> = {
  verbal_cooperation: '#6aa9d8',
  material_cooperation: '#1f5fa8',
  verbal_conflict: '#eda04a',
  material_conflict: '#c0392b',
  unknown: '#8a8f98',
};

export const COOP_COLOR = '#1f5fa8';
export const CONFLICT_COLOR = '#c0392b';

export const ENTITY_COLOR: Record<string, string> = {
  PERSON: '#7b4fa3',
  ORG: '#2a7f62',
  GPE: '#b5651d',
  LOC: '#8a6d3b',
  FAC: '#5a6b7d',
};

export const ENTITY_LABEL: Record<string, string> = {
  PERSON: 'person', ORG: 'organisation', GPE: 'country / city', LOC: 'place', FAC: 'facility',
};
