import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { installFakeTable } from '#test/support/fake-table';
import { anApplication, aStep, principals, seed, testDeps } from '#test/support/fixtures';
import type { Principal } from '#shared/auth/principal';
import { apiEvent, invoke } from '#test/support/http';
import { createHandler } from './list-applications.ts';

const ddb = mockClient(DynamoDBDocumentClient);
let deps: ReturnType<typeof testDeps>;

beforeEach(async () => {
  installFakeTable(ddb);
  deps = testDeps();
  // ent-1: three applications, one with a planning review step; ent-2 and ent-3: one each.
  for (const [i, enterpriseId] of ['ent-1', 'ent-1', 'ent-1', 'ent-2', 'ent-3'].entries()) {
    const applicationId = `app-${i + 1}`;
    const createdAt = `2025-03-0${i + 1}T01:00:00.000Z`;
    await seed(
      deps,
      anApplication({ applicationId, enterpriseId, createdAt, receivedAt: createdAt, updatedAt: createdAt }),
      i === 1
        ? [
            aStep({
              applicationId,
              stepId: 'review-construction-1',
              kind: 'review',
              department: 'natural-resources',
              permitType: 'construction',
              budgetDays: 8,
            }),
          ]
        : [],
    );
  }
});
afterEach(() => ddb.reset());

function list(principal: Principal, query?: Record<string, string>) {
  return invoke(
    createHandler(deps),
    apiEvent({
      method: 'GET',
      path: '/applications',
      principal,
      ...(query ? { queryStringParameters: query } : {}),
    }),
  );
}
const ids = (body: { items: { applicationId: string }[] }) => body.items.map((a) => a.applicationId);

describe('listApplications', () => {
  it("lists an enterprise's own applications, newest first, page by page", async () => {
    // Act
    const first = await list(principals.enterprise, { limit: '2' });
    const second = await list(principals.enterprise, { limit: '2', cursor: first.body.cursor });

    // Assess
    expect(first.statusCode).toBe(200);
    expect(ids(first.body)).toEqual(['app-3', 'app-2']);
    expect(ids(second.body)).toEqual(['app-1']);
    expect(second.body.cursor).toBeUndefined();
  });

  it('never returns the execution ARN', async () => {
    await deps.repository.commit({
      update: [
        {
          ...(await deps.repository.getApplication('app-1')),
          executionArn: 'arn:aws:states:x:1:execution:m:app-1',
        },
      ],
      events: [
        {
          applicationId: 'app-1',
          eventId: 'evt-x',
          at: '2025-03-05T00:00:00.000Z',
          type: 'workflow-started',
          actor: { userId: 'w', role: 'system' },
          detail: {},
        },
      ],
    });
    const response = await list(principals.enterprise);
    expect(response.rawBody).not.toContain('executionArn');
  });

  it('lists the applications of each enterprise an agency officer represents, one after another', async () => {
    const first = await list(principals.agency, { limit: '3' });
    const second = await list(principals.agency, { limit: '3', cursor: first.body.cursor });

    expect(ids(first.body)).toEqual(['app-3', 'app-2', 'app-1']);
    expect(ids(second.body)).toEqual(['app-5']);
    expect(second.body.cursor).toBeUndefined();
  });

  it('lets an enterprise ask for its own enterpriseId and answers 404 for another', async () => {
    expect(ids((await list(principals.enterprise, { enterpriseId: 'ent-1' })).body)).toHaveLength(3);
    const foreign = await list(principals.enterprise, { enterpriseId: 'ent-2' });
    expect(foreign.statusCode).toBe(404);
  });

  it('requires the window clerk and administrators to name the enterprise', async () => {
    const unnamed = await list(principals.clerk);
    expect(unnamed.statusCode).toBe(400);
    expect(unnamed.body.error.issues).toEqual([{ path: 'query.enterpriseId', message: expect.any(String) }]);

    expect(ids((await list(principals.clerk, { enterpriseId: 'ent-2' })).body)).toEqual(['app-4']);
    expect(ids((await list(principals.admin, { enterpriseId: 'ent-1' })).body)).toHaveLength(3);
  });

  it('shows a department officer only the applications with a step of its department', async () => {
    expect(ids((await list(principals.planning, { enterpriseId: 'ent-1' })).body)).toEqual(['app-2']);
    expect(ids((await list(principals.housing, { enterpriseId: 'ent-1' })).body)).toEqual([]);
  });

  it('rejects unknown query fields, bad limits and foreign cursors', async () => {
    const unknown = await list(principals.enterprise, { status: 'issued' });
    const limit = await list(principals.enterprise, { limit: '500' });
    const mine = await list(principals.enterprise, { limit: '1' });
    const stolen = await list(principals.otherEnterprise, { cursor: mine.body.cursor });

    expect(unknown.statusCode).toBe(400);
    expect(unknown.body.error.issues).toEqual([{ path: 'query.status', message: 'unknown field' }]);
    expect(limit.statusCode).toBe(400);
    expect(limit.body.error.issues[0].path).toBe('query.limit');
    expect(stolen.statusCode).toBe(400);
    expect(stolen.body.error.code).toBe('INVALID_CURSOR');
  });
});
