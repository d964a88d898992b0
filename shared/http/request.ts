// Reading an API Gateway HTTP API (payload v2) request safely: correlation ID, Idempotency-Key, the JSON body
// (media type, size, syntax, prototype-pollution keys) and zod validation with dotted field paths.
import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import { PayloadTooLarge, UnsupportedMediaType, ValidationError, type FieldIssue } from '#shared/errors';

export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

type Headers = Record<string, string | undefined>;

const CORRELATION_ID = /^[A-Za-z0-9._:/+=-]{1,128}$/;
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,128}$/;
const JSON_MEDIA_TYPE = /^application\/(?:[a-z0-9.+-]+\+)?json$/;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * The caller's `x-correlation-id` when it is well formed (so a trace can span the portal and the API),
 * else API Gateway's request ID, else Lambda's, else a fresh UUID.
 */
export function correlationIdOf(
  event: { headers?: Headers; requestContext?: { requestId?: string } },
  awsRequestId?: string,
): string {
  const header = event.headers?.['x-correlation-id'];
  if (header !== undefined && CORRELATION_ID.test(header)) return header;
  return event.requestContext?.requestId || awsRequestId || randomUUID();
}

/**
 * The `Idempotency-Key` header, if sent: visible ASCII, 1–128 characters. Storage of keys is not done here.
 * @throws ValidationError for a malformed key.
 */
export function idempotencyKeyOf(headers: Headers | undefined): string | undefined {
  const key = headers?.['idempotency-key'];
  if (key === undefined) return undefined;
  if (!IDEMPOTENCY_KEY.test(key)) {
    throw new ValidationError('the Idempotency-Key header is malformed', [
      {
        path: 'headers.idempotency-key',
        message: 'must be 1 to 128 printable ASCII characters without spaces',
      },
    ]);
  }
  return key;
}

/**
 * The request body as parsed JSON, or undefined when there is none. Expects lower-cased header names.
 * @throws UnsupportedMediaType, PayloadTooLarge, ValidationError (MALFORMED_JSON, FORBIDDEN_KEY)
 */
export function readJsonBody(
  event: { body?: string; isBase64Encoded?: boolean; headers?: Headers },
  maxBytes = DEFAULT_MAX_BODY_BYTES,
): unknown {
  const raw = event.body;
  if (raw === undefined || raw === null || raw === '') return undefined;

  if (!isJsonContentType(event.headers?.['content-type'])) {
    throw new UnsupportedMediaType('the request body must be JSON (content-type: application/json)');
  }
  // Checked on the encoded length first so a huge base64 body is never decoded.
  const bytes = event.isBase64Encoded ? Math.floor((raw.length * 3) / 4) : Buffer.byteLength(raw, 'utf8');
  if (bytes > maxBytes + 2) throw new PayloadTooLarge(`the request body exceeds ${maxBytes} bytes`);
  const text = event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  if (Buffer.byteLength(text, 'utf8') > maxBytes) {
    throw new PayloadTooLarge(`the request body exceeds ${maxBytes} bytes`);
  }

  let forbidden: string | undefined;
  let parsed: unknown;
  try {
    // The reviver sees every key after JSON escapes are decoded, so "\u005f_proto__" cannot slip past it.
    parsed = JSON.parse(text, (key: string, value: unknown) => {
      if (FORBIDDEN_KEYS.has(key)) forbidden ??= key;
      return value;
    });
  } catch (error) {
    const position = /position (\d+)/.exec((error as Error).message)?.[1];
    throw new ValidationError(
      position === undefined
        ? 'the request body is not valid JSON'
        : `the request body is not valid JSON (error at character ${position})`,
      [],
      'MALFORMED_JSON',
    );
  }
  if (forbidden !== undefined) {
    throw new ValidationError(
      'the request body contains a forbidden key',
      [{ path: forbidden, message: 'forbidden key' }],
      'FORBIDDEN_KEY',
    );
  }
  const illFormed = illFormedTextPaths(parsed);
  if (illFormed.length > 0) {
    throw new ValidationError(
      'the request body holds text that is not well-formed Unicode',
      illFormed.map((path) => ({ path, message: 'contains a lone surrogate (half of a UTF-16 pair)' })),
    );
  }
  return parsed;
}

// A JSON escape such as "\ud800" parses to half a UTF-16 pair, which UTF-8 (DynamoDB's encoding) cannot hold.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Dotted paths of the keys and strings with a lone surrogate; iterative, as bodies may nest 10k deep. */
function illFormedTextPaths(root: unknown): string[] {
  const found: string[] = [];
  const pending: { value: unknown; path: string }[] = [{ value: root, path: '' }];
  while (pending.length > 0 && found.length < 20) {
    const { value, path } = pending.pop()!;
    if (typeof value === 'string') {
      if (LONE_SURROGATE.test(value)) found.push(path);
    } else if (Array.isArray(value)) {
      value.forEach((child, i) => pending.push({ value: child, path: dotted(path, [String(i)]) }));
    } else if (value !== null && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        const at = dotted(path, [key]);
        if (LONE_SURROGATE.test(key)) found.push(at);
        else pending.push({ value: child, path: at });
      }
    }
  }
  return found;
}

function isJsonContentType(header: string | undefined): boolean {
  if (header === undefined) return false;
  const [mediaType = '', ...parameters] = header.split(';').map((part) => part.trim().toLowerCase());
  if (!JSON_MEDIA_TYPE.test(mediaType)) return false;
  // JSON exchanged between systems must be UTF-8 (RFC 8259 §8.1); any other declared charset is refused.
  return parameters.every((p) => !p.startsWith('charset=') || /^charset="?utf-8"?$/.test(p));
}

/** Converts zod issues to field issues with dotted paths; an unknown key becomes one issue on its own path. */
export function toFieldIssues(issues: readonly z.core.$ZodIssue[], prefix = ''): FieldIssue[] {
  const result: FieldIssue[] = [];
  for (const issue of issues) {
    const base = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys)
        result.push({ path: dotted(prefix, [...base, key]), message: 'unknown field' });
    } else {
      result.push({ path: dotted(prefix, base), message: issue.message });
    }
  }
  return result;
}

function dotted(prefix: string, segments: string[]): string {
  return [prefix, ...segments].filter((s) => s !== '').join('.');
}

/**
 * Parses one input part; returns its issues instead of throwing, so that every problem in the request can
 * be reported at once (一次性告知).
 */
export async function parsePart<S extends z.ZodType>(
  schema: S,
  value: unknown,
  prefix: string,
): Promise<{ ok: true; value: z.output<S> } | { ok: false; issues: FieldIssue[] }> {
  const result = await schema.safeParseAsync(value);
  return result.success
    ? { ok: true, value: result.data }
    : { ok: false, issues: toFieldIssues(result.error.issues, prefix) };
}

/**
 * Throws when an input schema lets unknown fields through anywhere (a `z.object` or `z.looseObject` instead
 * of `z.strictObject`). Records stay allowed: their keys are data. Run when a handler is defined, so a
 * lenient schema fails in the first test rather than in production.
 */
export function assertStrictSchema(schema: z.ZodType, label: string): void {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  const lenient: string[] = [];
  walkSchema(json, '', (node, at) => {
    if (node.properties !== undefined && node.additionalProperties !== false) lenient.push(at || '(root)');
  });
  if (lenient.length > 0) {
    throw new Error(`${label} accepts unknown fields at ${lenient.join(', ')}: use z.strictObject`);
  }
}

type JsonSchema = {
  [key: string]: unknown;
  properties?: Record<string, JsonSchema>;
  additionalProperties?: unknown;
};

const SCHEMA_MAPS = ['properties', '$defs', 'patternProperties', 'dependentSchemas'];
const SCHEMA_VALUES = [
  'items',
  'additionalProperties',
  'unevaluatedProperties',
  'propertyNames',
  'contains',
  'not',
  'if',
  'then',
  'else',
];
const SCHEMA_LISTS = ['anyOf', 'allOf', 'oneOf', 'prefixItems'];

function walkSchema(node: unknown, at: string, visit: (node: JsonSchema, at: string) => void): void {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return;
  const schema = node as JsonSchema;
  visit(schema, at);
  for (const key of SCHEMA_MAPS) {
    const map = schema[key];
    if (map !== null && typeof map === 'object') {
      for (const [name, child] of Object.entries(map)) {
        walkSchema(child, key === 'properties' ? dotted(at, [name]) : dotted(at, [`${key}:${name}`]), visit);
      }
    }
  }
  for (const key of SCHEMA_VALUES) walkSchema(schema[key], dotted(at, key === 'items' ? ['*'] : []), visit);
  for (const key of SCHEMA_LISTS) {
    const list = schema[key];
    if (Array.isArray(list)) for (const child of list) walkSchema(child, at, visit);
  }
}
