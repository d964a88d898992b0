// The idempotency store against DynamoDB Local: where records live in the single table, and the claim rule.
import {
  IdempotencyConfig,
  IdempotencyItemAlreadyExistsError,
  IdempotencyItemNotFoundError,
} from '@aws-lambda-powertools/idempotency';
import type { JSONValue } from '@aws-lambda-powertools/commons/types';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestTable, type TestTable } from '#test/support/dynamodb';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import { createSingleTableIdempotencyStore } from './idempotency-store.ts';

let table: TestTable;

beforeAll(async () => {
  table = await createTestTable(inject('dynamoEndpoint'));
});
afterAll(async () => {
  await table?.drop();
});

async function newStore(): Promise<BasePersistenceLayer> {
  const store = await createSingleTableIdempotencyStore({ client: table.client, tableName: table.tableName });
  store.configure({
    config: new IdempotencyConfig({
      eventKeyJmesPath: 'scope',
      payloadValidationJmesPath: 'request',
      throwOnNoIdempotencyKey: true,
      expiresAfterSeconds: 3600,
    }),
    keyPrefix: 'test',
  });
  return store;
}

const payload = (key: string, body: JSONValue = { outcome: 'approve' }): JSONValue => ({
  scope: { operation: 'decideStep', caller: 'officer-1', key },
  request: { params: {}, query: {}, body },
});

/** The item of a payload's record, read by the key Powertools derives (protected in the base class). */
async function storedItem(store: BasePersistenceLayer, data: unknown): Promise<Record<string, unknown>> {
  const key = (store as unknown as { getHashedIdempotencyKey(d: unknown): string }).getHashedIdempotencyKey(
    data,
  );
  const { Item } = await table.client.send(
    new GetCommand({ TableName: table.tableName, Key: { pk: `IDEM#${key}`, sk: 'I' } }),
  );
  if (!Item) throw new Error('no record');
  return Item;
}

describe('the single-table idempotency store', () => {
  it('keeps a record in its own partition with the table TTL attribute in seconds', async () => {
    // Prepare
    const store = await newStore();
    const data = payload(`k-${crypto.randomUUID()}`);

    // Act
    await store.saveInProgress(data, 5_000);
    const inProgress = await storedItem(store, data);
    await store.saveSuccess(data, { status: 200, body: { n: 1, empty: '' } });
    const record = await store.getRecord(data);

    // Assess
    expect(inProgress).toMatchObject({ sk: 'I', itemType: 'idempotency', status: 'INPROGRESS' });
    expect(String(inProgress?.pk)).toMatch(/^IDEM#test#/);
    expect(inProgress?.inProgressExpiresAt).toBeGreaterThan(Date.now());
    expect(inProgress?.expiresAt).toBeGreaterThan(Date.now() / 1000 + 3500);
    expect(inProgress?.expiresAt).toBeLessThan(Date.now() / 1000 + 3700);
    expect(record.getStatus()).toBe('COMPLETED');
    expect(record.getResponse()).toEqual({ status: 200, body: { n: 1, empty: '' } });
  });

  it('refuses a second claim on a key in progress or completed', async () => {
    const store = await newStore();
    const data = payload(`k-${crypto.randomUUID()}`);
    await store.saveInProgress(data, 5_000);

    await expect(store.saveInProgress(data, 5_000)).rejects.toBeInstanceOf(IdempotencyItemAlreadyExistsError);
    await store.saveSuccess(data, { status: 200 });
    await expect(store.saveInProgress(data, 5_000)).rejects.toBeInstanceOf(IdempotencyItemAlreadyExistsError);
  });

  it('lets a claim take over a record whose lock lapsed (its invocation died) or that expired', async () => {
    // Prepare: two records as a dead invocation and a day-old request leave them.
    const store = await newStore();
    const dead = payload(`k-${crypto.randomUUID()}`);
    const old = payload(`k-${crypto.randomUUID()}`);
    await store.saveInProgress(dead, 5_000);
    await store.saveInProgress(old, 5_000);
    await store.saveSuccess(old, { status: 200 });
    const lapsed = await storedItem(store, dead);
    const expired = await storedItem(store, old);
    await table.client.send(
      new PutCommand({
        TableName: table.tableName,
        Item: { ...lapsed, inProgressExpiresAt: Date.now() - 1 },
      }),
    );
    await table.client.send(
      new PutCommand({
        TableName: table.tableName,
        Item: { ...expired, expiresAt: Math.floor(Date.now() / 1000) - 1 },
      }),
    );

    // Act
    const claims = [store.saveInProgress(dead, 5_000), store.saveInProgress(old, 5_000)];

    // Assess
    await expect(Promise.all(claims)).resolves.toBeDefined();
  });

  it('releases only a key in progress', async () => {
    // Prepare
    const store = await newStore();
    const failed = payload(`k-${crypto.randomUUID()}`);
    const done = payload(`k-${crypto.randomUUID()}`);
    await store.saveInProgress(failed, 5_000);
    await store.saveInProgress(done, 5_000);
    await store.saveSuccess(done, { status: 201 });

    // Act
    await store.deleteRecord(failed);
    await store.deleteRecord(done);

    // Assess
    await expect(store.getRecord(failed)).rejects.toBeInstanceOf(IdempotencyItemNotFoundError);
    expect((await store.getRecord(done)).getResponse()).toEqual({ status: 201 });
  });

  it('reads back exactly the response it stored', async () => {
    const store = await newStore();
    const data = payload(`k-${crypto.randomUUID()}`);
    const response = {
      status: 200,
      body: { big: 2 ** 53 - 1, tiny: 0.1, nested: [{ a: null }], text: '受理' },
    };
    await store.saveInProgress(data, 5_000);
    await store.saveSuccess(data, response);

    const item = await storedItem(store, data);

    expect(typeof item.response).toBe('string');
    expect((await store.getRecord(data)).getResponse()).toEqual(response);
  });
});
