// Idempotent HTTP operations (`Idempotency-Key`), one mechanism for every route that changes something: the
// first response of an operation is stored with Powertools idempotency, and a replay (same caller, same route,
// same key, same request) answers with it without running the operation again. The store is a Powertools
// persistence layer the caller provides (shared/data/idempotency-store.ts keeps records in the single table).
//
// Rules, in the order they apply:
// - Key = operation + caller (user id) + the header's value; the request (path parameters, query, body) is
//   hashed for payload validation: the same key with another request → 409 IDEMPOTENCY_KEY_REUSED.
// - Only successes are stored. An operation that throws (a 4xx domain error, a 5xx) wrote nothing it could
//   replay: its record is deleted and the same key may be tried again.
// - A replay while the first request is still running waits for it (polling the record with backoff) and
//   answers with its response. If the first one fails meanwhile, the waiting request takes the key over and
//   runs the operation itself. Still running when this invocation has 2 s left → 409 IDEMPOTENCY_IN_PROGRESS.
// - Records live 24 hours (`expiresAfterSeconds`), long enough for any client's retries.
import {
  IdempotencyAlreadyInProgressError,
  IdempotencyConfig,
  IdempotencyInconsistentStateError,
  IdempotencyItemNotFoundError,
  IdempotencyRecordStatus,
  IdempotencyValidationError,
  makeIdempotent,
} from '@aws-lambda-powertools/idempotency';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import type { JSONValue } from '@aws-lambda-powertools/commons/types';
import type { Context } from 'aws-lambda';
import { Conflict } from '#shared/errors';

/** Where idempotency records are kept: any Powertools persistence layer. */
export type IdempotencyStore = BasePersistenceLayer;

/** What is stored of a response, and replayed: the status, the JSON body and the operation's own headers. */
export interface StoredResponse {
  status: number;
  body?: JSONValue;
  headers?: Record<string, string>;
  /** A body that is not JSON (a CSV export), instead of `body`. */
  text?: { body: string; contentType: string };
}

export interface IdempotentRequest {
  /** The operation, e.g. 'decideIntake'. Keys of different operations never meet. */
  operation: string;
  /** Who calls: a key belongs to one caller. */
  caller: string;
  /** The `Idempotency-Key` header. */
  key: string;
  /** What a replay must repeat exactly: path parameters, query and body as sent. */
  request: { params: JSONValue; query: JSONValue; body: JSONValue };
}

export interface IdempotencyOptions {
  /** The invocation's context: its remaining time bounds both the in-progress lock and the wait. @default 10 s */
  context?: Context | undefined;
  /** @default 86400 (24 hours) */
  expiresAfterSeconds?: number;
}

export interface IdempotentOutcome {
  response: StoredResponse;
  /** True when the response is a stored one: the operation did not run this time. */
  replayed: boolean;
}

export const DEFAULT_EXPIRES_AFTER_SECONDS = 24 * 60 * 60;
/** One prefix for every operation (the operation is part of the hashed key): see `runIdempotent`. */
const KEY_PREFIX = 'http';
/** Time left to answer after giving up waiting. */
const WAIT_MARGIN_MS = 2_000;
/** Without a context (tests, scripts): as long as a Lambda with the stack's 10 s timeout could wait. */
const DEFAULT_REMAINING_MS = 10_000;

/**
 * Runs `operation` at most once per key: the first call runs it and stores its response; later calls with the
 * same key and request get that response (`replayed: true`).
 * @throws Conflict `IDEMPOTENCY_KEY_REUSED` (same key, different request), `IDEMPOTENCY_IN_PROGRESS`
 * @throws whatever `operation` throws (then nothing is stored)
 */
export async function runIdempotent(
  store: IdempotencyStore,
  request: IdempotentRequest,
  operation: () => Promise<StoredResponse>,
  options: IdempotencyOptions = {},
): Promise<IdempotentOutcome> {
  const payload: JSONValue = {
    scope: { operation: request.operation, caller: request.caller, key: request.key },
    request: request.request,
  };
  // The invocation's deadline also bounds the in-progress lock: a request that dies holding a key frees it then.
  const deadline = Date.now() + (options.context?.getRemainingTimeInMillis() ?? DEFAULT_REMAINING_MS);
  const lambdaContext = { getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()) } as Context;
  const waitUntil = deadline - WAIT_MARGIN_MS;

  for (;;) {
    let ran = false;
    // A fresh config per call: it carries this invocation's context. The store keeps the settings of its
    // first configuration, which every call here shares, and one key prefix, so concurrent invocations of
    // different operations on one store (the embedded runtime) cannot mix up their keys.
    const config = new IdempotencyConfig({
      eventKeyJmesPath: 'scope',
      payloadValidationJmesPath: 'request',
      throwOnNoIdempotencyKey: true,
      hashFunction: 'sha256',
      expiresAfterSeconds: options.expiresAfterSeconds ?? DEFAULT_EXPIRES_AFTER_SECONDS,
      lambdaContext,
    });
    const idempotent = makeIdempotent(
      async (_payload: JSONValue): Promise<JSONValue> => {
        ran = true;
        return toJson(await operation());
      },
      { persistenceStore: store, config, keyPrefix: KEY_PREFIX },
    );
    try {
      const response = (await idempotent(payload)) as unknown as StoredResponse;
      return { response, replayed: !ran };
    } catch (error) {
      if (error instanceof IdempotencyValidationError) throw keyReused();
      // The record vanished or expired between our claim and our read: claim again.
      const vanished =
        error instanceof IdempotencyItemNotFoundError || error instanceof IdempotencyInconsistentStateError;
      if (vanished && Date.now() < waitUntil) continue;
      if (vanished) throw inProgress();
      if (!(error instanceof IdempotencyAlreadyInProgressError)) throw error;
    }
    const settled = await awaitFirst(store, payload, waitUntil);
    if (settled !== undefined) return { response: settled, replayed: true };
    // The first request failed and its record is gone: this one claims the key and runs the operation.
  }
}

/**
 * Polls the record of a request in progress until it completes (its response), disappears (undefined: the first
 * request failed) or the wait runs out (409).
 */
async function awaitFirst(
  store: IdempotencyStore,
  payload: JSONValue,
  waitUntil: number,
): Promise<StoredResponse | undefined> {
  for (let attempt = 0; ; attempt++) {
    const delay = Math.min(400, 25 * 2 ** attempt) * (0.5 + Math.random() / 2);
    if (Date.now() + delay > waitUntil) throw inProgress();
    await new Promise((resolve) => setTimeout(resolve, delay));
    try {
      const record = await store.getRecord(payload);
      const status = record.getStatus();
      if (status === IdempotencyRecordStatus.COMPLETED)
        return record.getResponse() as unknown as StoredResponse;
      if (status === IdempotencyRecordStatus.EXPIRED) return undefined;
    } catch (error) {
      if (error instanceof IdempotencyItemNotFoundError) return undefined;
      if (error instanceof IdempotencyValidationError) throw keyReused();
      throw error;
    }
  }
}

function inProgress(): Conflict {
  return new Conflict(
    'A request with this Idempotency-Key is still in progress; try again shortly',
    'IDEMPOTENCY_IN_PROGRESS',
  );
}

function keyReused(): Conflict {
  return new Conflict(
    'This Idempotency-Key was already used for a different request',
    'IDEMPOTENCY_KEY_REUSED',
  );
}

/** The response as JSON (what a replay will see): undefined fields dropped, dates as strings. */
function toJson(response: StoredResponse): JSONValue {
  return JSON.parse(JSON.stringify(response)) as JSONValue;
}
