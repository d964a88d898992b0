// Pagination cursors: opaque and tamper-evident. A cursor is the position after the last item a caller was
// given (DynamoDB's key of that item), sealed with AES-256-GCM under the platform's cursor key (cursor-key.ts):
// the caller can neither read the key inside nor change it, and the seal is bound to the list it continues (the
// query: index, partition, conditions) and to the caller it was issued to, so a cursor replayed on another list
// or by another user is refused with 400 like a forged one. Coming back, the key is also checked against the
// query's partition and key attributes, so even a cursor key that leaked could not read elsewhere.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { ValidationError } from '#shared/errors';

const maxCursorLength = 2048;
const version = 'v1';
const ivBytes = 12;
const tagBytes = 16;

export type StartKey = Record<string, string>;

export interface CursorExpectation {
  /** Exactly the key attributes the query's LastEvaluatedKey holds. */
  attributes: readonly string[];
  /** The partition the query reads: the cursor must point into it. */
  partition: { attribute: string; value: string };
  /** What the cursor is bound to: the query it continues and the caller (see `cursorBinding`). */
  binding: string;
}

/** The list and the caller a cursor belongs to, as authenticated (not encrypted) data of the seal. */
export function cursorBinding(query: unknown, caller: string | undefined): string {
  return JSON.stringify({ query, caller: caller ?? null });
}

/** Seals a JSON object (a position) under the key, bound to `binding`. */
export function sealValue(value: Record<string, unknown>, binding: string, key: Uint8Array): string {
  const iv = randomBytes(ivBytes);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(`${version}\u0000${binding}`, 'utf8'));
  const sealed = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  return `${version}.${Buffer.concat([iv, sealed, cipher.getAuthTag()]).toString('base64url')}`;
}

/** Seals the key of the last item returned; undefined when there is no further page. */
export function sealCursor(
  position: Record<string, unknown> | undefined,
  binding: string,
  key: Uint8Array,
): string | undefined {
  return position ? sealValue(position, binding, key) : undefined;
}

const invalidCursor = (message: string) =>
  new ValidationError('Invalid cursor', [{ path: 'cursor', message }], 'INVALID_CURSOR');
const notOurs = () => invalidCursor('not a cursor issued by this API for this list');

/**
 * The object a sealed value holds, with string values only.
 * @throws ValidationError `INVALID_CURSOR` (400) for anything but an untouched value sealed for `binding`
 */
export function openValue(cursor: string, binding: string, key: Uint8Array): Record<string, string> {
  const [prefix, body, ...rest] = cursor.split('.');
  if (
    cursor.length > maxCursorLength ||
    prefix !== version ||
    body === undefined ||
    rest.length > 0 ||
    !/^[A-Za-z0-9_-]+$/.test(body)
  ) {
    throw notOurs();
  }
  const bytes = Buffer.from(body, 'base64url');
  // Only the canonical text of the bytes: base64's last character may carry unused bits, and a cursor whose
  // text was changed must be refused even where its bytes were not.
  if (bytes.length < ivBytes + tagBytes + 2 || bytes.toString('base64url') !== body) throw notOurs();
  let plain: string;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, ivBytes));
    decipher.setAAD(Buffer.from(`${version}\u0000${binding}`, 'utf8'));
    decipher.setAuthTag(bytes.subarray(bytes.length - tagBytes));
    plain = Buffer.concat([
      decipher.update(bytes.subarray(ivBytes, bytes.length - tagBytes)),
      decipher.final(),
    ]).toString('utf8');
  } catch {
    throw notOurs(); // modified, forged, of another list or caller, or sealed under another key
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(plain);
  } catch {
    throw notOurs();
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw notOurs();
  const entries = Object.entries(parsed);
  if (entries.some(([, value]) => typeof value !== 'string' || value.length === 0 || value.length > 2048)) {
    throw notOurs();
  }
  return parsed as Record<string, string>;
}

/** @throws ValidationError `INVALID_CURSOR` (400) for anything but an untouched cursor of this list and caller */
export function openCursor(cursor: string, expected: CursorExpectation, key: Uint8Array): StartKey {
  const position = openValue(cursor, expected.binding, key);
  const names = Object.keys(position).sort();
  const wanted = [...expected.attributes].sort();
  if (names.length !== wanted.length || names.some((name, i) => name !== wanted[i])) {
    throw invalidCursor('not a cursor for this list');
  }
  if (position[expected.partition.attribute] !== expected.partition.value) {
    throw invalidCursor('not a cursor for this list');
  }
  return position;
}
