// fast-check arbitraries from the routes' zod schemas, and the hostile mutations the fuzz suite applies to
// them. zod-fast-check would be the usual tool but supports only zod 3 and fast-check 3 (its peer ranges);
// the project runs zod 4 and fast-check 4. So schemas go through zod 4's own `z.toJSONSchema` (the same
// conversion the OpenAPI document uses) and a small JSON Schema → arbitrary builder covering what our
// schemas use: objects (strict and records), arrays, enums, strings with patterns, lengths and formats,
// integers, numbers, booleans, unions and $refs. Refinements (superRefine) are not in JSON Schema, so
// generated values are "valid-shaped": they pass every field rule and may still fail a cross-field rule.
import fc from 'fast-check';
import * as z from 'zod';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonSchema = { [key: string]: unknown };

/** A valid-shaped value for the schema's input side. */
export function arbitraryFor(schema: z.ZodType): fc.Arbitrary<Json> {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  const defs = (json.$defs ?? {}) as Record<string, JsonSchema>;
  return fromJsonSchema(json, defs, 0);
}

/** The same for a query string or path parameters: every value as the string API Gateway would pass. */
export function stringRecordFor(schema: z.ZodType): fc.Arbitrary<Record<string, string>> {
  return arbitraryFor(schema).map((value) =>
    Object.fromEntries(
      Object.entries((value ?? {}) as Record<string, Json>).map(([k, v]) => [
        k,
        typeof v === 'string' ? v : JSON.stringify(v),
      ]),
    ),
  );
}

const maxDepth = 8;
const calendarFrom = new Date('2019-01-01T00:00:00.000Z');
const calendarTo = new Date('2030-12-31T23:59:59.999Z');
const singleLineText = '^[^\\p{Cc}]*$';

function fromJsonSchema(
  schema: JsonSchema,
  defs: Record<string, JsonSchema>,
  depth: number,
): fc.Arbitrary<Json> {
  if (depth > maxDepth) return fc.constant(null);
  const next = (child: unknown) => fromJsonSchema((child ?? {}) as JsonSchema, defs, depth + 1);

  if (typeof schema.$ref === 'string') {
    const name = schema.$ref.replace(/^#\/\$defs\//, '');
    const target = defs[name];
    if (!target) throw new Error(`arbitraryFor: unknown $ref ${schema.$ref}`);
    return fc.constant(null).chain(() => fromJsonSchema(target, defs, depth + 1));
  }
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as Json[]));
  if ('const' in schema) return fc.constant(schema.const as Json);
  for (const key of ['anyOf', 'oneOf'] as const) {
    if (Array.isArray(schema[key])) return fc.oneof(...(schema[key] as unknown[]).map(next));
  }
  if (Array.isArray(schema.allOf) && schema.allOf.length > 0) return next(schema.allOf[0]);

  const type = Array.isArray(schema.type) ? (schema.type[0] as string) : (schema.type as string | undefined);
  switch (type) {
    case 'string':
      return stringArbitrary(schema);
    case 'integer': {
      const min = Math.max(Number(schema.minimum ?? -1e9), Number.MIN_SAFE_INTEGER);
      const max = Math.min(Number(schema.maximum ?? 1e9), Number.MAX_SAFE_INTEGER);
      return fc.oneof(
        fc.bigInt({ min: BigInt(Math.ceil(min)), max: BigInt(Math.floor(max)) }).map(Number),
        fc.constantFrom(Math.ceil(min), Math.floor(max)),
      );
    }
    case 'number': {
      const exclusive = typeof schema.exclusiveMinimum === 'number';
      return fc.double({
        min: Number(schema.exclusiveMinimum ?? schema.minimum ?? -1e12),
        max: Number(schema.maximum ?? 1e12),
        minExcluded: exclusive,
        noNaN: true,
        noDefaultInfinity: true,
      });
    }
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const minLength = Number(schema.minItems ?? 0);
      const maxLength = Math.min(Number(schema.maxItems ?? 8), Math.max(minLength, 8));
      const items = next(schema.items);
      const full = Number(schema.maxItems ?? 0);
      // Now and then exactly as many items as allowed: limits that hold one by one may not hold together.
      return full > maxLength && full <= 100
        ? fc.oneof(
            { weight: 5, arbitrary: fc.array(items, { minLength, maxLength }) },
            { weight: 1, arbitrary: fc.array(items, { minLength: full, maxLength: full }) },
          )
        : fc.array(items, { minLength, maxLength });
    }
    case 'object':
      return objectArbitrary(schema, next);
    default:
      return fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>;
  }
}

function objectArbitrary(
  schema: JsonSchema,
  next: (child: unknown) => fc.Arbitrary<Json>,
): fc.Arbitrary<Json> {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  if (Object.keys(properties).length > 0) {
    const model = Object.fromEntries(Object.entries(properties).map(([name, child]) => [name, next(child)]));
    return fc.record(model, { requiredKeys: (schema.required ?? []) as string[] }) as fc.Arbitrary<Json>;
  }
  if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
    const keys = schema.propertyNames
      ? next(schema.propertyNames)
      : fc.string({ minLength: 1, maxLength: 12 });
    return fc.dictionary(
      keys.filter((k): k is string => typeof k === 'string'),
      next(schema.additionalProperties),
      { maxKeys: 6 },
    ) as fc.Arbitrary<Json>;
  }
  return fc.constant({});
}

function stringArbitrary(schema: JsonSchema): fc.Arbitrary<Json> {
  const minLength = Number(schema.minLength ?? 0);
  const maxLength = Number(schema.maxLength ?? 64);
  const fits = (s: string) => s.length >= minLength && s.length <= maxLength;
  if (schema.format === 'date') {
    return fc
      .date({ min: calendarFrom, max: calendarTo, noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
  }
  if (schema.format === 'date-time') {
    return fc.date({ min: calendarFrom, max: calendarTo, noInvalidDate: true }).map((d) => d.toISOString());
  }
  const pattern = typeof schema.pattern === 'string' ? schema.pattern : undefined;
  const longest = longestStrings(pattern, minLength, maxLength);
  const withLongest = (arbitrary: fc.Arbitrary<string>): fc.Arbitrary<Json> =>
    longest.length > 0
      ? fc.oneof({ weight: 5, arbitrary }, { weight: 1, arbitrary: fc.constantFrom(...longest) })
      : arbitrary;
  if (pattern === singleLineText || pattern === undefined) {
    // Free text: any Unicode, CJK and emoji included, without control characters (which the schema refuses).
    const text = fc.oneof(
      fc.string({ unit: 'grapheme', minLength, maxLength: Math.min(maxLength, 40) }),
      fc.string({
        unit: fc.constantFrom(...'一窗受理并联审批限时办结用地规划施工许可 ·、，。'),
        minLength,
        maxLength: Math.min(maxLength, 40),
      }),
    );
    const regex = pattern ? new RegExp(pattern, 'u') : undefined;
    return withLongest(
      text.map((s) => s.slice(0, maxLength)).filter((s) => fits(s) && (!regex || regex.test(s))),
    );
  }
  const regex = new RegExp(pattern, 'u');
  return withLongest(
    fc
      .stringMatching(new RegExp(pattern))
      .map((s) => (s.length > maxLength ? s.slice(0, maxLength) : s))
      .filter((s) => fits(s) && regex.test(s)),
  );
}

/**
 * Strings of exactly the maximum length the schema allows, made of characters that are costly downstream:
 * ones JSON escapes (`"`, `\`), CJK (3 bytes in UTF-8), emoji (2 UTF-16 units, 4 bytes). Only those the
 * pattern accepts.
 */
function longestStrings(pattern: string | undefined, minLength: number, maxLength: number): string[] {
  if (maxLength > 100_000 || maxLength < Math.max(minLength, 1)) return [];
  const regex = pattern === undefined ? undefined : new RegExp(pattern, 'u');
  const candidates = ['a', 'A', '0', '"', '\\', '界', '😀'].map((unit) =>
    unit.repeat(Math.floor(maxLength / unit.length)),
  );
  return candidates.filter((s) => s.length >= minLength && (!regex || regex.test(s)));
}

// ---------------------------------------------------------------------------------------------------------
// Hostile values and mutations

/** Strings an attacker or a broken client sends. */
export const hostileStrings: readonly string[] = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\u202Eevil\u202C', // right-to-left override
  '\u200F\u200E\u061C', // RTL / LTR / Arabic letter marks
  '\uFEFF',
  '\ud800', // lone high surrogate
  '\udc00x', // lone low surrogate
  'x\ud83d', // emoji cut in half
  '👨‍👩‍👧‍👦🏳️‍🌈',
  '𠀀𪚥', // astral CJK
  '申请'.repeat(1000),
  'NaN',
  'Infinity',
  '-0',
  '1e309',
  '__proto__',
  'constructor',
  '../../etc/passwd',
  'app-1#STEP#intake-1',
  'APP#app-1',
  '%00',
  '<script>alert(1)</script>',
  "' OR '1'='1",
  '${jndi:ldap://x}',
  'a'.repeat(65),
  'b'.repeat(5000),
];

export const hostileNumbers: readonly number[] = [
  -0,
  0,
  -1,
  0.5,
  1e308,
  -1e308,
  Number.MAX_SAFE_INTEGER + 2,
  Number.MIN_VALUE,
  2 ** 31,
];

/** Any JSON value a hostile client might put anywhere. */
export const hostileValue: fc.Arbitrary<Json> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...hostileStrings) },
  { weight: 2, arbitrary: fc.constantFrom(...hostileNumbers) },
  {
    weight: 2,
    arbitrary: fc.constantFrom<Json>(null, true, false, [], {}, [[[]]], { a: { b: { c: {} } } }, [
      'x',
      1,
      null,
    ]),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json> },
);

const hostileKeys = [
  '__proto__',
  'constructor',
  'prototype',
  'unknownField',
  'version',
  'status',
  'enterpriseId',
  '',
  '\u0000',
  '申请',
];

export type Mutation =
  | { op: 'replace'; at: number; value: Json }
  | { op: 'delete'; at: number }
  | { op: 'add-key'; at: number; key: string; value: Json }
  | { op: 'wrap'; at: number }
  | { op: 'stringify'; at: number };

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({ op: fc.constant('replace' as const), at: fc.nat(), value: hostileValue }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('delete' as const), at: fc.nat() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('add-key' as const),
      at: fc.nat(),
      key: fc.oneof(fc.constantFrom(...hostileKeys), fc.string({ maxLength: 10 })),
      value: hostileValue,
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('wrap' as const), at: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('stringify' as const), at: fc.nat() }) },
);

/**
 * Applies the mutation at one node of the value (chosen by `at` among all nodes, root included), on a copy.
 * Keys such as `__proto__` are set as own properties, as JSON.parse would make them.
 */
export function mutate(value: Json, m: Mutation): Json {
  const copy = structuredClone(value);
  const nodes: { parent: Json[] | { [key: string]: Json } | undefined; key: string | number }[] = [
    { parent: undefined, key: '' },
  ];
  const walk = (node: Json) => {
    if (node === null || typeof node !== 'object') return;
    for (const [key, child] of Object.entries(node)) {
      nodes.push({ parent: node, key: Array.isArray(node) ? Number(key) : key });
      walk(child);
    }
  };
  walk(copy);
  const { parent, key } = nodes[m.at % nodes.length]!;
  const current: Json = parent === undefined ? copy : (parent as Record<string | number, Json>)[key]!;
  const put = (replacement: Json): Json => {
    if (parent === undefined) return replacement;
    Object.defineProperty(parent, key, {
      value: replacement,
      enumerable: true,
      writable: true,
      configurable: true,
    });
    return copy;
  };
  switch (m.op) {
    case 'replace':
      return put(m.value);
    case 'delete':
      if (parent === undefined) return null;
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete parent[key as string];
      return copy;
    case 'add-key': {
      const target =
        current !== null && typeof current === 'object' && !Array.isArray(current) ? current : undefined;
      if (!target) return put({ [m.key]: m.value } as Json);
      Object.defineProperty(target, m.key, {
        value: m.value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
      return copy;
    }
    case 'wrap':
      return put([current]);
    case 'stringify':
      return put(JSON.stringify(current) ?? 'undefined');
  }
}

/** `depth` nested arrays: `[[[...]]]`. */
export function deepArrayJson(depth: number): string {
  return `${'['.repeat(depth)}${']'.repeat(depth)}`;
}

/** `depth` nested objects: `{"a":{"a":...}}`. */
export function deepObjectJson(depth: number): string {
  return `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}
