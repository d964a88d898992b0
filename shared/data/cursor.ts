// Opaque pagination cursors: base64url of DynamoDB's LastEvaluatedKey. A cursor coming back is checked
// against the query it continues (same key attributes, same partition), so it cannot read elsewhere.
import { ValidationError } from '#shared/errors';

const maxCursorLength = 2048;

export type StartKey = Record<string, string>;

export function encodeCursor(lastEvaluatedKey: Record<string, unknown> | undefined): string | undefined {
  if (!lastEvaluatedKey) return undefined;
  return Buffer.from(JSON.stringify(lastEvaluatedKey), 'utf8').toString('base64url');
}

export interface CursorExpectation {
  /** Exactly the key attributes the query's LastEvaluatedKey holds. */
  attributes: readonly string[];
  /** The partition the query reads: the cursor must point into it. */
  partition: { attribute: string; value: string };
}

export function decodeCursor(cursor: string, expected: CursorExpectation): StartKey {
  const invalid = (message: string) =>
    new ValidationError('Invalid cursor', [{ path: 'cursor', message }], 'INVALID_CURSOR');
  if (cursor.length === 0 || cursor.length > maxCursorLength || !/^[A-Za-z0-9_-]+$/.test(cursor)) {
    throw invalid('not a cursor issued by this API');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid('not a cursor issued by this API');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw invalid('not a cursor issued by this API');
  }
  const entries = Object.entries(parsed);
  const names = entries.map(([name]) => name).sort();
  const wanted = [...expected.attributes].sort();
  if (names.length !== wanted.length || names.some((name, i) => name !== wanted[i])) {
    throw invalid('not a cursor for this list');
  }
  if (entries.some(([, value]) => typeof value !== 'string' || value.length === 0 || value.length > 1024)) {
    throw invalid('not a cursor issued by this API');
  }
  const key = parsed as StartKey;
  if (key[expected.partition.attribute] !== expected.partition.value) {
    throw invalid('not a cursor for this list');
  }
  return key;
}
