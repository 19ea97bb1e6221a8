import fc from 'fast-check';
import type { JsonSchema } from './fuzz';

// Two kinds of input the outside review found 5xx and half-writes with: maps whose keys are user
// input (a digest choice keyed "constructor" reached the marshaller), and JSON bodies that are
// not UTF-8 (stored with U+FFFD in place of what was sent).

/** Where a body schema takes a map (an object with free keys), as property paths. */
export function mapPaths(
  schema: JsonSchema,
  components: Record<string, JsonSchema>,
  path: string[] = [],
  depth = 0,
): { path: string[]; values: JsonSchema }[] {
  if (depth > 8) return [];
  if (schema.$ref) {
    const target = components[schema.$ref.split('/').at(-1) ?? ''];
    return target ? mapPaths(target, components, path, depth + 1) : [];
  }
  const parts = [...(schema.oneOf ?? []), ...(schema.anyOf ?? []), ...(schema.allOf ?? [])];
  const found = parts.flatMap((s) => mapPaths(s, components, path, depth + 1));
  const properties = Object.entries(schema.properties ?? {});
  if (properties.length === 0 && typeof schema.additionalProperties === 'object') {
    found.push({ path, values: schema.additionalProperties });
  }
  for (const [key, s] of properties) found.push(...mapPaths(s, components, [...path, key], depth + 1));
  const unique = new Map(found.map((m) => [m.path.join('.'), m]));
  return [...unique.values()];
}

/** Keys that name something every object has, or nothing real. */
export const MAP_KEYS: readonly string[] = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'tostring',
  'hasOwnProperty',
  'hasownproperty',
  'valueOf',
  '__defineGetter__',
  '',
  ' ',
  'no-such-platform',
  'a'.repeat(300),
  'a.b',
  '$',
  '#pk',
  ':v',
];

/** A map's JSON text with these entries, keys spelled as given (an object literal could not). */
export function mapText(entries: readonly (readonly [string, string])[]): string {
  return `{${entries.map(([key, valueText]) => `${JSON.stringify(key)}:${valueText}`).join(',')}}`;
}

type JsonObject = Record<string, unknown>;
const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A JSON text of the body with the map's text at `path` (objects made on the way if missing). */
export function withMapAt(body: unknown, path: readonly string[], map: string): string {
  if (path.length === 0) return map;
  const marker = '@@fuzz-map@@';
  const root: JsonObject = isObject(body) ? structuredClone(body) : {};
  let node = root;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    const child: JsonObject = isObject(next) ? next : {};
    node[key] = child;
    node = child;
  }
  node[path.at(-1)!] = marker;
  return JSON.stringify(root).replace(`"${marker}"`, () => map);
}

/** Byte sequences that are not UTF-8: lone continuation, truncated, overlong, surrogate, past U+10FFFF, never-used bytes. */
export const INVALID_UTF8: readonly (readonly number[])[] = [
  [0x80],
  [0xbf],
  [0xc3],
  [0xe3, 0x81],
  [0xc0, 0xaf],
  [0xe0, 0x80, 0xaf],
  [0xed, 0xa0, 0x80],
  [0xed, 0xbf, 0xbf],
  [0xf4, 0x90, 0x80, 0x80],
  [0xfe],
  [0xff],
];

/**
 * A JSON text's bytes with an invalid sequence put at the start of one of its string values
 * (`at`, 0..1, picks which), so that the rest of the body stays as valid as it was: a lenient
 * decoder would read it as U+FFFD there and the body would pass validation.
 */
export function withInvalidUtf8(text: string, at: number, bad: readonly number[]): Uint8Array {
  const starts = [...text.matchAll(/[:[,]"/g)].map((m) => m.index + 2);
  const i = starts.length > 0 ? starts[Math.min(starts.length - 1, Math.floor(at * starts.length))]! : 0;
  const bytes = Buffer.from(text, 'utf8');
  const cut = Buffer.byteLength(text.slice(0, i), 'utf8');
  return new Uint8Array(Buffer.concat([bytes.subarray(0, cut), Buffer.from(bad), bytes.subarray(cut)]));
}

export const invalidUtf8Arb = fc.constantFrom(...INVALID_UTF8);
