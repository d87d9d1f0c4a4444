import { readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { sharedPath } from './shared.js';

type JsonObject = Record<string, unknown>;

/**
 * The contract's validator. One constraint of the shared schema cannot be met by any value: a time mention is
 * `allOf: [span, timeValue]`, where `span.end` is an integer (the end offset) and `timeValue.end` a string or
 * null (a range's end value). sitrep keeps `end` as the offset and writes a range's end value as `until`; this
 * validator drops only `timeValue.end` inside `times` items, and checks everything else as written.
 */
export function contractValidator(): ValidateFunction {
  const schema = JSON.parse(readFileSync(sharedPath('schema', 'analysis.schema.json'), 'utf8')) as JsonObject;
  const defs = schema.$defs as JsonObject;
  const timeValue = defs.timeValue as { properties: JsonObject };
  const { end: _rangeEnd, ...otherProperties } = timeValue.properties;
  void _rangeEnd;
  defs.timeMentionValue = { ...timeValue, properties: { ...otherProperties, until: { type: 'string' } } };
  const times = (schema.properties as JsonObject).times as { items: { allOf: JsonObject[] } };
  times.items.allOf = times.items.allOf.map((part) => (part.$ref === '#/$defs/timeValue' ? { $ref: '#/$defs/timeMentionValue' } : part));
  return new Ajv2020({ strict: false, allErrors: true }).compile(schema);
}
