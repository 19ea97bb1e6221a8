import fc from 'fast-check';

// Generators for HTTP fuzzing (test/integration/fuzz.test.ts): valid-ish values from the OpenAPI
// document's JSON Schemas, mutations of them, nasty strings, path segments, query strings,
// cursors and form fields; and the checks every answer must pass (no leak of internals).

// --- nasty strings and values -----------------------------------------------------------------

/** Pieces that break naive text handling: lone surrogates, NUL, bidi overrides, combining marks … */
export const UNICODE_PIECES: readonly string[] = [
  '\ud800',
  '\udfff',
  'a\ud83d',
  '\ude00b',
  '\u0000',
  'a\u0000b',
  '\u0007',
  '\u001b[31m',
  '\u007f',
  '\u202e',
  '\u202dabc\u202c',
  '\u2066x\u2069',
  '\u200f',
  'مرحبا',
  'שלום',
  'e\u0301',
  'a\u0300\u0301\u0302\u0303\u0304\u0305\u0306\u0307',
  '\u0301',
  '😀',
  '👨‍👩‍👧‍👦',
  '🇯🇵',
  '１２３',
  '０',
  '１e３',
  '－１',
  'ｱｲｳ',
  '\uff9e',
  'ｶﾞ',
  '\u3099',
  'ゟヿ',
  'タナカ\u3000メグミ',
  '𠮷',
  '\ufeff',
  '\u200b',
  '\u2028',
  '\u2029',
  '\u0085',
  '\u00a0',
  '\u3000',
  '\r\n',
  '\t',
  '%00',
  '%',
  '\\',
  '"',
  "'",
  '<script>alert(1)</script>',
  '</textarea><b>',
  `$${'{7*7}'}`,
  '{{7*7}}',
  '../..',
  '..%2F',
  'NaN',
  'Infinity',
  '-0',
  '1e999',
  'null',
  'undefined',
  '__proto__',
  'constructor',
  'prototype',
  'hasOwnProperty',
  'toString',
  'あ',
  '子ども食堂',
  '\ufffd',
  '\uffff',
  '\u{10ffff}',
];

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));

/** Short strings made of edge-case pieces, random graphemes and lone surrogates. */
export const unicodeEdge: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...UNICODE_PIECES) },
      fc.string({ maxLength: 6 }),
      fc.string({ unit: 'grapheme', maxLength: 4 }),
      fc.string({ unit: 'binary', maxLength: 4 }),
      fc.string({ unit: loneSurrogate, minLength: 1, maxLength: 2 }),
    ),
    { minLength: 1, maxLength: 6 },
  )
  .map((parts) => parts.join(''));

/** Strings around and beyond every limit, up to and over the 64 KB body limit. */
export const hugeString: fc.Arbitrary<string> = fc
  .record({
    length: fc.constantFrom(101, 121, 201, 255, 501, 1001, 2001, 4001, 16_000, 40_000, 66_000, 70_000),
    unit: fc.constantFrom('x', 'あ', '😀', ' ', 'e\u0301', '\\', '"', '\u0000'),
  })
  .map(({ length, unit }) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length));

/** Values of the wrong type for almost any field. */
export const wrongType: fc.Arbitrary<unknown> = fc.constantFrom<unknown>(
  null,
  true,
  false,
  0,
  -1,
  1.5,
  -0,
  1e308,
  -1e308,
  2 ** 53 + 2,
  Number.MIN_VALUE,
  '',
  ' ',
  '0',
  '1',
  'true',
  'null',
  [],
  {},
  [null],
  [[]],
  { '': '' },
  ['a', 1, null],
);

/** JSON texts whose parse has own `__proto__` / `constructor` keys (an object literal would not). */
const PROTO_JSON = [
  '{"__proto__":{"polluted":"yes"}}',
  '{"constructor":{"prototype":{"polluted":"yes"}}}',
  '{"prototype":{"polluted":"yes"}}',
  '{"__proto__":{"__proto__":{"polluted":"yes"}}}',
  '{"__proto__":[]}',
  '{"__proto__":null}',
  '{"__proto__":"polluted"}',
  '[{"__proto__":{"polluted":"yes"}}]',
];
export const protoValue: fc.Arbitrary<unknown> = fc.constantFrom(...PROTO_JSON).map((t) => JSON.parse(t));

/** Placeholder for a deeply nested JSON value, spliced in as text after serialising. */
export class Deep {
  constructor(
    readonly depth: number,
    readonly kind: 'array' | 'object' | 'mixed' | 'proto',
  ) {}

  text(): string {
    const d = this.depth;
    switch (this.kind) {
      case 'array':
        return `${'['.repeat(d)}${']'.repeat(d)}`;
      case 'object':
        return `${'{"a":'.repeat(d)}1${'}'.repeat(d)}`;
      case 'mixed':
        return `${'[{"x":'.repeat(d / 2)}null${'}]'.repeat(d / 2)}`;
      case 'proto':
        return `${'{"__proto__":'.repeat(d)}{"polluted":"yes"}${'}'.repeat(d)}`;
    }
  }
}

export const deepValue: fc.Arbitrary<Deep> = fc
  .record({
    depth: fc.constantFrom(64, 1000, 10_000, 100_000),
    kind: fc.constantFrom('array' as const, 'object' as const, 'mixed' as const, 'proto' as const),
  })
  .map(({ depth, kind }) => new Deep(depth, kind));

/** Anything a field should not hold. */
export const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: wrongType },
  { weight: 3, arbitrary: unicodeEdge },
  { weight: 1, arbitrary: hugeString },
  { weight: 2, arbitrary: protoValue },
  { weight: 1, arbitrary: deepValue },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.double({ noNaN: true }), fc.bigInt().map(String)) },
);

/** Keys an attacker likes: prototype pollution, server-owned fields, empty and odd names. */
export const nastyKey: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      '__proto__',
      'constructor',
      'prototype',
      'polluted',
      '',
      ' ',
      'toString',
      'hasOwnProperty',
      'valueOf',
      'id',
      'status',
      'platformId',
      'createdBy',
      'createdAt',
      'slotsUsed',
      'version',
      'role',
      'Title',
      'title ',
    ),
  },
  { weight: 1, arbitrary: unicodeEdge },
  { weight: 1, arbitrary: fc.string({ maxLength: 10 }) },
);

// --- valid-ish values from JSON Schema --------------------------------------------------------

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  propertyNames?: JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  allOf?: JsonSchema[];
  $ref?: string;
}

/** A better generator for a property, by its name (ids that exist, region codes, emails …). */
export type Hint = (key: string, schema: JsonSchema) => fc.Arbitrary<unknown> | undefined;

const SAMPLE_TEXT = [
  '子ども食堂の会場を探しています',
  '学習支援ボランティア',
  'テスト',
  'Community hall',
  '社員食堂を週末に開放します',
  'カワグチ',
];

const textArb = (min = 0, max = 200) =>
  fc
    .oneof(
      { weight: 2, arbitrary: fc.constantFrom(...SAMPLE_TEXT) },
      { weight: 2, arbitrary: fc.string({ minLength: Math.max(min, 1), maxLength: Math.min(max, 40) }) },
      { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: Math.min(max, 20) }) },
    )
    .map((s) => (s.length > max ? s.slice(0, max) : s));

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

function intArb(min = -1000, max = 1000): fc.Arbitrary<number> {
  const lo = Math.max(Math.ceil(min), -MAX_SAFE);
  const hi = Math.min(Math.floor(max), MAX_SAFE);
  const near = fc.integer({ min: lo, max: Math.min(hi, lo + 10) });
  const any =
    lo >= -(2 ** 31) && hi < 2 ** 31
      ? fc.integer({ min: lo, max: hi })
      : fc.bigInt({ min: BigInt(lo), max: BigInt(hi) }).map(Number);
  return fc.oneof({ weight: 3, arbitrary: near }, { weight: 1, arbitrary: any });
}

export const dateArb: fc.Arbitrary<string> = fc
  .record({
    y: fc.integer({ min: 2025, max: 2028 }),
    m: fc.integer({ min: 1, max: 12 }),
    d: fc.integer({ min: 1, max: 28 }),
  })
  .map(({ y, m, d }) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);

/** A value that mostly satisfies the schema (constraints zod adds beyond the schema may fail). */
export function schemaArb(
  schema: JsonSchema,
  components: Record<string, JsonSchema>,
  hint: Hint,
  key = '',
): fc.Arbitrary<unknown> {
  const hinted = hint(key, schema);
  if (hinted) return hinted;
  if (schema.$ref) {
    const target = components[schema.$ref.split('/').at(-1) ?? ''];
    return target ? schemaArb(target, components, hint, key) : fc.jsonValue({ maxDepth: 2 });
  }
  const alternatives = schema.oneOf ?? schema.anyOf;
  if (alternatives) return fc.oneof(...alternatives.map((s) => schemaArb(s, components, hint, key)));
  if (schema.allOf) {
    return fc
      .tuple(...schema.allOf.map((s) => schemaArb(s, components, hint, key)))
      .map((parts) => Object.assign({}, ...parts.filter((p) => typeof p === 'object' && p !== null)));
  }
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'object': {
      const entries = Object.entries(schema.properties ?? {});
      const extra = schema.additionalProperties;
      if (entries.length === 0 && typeof extra === 'object') {
        const keyArb = schema.propertyNames
          ? (schemaArb(schema.propertyNames, components, hint, `${key}[key]`) as fc.Arbitrary<string>)
          : ((hint(`${key}[key]`, {}) as fc.Arbitrary<string> | undefined) ??
            fc.string({ minLength: 1, maxLength: 8 }));
        return fc.dictionary(keyArb, schemaArb(extra, components, hint, `${key}[value]`), { maxKeys: 3 });
      }
      const model = Object.fromEntries(entries.map(([k, s]) => [k, schemaArb(s, components, hint, k)]));
      return fc.record(model, { requiredKeys: (schema.required ?? []) as never[] });
    }
    case 'array': {
      const min = schema.minItems ?? 0;
      const max = Math.min(schema.maxItems ?? min + 4, min + 4);
      return fc.uniqueArray(schemaArb(schema.items ?? {}, components, hint, key), {
        minLength: min,
        maxLength: max,
      });
    }
    case 'string': {
      if (schema.format === 'date') return dateArb;
      if (schema.format === 'date-time') return fc.date({ noInvalidDate: true }).map((d) => d.toISOString());
      if (schema.format === 'uri')
        return fc.constantFrom('https://example.jp/', 'http://kawaguchi.example.jp/event?id=1');
      if (schema.format === 'email') return fc.nat(99_999).map((n) => `fuzz-${n}@example.jp`);
      if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern));
      return textArb(schema.minLength, schema.maxLength);
    }
    case 'integer':
      return intArb(
        schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : undefined),
        schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - 1 : undefined),
      );
    case 'number': {
      const min =
        schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : -1e6);
      const max =
        schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - 1 : 1e6);
      return fc.oneof(intArb(min, max), fc.double({ min, max, noNaN: true, noDefaultInfinity: true }));
    }
    case 'boolean':
      return fc.boolean();
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

// --- mutations --------------------------------------------------------------------------------

export interface Mutation {
  at: number;
  op: 'replace' | 'delete' | 'add' | 'wrap';
  key: string;
  value: unknown;
}

export const mutationArb: fc.Arbitrary<Mutation> = fc.record({
  at: fc.nat(),
  op: fc.constantFrom('replace' as const, 'delete' as const, 'add' as const, 'wrap' as const),
  key: nastyKey,
  value: nastyValue,
});

/** Sets an own property, even `__proto__` (plain assignment would change the prototype instead). */
function setOwn(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function clone(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(clone);
  if (value !== null && typeof value === 'object' && !(value instanceof Deep)) {
    const out = {};
    for (const [k, v] of Object.entries(value)) setOwn(out, k, clone(v));
    return out;
  }
  return value;
}

type Slot = { parent: Record<string, unknown> | unknown[] | undefined; key: string | number };

function slotsOf(value: unknown, parent: Slot['parent'], key: Slot['key'], out: Slot[]): void {
  out.push({ parent, key });
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) slotsOf(v, value, i, out);
  } else if (value !== null && typeof value === 'object' && !(value instanceof Deep))
    for (const [k, v] of Object.entries(value)) slotsOf(v, value as Record<string, unknown>, k, out);
}

/** Applies mutations to a copy: replace, delete, add or wrap the value at one place in the tree. */
export function mutate(base: unknown, mutations: readonly Mutation[]): unknown {
  let root = clone(base);
  for (const m of mutations) {
    const slots: Slot[] = [];
    slotsOf(root, undefined, '', slots);
    const slot = slots[m.at % slots.length]!;
    const current = slot.parent === undefined ? root : (slot.parent as Record<string, unknown>)[slot.key];
    const put = (v: unknown) => {
      if (slot.parent === undefined) root = v;
      else if (Array.isArray(slot.parent)) slot.parent[slot.key as number] = v;
      else setOwn(slot.parent, slot.key as string, v);
    };
    switch (m.op) {
      case 'replace':
        put(m.value);
        break;
      case 'delete':
        if (slot.parent === undefined) root = undefined;
        else if (Array.isArray(slot.parent)) slot.parent.splice(slot.key as number, 1);
        else delete slot.parent[slot.key as string];
        break;
      case 'add':
        if (Array.isArray(current)) current.push(m.value);
        else if (current !== null && typeof current === 'object' && !(current instanceof Deep))
          setOwn(current, m.key, m.value);
        else put(m.value);
        break;
      case 'wrap': {
        const wrapper = {};
        setOwn(wrapper, m.key, current);
        put(m.at % 2 === 0 ? [current] : wrapper);
        break;
      }
    }
  }
  return root;
}

/** JSON text of a value, with Deep placeholders spliced in as deeply nested text. */
export function toJsonText(value: unknown): string {
  const deep: Deep[] = [];
  const text =
    JSON.stringify(value, (_key, v) => {
      if (v instanceof Deep) {
        deep.push(v);
        return `@@deep:${deep.length - 1}@@`;
      }
      return typeof v === 'bigint' ? String(v) : v;
    }) ?? '';
  return text.replace(/"@@deep:(\d+)@@"/g, (_m, i: string) => deep[Number(i)]!.text());
}

// --- paths, queries, cursors ------------------------------------------------------------------

/** Percent-encodes a string for a URL; a lone surrogate becomes bytes that are not UTF-8. */
export function encodeLoose(raw: string): string {
  const s = sanitizeInput(raw);
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const next = s.charCodeAt(i + 1);
    if (c >= 0xd800 && c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      out += encodeURIComponent(s.slice(i, i + 2));
      i++;
    } else if (c >= 0xd800 && c <= 0xdfff) {
      out += '%ED%A0%80';
    } else {
      out += encodeURIComponent(s[i]!);
    }
  }
  return out;
}

const RAW_SEGMENTS = [
  '',
  '.',
  '..',
  '%2e%2e',
  '%2E',
  '%00',
  'a%00b',
  '%2F',
  '..%2F..%2Fetc%2Fpasswd',
  '%5C',
  '%',
  '%ZZ',
  '%E0%A4%A',
  '%C0%AF',
  '%ED%A0%80',
  '%EF%BC%91',
  '%E2%80%AE',
  'null',
  'undefined',
  '__proto__',
  'constructor',
  'prototype',
  '-1',
  '0',
  '1e308',
  'NaN',
  '%20',
  '+',
  '*',
  '%3Cscript%3E',
  'saitama',
  'Saitama',
  'p',
  'new',
  'edit',
  '01ARZ3NDEKTSV4RRFFQ69G5FAV',
  '01arz3ndektsv4rrffq69g5fav',
  '01ARZ3NDEKTSV4RRFFQ69G5FAVX',
  '01ARZ3NDEKTSV4RRFFQ69G5FA',
  '01ARZ3NDEKTSV4RRFFQ69G5FIL',
  '81ARZ3NDEKTSV4RRFFQ69G5FAV',
  '０１ＡＲＺ３ＮＤＥＫＴＳＶ４ＲＲＦＦＱ６９Ｇ５ＦＡＶ',
];

/** A path segment, already encoded: mostly a valid id, else anything an attacker might try. */
export function segmentArb(valid: readonly string[]): fc.Arbitrary<string> {
  const validArb = valid.length > 0 ? fc.constantFrom(...valid) : fc.ulid();
  return fc.oneof(
    { weight: 6, arbitrary: validArb },
    { weight: 1, arbitrary: fc.ulid() },
    { weight: 3, arbitrary: fc.constantFrom(...RAW_SEGMENTS) },
    { weight: 1, arbitrary: validArb.map((v) => v.toLowerCase()) },
    { weight: 1, arbitrary: validArb.map((v) => `${v}%00`) },
    { weight: 1, arbitrary: validArb.map((v) => `${v}%E2%80%AE`) },
    { weight: 2, arbitrary: unicodeEdge.map(encodeLoose) },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(41, 100, 2049, 5000, 20_000)
        .chain((n) => fc.constantFrom('A', 'a', '9', '%41', 'あ').map((u) => encodeLoose(u).repeat(n))),
    },
  );
}

/** A query string of up to a few names (known ones, pollution names, random) with nasty values. */
export function queryArb(names: readonly string[], value: fc.Arbitrary<string>): fc.Arbitrary<string> {
  const name = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...names, 'limit', 'cursor') },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '__proto__',
        '__proto__[polluted]',
        '__proto__.polluted',
        'constructor[prototype][polluted]',
        'limit[]',
        'cursor[]',
        '',
      ),
    },
    { weight: 1, arbitrary: unicodeEdge },
  );
  const pairs = fc
    .array(fc.tuple(name, value), { maxLength: 5 })
    .map((ps) => ps.map(([k, v]) => `${encodeLoose(k)}=${encodeLoose(v)}`).join('&'));
  return fc.oneof(
    { weight: 10, arbitrary: pairs },
    {
      weight: 1,
      arbitrary: fc.constantFrom('%', '&&&', '=', '==', 'a=%ZZ', 'limit=1&limit=2', 'limit', '?'),
    },
  );
}

/** Query values: numbers in odd notations, enum values, nasty strings. */
export function queryValueArb(known: readonly string[], cursors: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...known, '1', '20', '100') },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        '0',
        '-1',
        '101',
        '1.5',
        '1e2',
        '0x10',
        '２０',
        ' 5',
        '5 ',
        '',
        'NaN',
        '9'.repeat(400),
      ),
    },
    { weight: 2, arbitrary: cursors },
    { weight: 2, arbitrary: unicodeEdge },
    { weight: 1, arbitrary: hugeString.map((s) => s.slice(0, 9000)) },
  );
}

const b64 = (s: string | Uint8Array) => Buffer.from(s).toString('base64url');

/** Cursors: valid ones (from any list), tampered ones, forged ones and random bytes. */
export function cursorArb(valid: readonly string[]): fc.Arbitrary<string> {
  const validArb = fc.constantFrom(...valid);
  const split = (c: string) => {
    const i = c.indexOf('.');
    return i < 0 ? [c, ''] : [c.slice(0, i), c.slice(i + 1)];
  };
  const flip = (s: string, at: number, ch: string) => {
    if (s.length === 0) return ch;
    const i = at % s.length;
    return s.slice(0, i) + (s[i] === ch ? (ch === 'A' ? 'B' : 'A') : ch) + s.slice(i + 1);
  };
  const reencode = (c: string, change: (payload: Record<string, unknown>) => void) => {
    const [payload, mac] = split(c);
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8'));
    } catch {
      return c;
    }
    change(parsed);
    return `${b64(JSON.stringify(parsed))}.${mac}`;
  };
  const randomMac = fc
    .base64String({ minLength: 20, maxLength: 24 })
    .map((s) => s.replace(/[+/=]/g, '_').slice(0, 22));
  return fc.oneof(
    { weight: 3, arbitrary: validArb },
    {
      weight: 2,
      arbitrary: fc
        .tuple(validArb, fc.nat(), fc.constantFrom('A', '_', '-', '0', '.', '='))
        .map(([c, at, ch]) => flip(c, at, ch)),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(validArb, validArb).map(([a, b]) => `${split(a)[0]}.${split(b)[1]}`),
    },
    {
      weight: 2,
      arbitrary: fc.tuple(validArb, fc.constantFrom('s', 'k', 'both')).map(([c, what]) =>
        reencode(c, (p) => {
          if (what !== 'k') p.s = `${String(p.s)}x`;
          if (what !== 's') p.k = JSON.parse('{"__proto__":{"polluted":"yes"},"pk":"ORG#x"}');
        }),
      ),
    },
    {
      weight: 1,
      arbitrary: validArb
        .map((c) => fc.constantFrom(split(c)[0]!, `.${split(c)[1]}`, `${c}.x`, `${c}..`, ` ${c}`))
        .chain((a) => a),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(fc.base64String({ maxLength: 120 }), randomMac).map(([p, m]) => `${p}.${m}`),
    },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 80 }).map((bytes) => b64(bytes)) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom('null', '[]', '"x"', '{"s":1}', '{"k":null}', '{"s":"","k":{}}'), randomMac)
        .map(([json, mac]) => `${b64(json)}.${mac}`),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom('a'.repeat(2001), `${'a'.repeat(1990)}.${'b'.repeat(22)}`, '.', '..', ''),
    },
  );
}

// --- forms ------------------------------------------------------------------------------------

export interface FormField {
  name: string;
  values: string[];
}

/** Names that page forms turn into nested JSON (dotted) and names that try to pollute. */
export const POLLUTING_FIELD_NAMES: readonly string[] = [
  '__proto__',
  '__proto__.polluted',
  'constructor.prototype.polluted',
  'prototype.polluted',
  '__proto__[polluted]',
  '[__proto__][polluted]',
  'capacity.__proto__.polluted',
  'location.constructor.prototype.polluted',
  'serviceArea.__proto__',
  'contact.__proto__.polluted',
  'a.__proto__.b.polluted',
  'toString',
  'hasOwnProperty',
  '_proto',
  '',
  '.',
  '..',
  'capacity.',
  '.capacity',
  `${'a.'.repeat(1000)}b`,
  // 5,000+ levels once ran JSON.stringify out of stack (a 500); toBody now leaves such names out.
  `${'a.'.repeat(12_000)}b`,
];

export type FormEntry = [name: string, value: string];

interface FormMutation {
  at: number;
  op: 'value' | 'drop' | 'duplicate' | 'add';
  name: string;
  value: string;
}

const formValueArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: unicodeEdge },
  { weight: 1, arbitrary: hugeString },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '',
      ' ',
      '0',
      '-1',
      '１２',
      '1,000',
      '1e999',
      'on',
      'true',
      'off',
      '2026-02-30',
      'x',
    ),
  },
);

const formMutationArb: fc.Arbitrary<FormMutation> = fc.record({
  at: fc.nat(),
  op: fc.constantFrom('value' as const, 'drop' as const, 'duplicate' as const, 'add' as const),
  name: fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...POLLUTING_FIELD_NAMES) },
    { weight: 1, arbitrary: unicodeEdge },
  ),
  value: formValueArb,
});

/** A form's fields as the page offers them (one offered value each), then mutated. */
export function formEntriesArb(fields: readonly FormField[]): fc.Arbitrary<FormEntry[]> {
  const base: fc.Arbitrary<FormEntry[]> =
    fields.length === 0
      ? fc.constant([])
      : fc.tuple(
          ...fields.map((f) =>
            fc.constantFrom(...(f.values.length > 0 ? f.values : [''])).map((v): FormEntry => [f.name, v]),
          ),
        );
  const mutations = fc.oneof(
    { weight: 1, arbitrary: fc.constant([]) },
    { weight: 3, arbitrary: fc.array(formMutationArb, { minLength: 1, maxLength: 4 }) },
  );
  return fc.tuple(base, mutations).map(([entries, mutations]) => {
    const out = entries.map((e): FormEntry => [e[0], e[1]]);
    for (const m of mutations) {
      const i = out.length === 0 ? 0 : m.at % out.length;
      if (m.op === 'add' || out.length === 0) out.push([m.name, m.value]);
      else if (m.op === 'value') out[i]![1] = m.value;
      else if (m.op === 'drop') out.splice(i, 1);
      else out.push([out[i]![0], m.value]);
    }
    return out;
  });
}

export const encodeForm = (entries: readonly FormEntry[]) =>
  entries.map(([k, v]) => `${encodeLoose(k)}=${encodeLoose(v)}`).join('&');

/** The POST forms of an HTML page: action, and each field with the values the page offers. */
export function formsOf(html: string): { action: string; fields: FormField[] }[] {
  const forms: { action: string; fields: FormField[] }[] = [];
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    const attrs = m[1] ?? '';
    if (!/method="post"/i.test(attrs)) continue;
    const action = unescapeHtml(attrs.match(/action="([^"]*)"/)?.[1] ?? '');
    const body = m[2] ?? '';
    const byName = new Map<string, Set<string>>();
    const add = (name: string, value: string) => {
      if (!byName.has(name)) byName.set(name, new Set());
      byName.get(name)!.add(value);
    };
    for (const tag of body.matchAll(/<input\b([^>]*)>/g)) {
      const a = tag[1] ?? '';
      const name = a.match(/name="([^"]*)"/)?.[1];
      if (name === undefined) continue;
      const type = a.match(/type="([^"]*)"/)?.[1] ?? 'text';
      const value = unescapeHtml(a.match(/value="([^"]*)"/)?.[1] ?? '');
      add(unescapeHtml(name), type === 'checkbox' || type === 'radio' ? value || 'on' : value);
    }
    for (const sel of body.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/g)) {
      const name = sel[1]?.match(/name="([^"]*)"/)?.[1];
      if (name === undefined) continue;
      for (const opt of (sel[2] ?? '').matchAll(/<option\b[^>]*value="([^"]*)"/g))
        add(unescapeHtml(name), unescapeHtml(opt[1] ?? ''));
    }
    for (const ta of body.matchAll(/<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/g)) {
      const name = ta[1]?.match(/name="([^"]*)"/)?.[1];
      if (name !== undefined) add(unescapeHtml(name), unescapeHtml(ta[2] ?? ''));
    }
    forms.push({ action, fields: [...byName].map(([name, values]) => ({ name, values: [...values] })) });
  }
  return forms;
}

function unescapeHtml(s: string): string {
  return s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

// --- what no answer may contain ---------------------------------------------------------------

/** Internals that must never reach a client, by what they would give away. */
export const LEAKS: readonly (readonly [string, RegExp])[] = [
  ['stack trace', /(?:\n|\\n)\s*at \S|\bat (?:async )?[\w$.<>]+ \(.*:\d+:\d+\)/],
  ['file path', /\/work\/|\/home\/|node_modules|file:\/\/|(?<=[\w-])\.(?:tsx?|[cm]?js):\d+/],
  ['key attribute', /(?<![\w-])(?:pk|sk|gsi[1-4](?:pk|sk))(?![\w-])/],
  [
    'key value',
    /\b(?:PLATFORM|ORG|NEED|OFFER|MATCH|PERSON|EMAIL|SESSION|TOKEN|RATE|OUTBOX|SUPPRESSION|MEMBERSHIP|SECRETARIAT|MAGIC)#/,
  ],
  ['table', /\bTABLE(?:_NAME)?\b|\btableName\b|\bTableName\b/],
  [
    'AWS error',
    /ConditionalCheckFailed|TransactionCanceled|TransactionConflict|ValidationException|ResourceNotFound|ProvisionedThroughput|ThrottlingException|RequestLimitExceeded|SerializationException|UnrecognizedClient|\$metadata|httpStatusCode|DynamoDB|ExpressionAttribute|KeyConditionExpression|ConditionExpression|LastEvaluatedKey|ExclusiveStartKey|\bSES\b|MessageRejected/,
  ],
  [
    'JS error',
    /\b(?:TypeError|RangeError|ReferenceError|SyntaxError|ZodError|URIError|AggregateError)\b|Maximum call stack|Cannot read propert|is not a function|undefined is not|Unexpected token/,
  ],
];

// Signed cursors and session/CSRF tokens are random base64url: two-letter words such as `pk`
// are looked for only outside long runs of such characters. (Every pattern here is linear:
// answers echo strings of 70,000 characters.)
const OPAQUE = /[A-Za-z0-9_.-]{16,}/g;

/** The names of the leaks found in an answer's body, with a snippet of each. */
export function leaksIn(body: string, secrets: readonly string[] = []): string[] {
  const found: string[] = [];
  for (const [name, re] of LEAKS) {
    const text = name === 'key attribute' ? body.replace(OPAQUE, '…') : body;
    const m = re.exec(text);
    if (m) found.push(`${name}: …${text.slice(Math.max(0, m.index - 40), m.index + 60)}…`);
  }
  for (const s of secrets) if (s && body.includes(s)) found.push(`secret: ${s.slice(0, 8)}…`);
  return found;
}

const LEAKS_GLOBAL = LEAKS.map(([, re]) => new RegExp(re.source, 'g'));

/**
 * Removes from generated input whatever the leak check looks for, so an answer that merely
 * echoes the input back (a form showing what was typed) is not taken for a leak.
 */
export function sanitizeInput(s: string): string {
  let out = s;
  for (const re of LEAKS_GLOBAL) out = out.replace(re, (m) => 'x'.repeat(m.length));
  return out;
}
