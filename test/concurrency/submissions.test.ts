// Fifty submissions of one application with one Idempotency-Key at the same moment, through the real handler on
// DynamoDB Local: one application, one 'application-submitted' event, one StartExecution, and all fifty
// responses name the same application.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { submission } from '#test/support/fixtures';
import { createHandler } from '#services/intake/handlers/submit-application';
import type { Principal } from '#shared/auth/principal';
import { apiEvent } from '#test/support/http';
import { createTestTable, type TestTable } from '#test/support/dynamodb';
import { allAtOnce, concurrencyDeps, fakeStepFunctions, tally } from './support.ts';

const parallel = 50;
let table: TestTable;

beforeAll(async () => {
  table = await createTestTable(inject('dynamoEndpoint'));
});
afterAll(async () => {
  await table?.drop();
});

describe('50 parallel submissions with one Idempotency-Key', () => {
  it('file one application, write one submission event and start one workflow; all answer with it', async () => {
    // Prepare: an enterprise of its own, so its list holds only what this test files.
    const enterpriseId = `ent-${randomUUID()}`;
    const enterprise: Principal = { userId: `user-${randomUUID()}`, roles: ['enterprise'], enterpriseId };
    const sfn = fakeStepFunctions();
    const deps = concurrencyDeps(table, sfn);
    const key = `submit-${randomUUID()}`;
    const events = Array.from({ length: parallel }, () =>
      apiEvent({
        method: 'POST',
        path: '/applications',
        principal: enterprise,
        body: submission(),
        headers: { 'idempotency-key': key },
      }),
    );

    // Act
    const responses = await allAtOnce(createHandler(deps), events);

    // Assess
    expect(tally(responses)).toEqual({ '201': parallel });
    const ids = new Set(responses.map((response) => response.body.applicationId));
    expect(ids.size).toBe(1);
    const [applicationId] = [...ids] as string[];
    expect(responses.filter((r) => r.headers['idempotent-replayed'] === undefined)).toHaveLength(1);
    for (const response of responses) {
      expect(response.body).toEqual(responses[0]!.body);
      expect(response.headers.location).toBe(`/applications/${applicationId}`);
    }
    const { items } = await deps.repository.listByEnterprise(enterpriseId, { limit: 100 });
    expect(items.map((application) => application.applicationId)).toEqual([applicationId]);
    const timeline = await deps.repository.getTimeline(applicationId!);
    expect(timeline.filter((event) => event.type === 'application-submitted')).toHaveLength(1);
    expect(timeline.filter((event) => event.type === 'workflow-started')).toHaveLength(1);
    expect(sfn.started).toEqual([applicationId]);
  });

  it('file one application per key when each request carries its own', async () => {
    const enterpriseId = `ent-${randomUUID()}`;
    const enterprise: Principal = { userId: `user-${randomUUID()}`, roles: ['enterprise'], enterpriseId };
    const sfn = fakeStepFunctions();
    const deps = concurrencyDeps(table, sfn);
    const events = Array.from({ length: 10 }, (_, i) =>
      apiEvent({
        method: 'POST',
        path: '/applications',
        principal: enterprise,
        body: submission(),
        headers: { 'idempotency-key': `own-${i}-${randomUUID()}` },
      }),
    );

    const responses = await allAtOnce(createHandler(deps), events);

    expect(tally(responses)).toEqual({ '201': 10 });
    expect(new Set(responses.map((r) => r.body.applicationId)).size).toBe(10);
    expect(sfn.started).toHaveLength(10);
  });
});
