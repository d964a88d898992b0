import {
  IdempotencyItemAlreadyExistsError,
  IdempotencyItemNotFoundError,
} from '@aws-lambda-powertools/idempotency';
import { BasePersistenceLayer, IdempotencyRecord } from '@aws-lambda-powertools/idempotency/persistence';
import { describe, expect, it, vi } from 'vitest';
import * as z from 'zod';
import type { Principal } from '#shared/auth/principal';
import { Conflict } from '#shared/errors';
import { httpHandler } from './handler.ts';
import { openApiDocument } from './openapi.ts';
import { runIdempotent, type IdempotentRequest, type StoredResponse } from './idempotency.ts';
import { apiEvent, invoke, lambdaContext } from '#test/support/http';

/** Records in memory, with the claim rule of the DynamoDB store: absent, expired, or in progress past its lock. */
class MemoryStore extends BasePersistenceLayer {
  readonly records = new Map<string, IdempotencyRecord>();

  protected async _getRecord(key: string): Promise<IdempotencyRecord> {
    const record = this.records.get(key);
    if (!record) throw new IdempotencyItemNotFoundError();
    return record;
  }
  protected async _putRecord(record: IdempotencyRecord): Promise<void> {
    const existing = this.records.get(record.idempotencyKey);
    const lapsed =
      existing?.getStatus() === 'INPROGRESS' && (existing.inProgressExpiryTimestamp ?? Infinity) < Date.now();
    if (existing && !existing.isExpired() && !lapsed) throw new IdempotencyItemAlreadyExistsError();
    this.records.set(record.idempotencyKey, record);
  }
  protected async _updateRecord(record: IdempotencyRecord): Promise<void> {
    this.records.set(record.idempotencyKey, record);
  }
  protected async _deleteRecord(record: IdempotencyRecord): Promise<void> {
    this.records.delete(record.idempotencyKey);
  }
}

const request = (patch: Partial<IdempotentRequest> = {}): IdempotentRequest => ({
  operation: 'decideStep',
  caller: 'officer-1',
  key: 'key-1',
  request: { params: { applicationId: 'app-1' }, query: {}, body: { outcome: 'approve' } },
  ...patch,
});

/** An operation that counts its runs and answers with the run number. */
function counting() {
  let runs = 0;
  const operation = vi.fn(async (): Promise<StoredResponse> => ({
    status: 200,
    body: { run: ++runs },
    headers: { location: '/x' },
  }));
  return operation;
}

function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('runIdempotent', () => {
  it('runs the operation once and answers a replay with the first response', async () => {
    // Prepare
    const store = new MemoryStore();
    const operation = counting();

    // Act
    const first = await runIdempotent(store, request(), operation);
    const replay = await runIdempotent(store, request(), operation);

    // Assess
    expect(operation).toHaveBeenCalledTimes(1);
    expect(first).toEqual({
      response: { status: 200, body: { run: 1 }, headers: { location: '/x' } },
      replayed: false,
    });
    expect(replay).toEqual({ ...first, replayed: true });
  });

  it('answers 409 IDEMPOTENCY_KEY_REUSED for the same key with another body or other path parameters', async () => {
    const store = new MemoryStore();
    const operation = counting();
    await runIdempotent(store, request(), operation);

    const otherBody = runIdempotent(
      store,
      request({ request: { params: { applicationId: 'app-1' }, query: {}, body: { outcome: 'reject' } } }),
      operation,
    );
    const otherApplication = runIdempotent(
      store,
      request({ request: { params: { applicationId: 'app-2' }, query: {}, body: { outcome: 'approve' } } }),
      operation,
    );

    await expect(otherBody).rejects.toMatchObject({ status: 409, code: 'IDEMPOTENCY_KEY_REUSED' });
    await expect(otherApplication).rejects.toMatchObject({ status: 409, code: 'IDEMPOTENCY_KEY_REUSED' });
    expect(operation).toHaveBeenCalledTimes(1);
  });

  it('treats the same body with its keys in another order as the same request', async () => {
    const store = new MemoryStore();
    const operation = counting();
    const body = { outcome: 'request-supplement', missingItems: ['a'], expectedVersion: 3 };
    await runIdempotent(store, request({ request: { params: {}, query: {}, body } }), operation);

    const reordered = { expectedVersion: 3, missingItems: ['a'], outcome: 'request-supplement' };
    const replay = await runIdempotent(
      store,
      request({ request: { params: {}, query: {}, body: reordered } }),
      operation,
    );

    expect(replay.replayed).toBe(true);
  });

  it('keeps the keys of different callers and of different operations apart', async () => {
    const store = new MemoryStore();
    const operation = counting();
    await runIdempotent(store, request(), operation);

    const otherCaller = await runIdempotent(store, request({ caller: 'officer-2' }), operation);
    const otherOperation = await runIdempotent(store, request({ operation: 'decideIntake' }), operation);

    expect(otherCaller.replayed).toBe(false);
    expect(otherOperation.replayed).toBe(false);
    expect(operation).toHaveBeenCalledTimes(3);
  });

  it('stores nothing when the operation fails, so the same key may be tried again', async () => {
    // Prepare
    const store = new MemoryStore();
    const failing = vi.fn(async (): Promise<StoredResponse> => {
      throw new Conflict('stale', 'STALE_VERSION');
    });

    // Act
    const failed = runIdempotent(store, request(), failing);
    await expect(failed).rejects.toMatchObject({ code: 'STALE_VERSION' });
    const retried = await runIdempotent(store, request(), counting());

    // Assess
    expect(retried).toMatchObject({ replayed: false, response: { body: { run: 1 } } });
  });

  it('lets a replay that arrives while the first request runs wait for it and answer with its response', async () => {
    // Prepare: the first request is held inside its operation.
    const store = new MemoryStore();
    const gate = deferred();
    const entered = deferred();
    const slow = vi.fn(async (): Promise<StoredResponse> => {
      entered.resolve();
      await gate.promise;
      return { status: 201, body: { applicationId: 'app-1' } };
    });
    const first = runIdempotent(store, request(), slow);
    await entered.promise;

    // Act
    const second = runIdempotent(store, request(), slow, { context: lambdaContext() });
    await new Promise((resolve) => setTimeout(resolve, 50));
    gate.resolve();

    // Assess
    await expect(first).resolves.toMatchObject({ replayed: false });
    await expect(second).resolves.toEqual({
      response: { status: 201, body: { applicationId: 'app-1' } },
      replayed: true,
    });
    expect(slow).toHaveBeenCalledTimes(1);
  });

  it('answers 409 IDEMPOTENCY_IN_PROGRESS when the invocation has no time left to wait', async () => {
    const store = new MemoryStore();
    const gate = deferred();
    const entered = deferred();
    const first = runIdempotent(store, request(), async () => {
      entered.resolve();
      await gate.promise;
      return { status: 200 };
    });
    await entered.promise;

    const second = runIdempotent(store, request(), counting(), {
      context: lambdaContext({ getRemainingTimeInMillis: () => 1_500 }),
    });

    await expect(second).rejects.toMatchObject({ status: 409, code: 'IDEMPOTENCY_IN_PROGRESS' });
    gate.resolve();
    await first;
  });

  it('lets a waiting replay take the key over and run when the first request fails', async () => {
    // Prepare
    const store = new MemoryStore();
    const gate = deferred();
    const entered = deferred();
    const first = runIdempotent(store, request(), async () => {
      entered.resolve();
      await gate.promise;
      throw new Error('socket hang up');
    });
    await entered.promise;
    const operation = counting();

    // Act
    const second = runIdempotent(store, request(), operation, { context: lambdaContext() });
    await new Promise((resolve) => setTimeout(resolve, 50));
    gate.resolve();

    // Assess
    await expect(first).rejects.toThrow('socket hang up');
    await expect(second).resolves.toMatchObject({ replayed: false, response: { body: { run: 1 } } });
  });
});

describe('httpHandler with idempotency', () => {
  const officer: Principal = { userId: 'officer-1', roles: ['department-officer'], department: 'planning' };
  const body = z.strictObject({ outcome: z.enum(['approve', 'reject']) });

  function makeHandler(store: MemoryStore, handle: () => Promise<{ n: number }>) {
    return httpHandler({
      name: 'decideThing',
      roles: ['department-officer'],
      params: z.strictObject({ thingId: z.string() }),
      body,
      status: 201,
      idempotent: true,
      idempotency: () => store,
      handle: async () => ({ body: await handle(), headers: { location: '/things/1' } }),
    });
  }

  const event = (payload: unknown, headers: Record<string, string> = {}, principal: Principal = officer) =>
    apiEvent({
      method: 'POST',
      path: '/things/t-1',
      pathParameters: { thingId: 't-1' },
      principal,
      body: payload,
      headers: { 'idempotency-key': 'k-1', ...headers },
    });

  it('answers a replay with the first status, body and headers, marked idempotent-replayed', async () => {
    // Prepare
    const store = new MemoryStore();
    let n = 0;
    const handler = makeHandler(store, async () => ({ n: ++n }));

    // Act
    const first = await invoke(handler, event({ outcome: 'approve' }, { 'x-correlation-id': 'first' }));
    const replay = await invoke(handler, event({ outcome: 'approve' }, { 'x-correlation-id': 'second' }));

    // Assess
    expect(first.statusCode).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(replay).toMatchObject({ statusCode: 201, body: { n: 1 } });
    expect(replay.headers).toMatchObject({
      location: '/things/1',
      'idempotent-replayed': 'true',
      'x-correlation-id': 'second',
    });
  });

  it('answers 409 with a stable code when the key comes back with another body', async () => {
    const store = new MemoryStore();
    const handler = makeHandler(store, async () => ({ n: 1 }));
    await invoke(handler, event({ outcome: 'approve' }));

    const reused = await invoke(handler, event({ outcome: 'reject' }));

    expect(reused.statusCode).toBe(409);
    expect(reused.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('takes no key for a request it refuses before running it (400, 403)', async () => {
    // Prepare
    const store = new MemoryStore();
    const handler = makeHandler(store, async () => ({ n: 1 }));

    // Act
    const invalid = await invoke(handler, event({ outcome: 'maybe' }));
    const forbidden = await invoke(
      handler,
      event({ outcome: 'approve' }, {}, { userId: 'officer-1', roles: ['enterprise'], enterpriseId: 'e-1' }),
    );
    const valid = await invoke(handler, event({ outcome: 'approve' }));

    // Assess
    expect(invalid.statusCode).toBe(400);
    expect(forbidden.statusCode).toBe(403);
    expect(valid.statusCode).toBe(201);
    expect(valid.headers['idempotent-replayed']).toBeUndefined();
    expect(store.records.size).toBe(1);
  });

  it('runs every request without a key', async () => {
    const store = new MemoryStore();
    let n = 0;
    const handler = makeHandler(store, async () => ({ n: ++n }));
    const plain = () =>
      apiEvent({
        method: 'POST',
        path: '/things/t-1',
        pathParameters: { thingId: 't-1' },
        principal: officer,
        body: { outcome: 'approve' },
      });

    await invoke(handler, plain());
    const second = await invoke(handler, plain());

    expect(second.body).toEqual({ n: 2 });
    expect(store.records.size).toBe(0);
  });

  it('refuses to define a route that claims idempotency without a store, or the reverse', () => {
    const base = { name: 'x', roles: ['administrator'] } as const;
    expect(() => httpHandler({ ...base, idempotent: true, handle: async () => ({}) })).toThrow(
      /idempotency store/,
    );
    expect(() =>
      httpHandler({ ...base, idempotency: () => new MemoryStore(), handle: async () => ({}) }),
    ).toThrow(/idempotency store/);
  });

  it('documents the Idempotency-Key header on idempotent routes only', () => {
    // Act
    const document = openApiDocument([
      { method: 'POST', path: '/a', summary: 'a', roles: ['administrator'], idempotent: true },
      { method: 'POST', path: '/b', summary: 'b', roles: ['administrator'] },
    ]) as { paths: Record<string, { post: { parameters?: { name: string; in: string }[] } }> };

    // Assess
    expect(document.paths['/a']!.post.parameters).toEqual([
      expect.objectContaining({ name: 'Idempotency-Key', in: 'header', required: false }),
    ]);
    expect(document.paths['/b']!.post.parameters).toBeUndefined();
  });
});
