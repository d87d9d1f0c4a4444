import { dateInterval } from '../resolve/time-intervals.js';

/** A JSON value: what the OpenAPI document and response bodies are made of. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** The schema of one parameter: the validator and the OpenAPI document both read it (one source, no drift). */
export type ParamSchema =
  | { type: 'integer'; minimum: number; maximum?: number; default?: number }
  | { type: 'string'; enum?: readonly string[]; pattern?: string; format?: 'partial-date'; minLength?: number; maxLength: number };

export interface ParamSpec {
  name: string;
  in: 'query' | 'path';
  required?: boolean;
  description: string;
  schema: ParamSchema;
}

/** A JSON request body: an object of string fields (nullable ones may be null), nothing else. */
export interface BodySpec {
  description: string;
  properties: Record<string, { description: string; nullable?: boolean; maxLength: number }>;
  required: readonly string[];
}

/** An answer with a status; the message goes to the client as `{"error": message}`. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** Validated parameters: strings and integers by name, defaults applied. */
export class Params {
  constructor(private readonly values: ReadonlyMap<string, string | number>) {}

  str(name: string): string | undefined {
    const v = this.values.get(name);
    return typeof v === 'string' ? v : undefined;
  }

  /** A required string (a path parameter): validation guarantees it. */
  req(name: string): string {
    const v = this.str(name);
    if (v === undefined) throw new HttpError(400, `missing parameter '${name}'`);
    return v;
  }

  int(name: string): number | undefined {
    const v = this.values.get(name);
    return typeof v === 'number' ? v : undefined;
  }

  /** A string the schema restricted to `allowed` (an enum), typed as such. */
  oneOf<T extends string>(name: string, allowed: readonly T[]): T | undefined {
    const v = this.str(name);
    return v !== undefined && (allowed as readonly string[]).includes(v) ? (v as T) : undefined;
  }
}

/** YYYY, YYYY-MM or YYYY-MM-DD, a real calendar date. */
export const DATE_PATTERN = '^\\d{4}(-\\d{2}(-\\d{2})?)?$';

export function isPartialDate(s: string): boolean {
  if (!new RegExp(DATE_PATTERN).test(s)) return false;
  const interval = dateInterval(s);
  if (!interval) return false;
  // dateInterval rolls impossible dates over (2022-02-30 → March); a real date keeps its own digits.
  const [y, m, d] = s.split('-');
  const [sy, sm, sd] = interval[0].split('-');
  return y === sy && (m === undefined || (m === sm && Number(m) >= 1 && Number(m) <= 12)) && (d === undefined || d === sd);
}

const CONTROL = /[\u0000-\u001f\u007f]/;

function validateOne(spec: ParamSpec, raw: string): string | number {
  const s = spec.schema;
  const where = `parameter '${spec.name}'`;
  if (s.type === 'integer') {
    if (!/^-?\d{1,15}$/.test(raw)) throw new HttpError(400, `${where} must be a whole number, not '${raw.slice(0, 40)}'`);
    const n = Number(raw);
    if (n < s.minimum || (s.maximum !== undefined && n > s.maximum)) {
      throw new HttpError(400, `${where} must be ${s.maximum !== undefined ? `between ${s.minimum} and ${s.maximum}` : `at least ${s.minimum}`}, not ${n}`);
    }
    return n;
  }
  if (CONTROL.test(raw)) throw new HttpError(400, `${where} holds control characters`);
  if (s.enum && !s.enum.includes(raw)) throw new HttpError(400, `${where} must be one of ${s.enum.join(', ')}, not '${raw.slice(0, 40)}'`);
  if (s.format === 'partial-date' && !isPartialDate(raw)) throw new HttpError(400, `${where} must be a date as YYYY, YYYY-MM or YYYY-MM-DD, not '${raw.slice(0, 40)}'`);
  if (raw.length > s.maxLength) throw new HttpError(400, `${where} is longer than ${s.maxLength} characters`);
  if (s.minLength !== undefined && raw.length < s.minLength) throw new HttpError(400, `${where} is shorter than ${s.minLength} characters`);
  if (s.pattern !== undefined && !new RegExp(s.pattern, 'u').test(raw)) throw new HttpError(400, `${where} is malformed`);
  return raw;
}

/**
 * Checks a request's parameters against the route's table: unknown or repeated query parameters, missing
 * required ones, wrong types, ranges, enums and patterns are 400s. An empty query value counts as absent.
 */
export function validateParams(specs: readonly ParamSpec[], query: URLSearchParams, path: Record<string, string>): Params {
  const values = new Map<string, string | number>();
  const declared = new Set(specs.filter((p) => p.in === 'query').map((p) => p.name));
  const seen = new Set<string>();
  for (const key of query.keys()) {
    if (!declared.has(key)) {
      const known = [...declared];
      throw new HttpError(400, `unknown parameter '${key.slice(0, 40)}'${known.length ? ` (this endpoint takes ${known.join(', ')})` : ' (this endpoint takes none)'}`);
    }
    if (seen.has(key)) throw new HttpError(400, `parameter '${key}' is given more than once`);
    seen.add(key);
  }
  for (const spec of specs) {
    const raw = spec.in === 'path' ? path[spec.name] : query.get(spec.name);
    if (raw === undefined || raw === null || raw === '') {
      if (spec.required) throw new HttpError(400, `parameter '${spec.name}' is required`);
      if (spec.schema.type === 'integer' && spec.schema.default !== undefined) values.set(spec.name, spec.schema.default);
      continue;
    }
    values.set(spec.name, validateOne(spec, raw));
  }
  return new Params(values);
}

/** Checks a parsed JSON body against its spec; returns its string fields (null for nullable ones given as null). */
export function validateBody(spec: BodySpec, body: unknown): Record<string, string | null> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new HttpError(400, 'the request body must be a JSON object');
  const out: Record<string, string | null> = {};
  for (const [key, value] of Object.entries(body)) {
    const field = spec.properties[key];
    if (!field) throw new HttpError(400, `unknown field '${key.slice(0, 40)}' in the request body (expected ${Object.keys(spec.properties).join(', ')})`);
    if (value === null && field.nullable) {
      out[key] = null;
      continue;
    }
    if (typeof value !== 'string') throw new HttpError(400, `field '${key}' must be a string`);
    if (!value.trim()) throw new HttpError(400, `field '${key}' must not be empty`);
    if (value.length > field.maxLength) throw new HttpError(400, `field '${key}' is longer than ${field.maxLength} characters`);
    if (CONTROL.test(value)) throw new HttpError(400, `field '${key}' holds control characters`);
    out[key] = value;
  }
  for (const key of spec.required) if (out[key] === undefined || out[key] === null) throw new HttpError(400, `field '${key}' is required`);
  return out;
}

/** The OpenAPI form of a parameter. */
export function paramToOpenApi(p: ParamSpec): JsonObject {
  const s = p.schema;
  const schema: JsonObject =
    s.type === 'integer'
      ? { type: 'integer', minimum: s.minimum, ...(s.maximum !== undefined ? { maximum: s.maximum } : {}), ...(s.default !== undefined ? { default: s.default } : {}) }
      : {
          type: 'string',
          maxLength: s.maxLength,
          ...(s.minLength !== undefined ? { minLength: s.minLength } : {}),
          ...(s.enum ? { enum: [...s.enum] } : {}),
          ...(s.format === 'partial-date' ? { pattern: DATE_PATTERN, format: 'partial-date' } : s.pattern ? { pattern: s.pattern } : {}),
        };
  return { name: p.name, in: p.in, required: p.in === 'path' ? true : !!p.required, description: p.description, schema };
}

export function bodyToOpenApi(b: BodySpec): JsonObject {
  const properties: JsonObject = {};
  for (const [k, f] of Object.entries(b.properties)) {
    properties[k] = { type: f.nullable ? ['string', 'null'] : 'string', minLength: 1, maxLength: f.maxLength, description: f.description };
  }
  return {
    required: true,
    description: b.description,
    content: { 'application/json': { schema: { type: 'object', properties, required: [...b.required], additionalProperties: false } } },
  };
}
