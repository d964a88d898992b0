// The bpmn-engine peer of the bench runs the flow it claims to: joint issuance waits for the supplemented permit's
// second review, a decision for a task that is not waiting is refused without a write, two decisions saved from
// the same state cannot both win, and the state lives in DynamoDB between requests (no engine kept). On the
// shared DynamoDB Local.
import { randomUUID } from 'node:crypto';
import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDocumentClient } from '#shared/data/client';
import {
  BpmnServer,
  createPeerTable,
  peerToReview,
  permitTypes,
  supplemented,
  taskId,
} from './bpmn-server.ts';
import { dynamoItemBytes } from './measures.ts';

const client = createDocumentClient({ endpoint: inject('dynamoEndpoint') });
const table = `peer-${randomUUID()}`;
const server = new BpmnServer(client, table);

beforeAll(async () => {
  await createPeerTable(client, table);
});

afterAll(async () => {
  await client.send(new DeleteTableCommand({ TableName: table }));
  client.destroy();
});

describe('the bpmn-engine peer', () => {
  it('issues the five permits only after the supplemented permit is reviewed again', async () => {
    // Prepare: at review, construction asks for a supplement, the other four approve.
    const id = randomUUID();
    await peerToReview(server, id);
    await server.decide(id, taskId('review', supplemented), { supplement: true });
    for (const permit of permitTypes) {
      if (permit !== supplemented) await server.decide(id, taskId('review', permit), { supplement: false });
    }
    const beforeAnswer = await server.permitsIssued(id);
    const waitingForAnswer = await server.decide(id, taskId('supplement', supplemented), {});

    // Act: construction is reviewed again and approves.
    const left = await server.decide(id, taskId('review', supplemented), { supplement: false });

    // Assess
    expect(beforeAnswer).toBe(0);
    expect(waitingForAnswer).toEqual([taskId('review', supplemented)]);
    expect(left).toEqual([]);
    expect(await server.permitsIssued(id)).toBe(5);
    expect(await server.version(id)).toBe(9); // started, then 8 decisions, each saved
    expect(server.kept.size).toBe(0);
  });

  it('refuses a decision for a task that is not waiting, and saves nothing', async () => {
    const id = randomUUID();
    await server.submit(id);

    await expect(server.decide(id, taskId('review', 'construction'), {})).rejects.toThrow(/not waiting/);
    expect(await server.version(id)).toBe(1);
  });

  it('lets only one of two decisions taken on the same saved state be saved', async () => {
    const id = randomUUID();
    await peerToReview(server, id);

    const results = await Promise.allSettled([
      server.decide(id, taskId('review', 'land-use-planning'), { supplement: false }),
      server.decide(id, taskId('review', 'real-estate-title'), { supplement: false }),
    ]);

    // Both loaded version 2; the second save's condition fails (the caller retries on the new state).
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(await server.version(id)).toBe(3);
  });
});

describe('dynamoItemBytes', () => {
  it('counts attribute names and values as DynamoDB does', () => {
    expect(dynamoItemBytes({ pk: 'APP#1' })).toBe(2 + 5);
    expect(dynamoItemBytes({ n: 12345 })).toBe(1 + 4);
    expect(dynamoItemBytes({ ok: true, m: { a: 'xy' } })).toBe(2 + 1 + 1 + (3 + 1 + 1 + 2));
    expect(dynamoItemBytes({ state: '中' })).toBe(5 + 3);
  });
});
