import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { installFakeTable } from '#test/support/fake-table';
import { anApplication, aStep, principals, seed, testDeps } from '#test/support/fixtures';
import type { Principal } from '#shared/auth/principal';
import { apiEvent, invoke } from '#test/support/http';
import { createHandler } from './list-inbox.ts';

const ddb = mockClient(DynamoDBDocumentClient);
let deps: ReturnType<typeof testDeps>;

beforeEach(async () => {
  installFakeTable(ddb);
  deps = testDeps();
  const review = (applicationId: string, dueAt: string | undefined) =>
    aStep({
      applicationId,
      stepId: 'review-land-use-planning-1',
      kind: 'review',
      department: 'natural-resources',
      permitType: 'land-use-planning',
      budgetDays: 8,
      dueAt,
    });
  await seed(deps, anApplication({ applicationId: 'app-1' }), [aStep({ applicationId: 'app-1' })]);
  await seed(deps, anApplication({ applicationId: 'app-2' }), [review('app-2', '2025-03-14T15:59:59.999Z')]);
  await seed(deps, anApplication({ applicationId: 'app-3' }), [review('app-3', '2025-03-12T15:59:59.999Z')]);
  await seed(deps, anApplication({ applicationId: 'app-4' }), [review('app-4', undefined)]);
  await seed(deps, anApplication({ applicationId: 'app-5' }), [
    review('app-5', '2025-03-11T15:59:59.999Z'),
    aStep({ applicationId: 'app-5', status: 'closed', closedAt: '2025-03-03T02:00:00.000Z' }),
  ]);
});
afterEach(() => ddb.reset());

function inbox(principal: Principal, query?: Record<string, string>) {
  return invoke(
    createHandler(deps),
    apiEvent({
      method: 'GET',
      path: '/inbox',
      principal,
      ...(query ? { queryStringParameters: query } : {}),
    }),
  );
}
const ids = (body: { items: { applicationId: string }[] }) => body.items.map((s) => s.applicationId);

describe('listInbox', () => {
  it("lists a department officer's open steps, earliest due first, undated last, page by page", async () => {
    const first = await inbox(principals.planning, { limit: '3' });
    const second = await inbox(principals.planning, { limit: '3', cursor: first.body.cursor });

    expect(first.statusCode).toBe(200);
    expect(ids(first.body)).toEqual(['app-5', 'app-3', 'app-2']);
    expect(ids(second.body)).toEqual(['app-4']);
    expect(first.rawBody).not.toContain('taskToken');
  });

  it("lists the window's open intake steps for the clerk", async () => {
    const response = await inbox(principals.clerk);

    expect(ids(response.body)).toEqual(['app-1']);
  });

  it('lets an administrator read any inbox it names, and requires the name', async () => {
    expect(ids((await inbox(principals.admin, { department: 'natural-resources' })).body)).toHaveLength(4);
    const unnamed = await inbox(principals.admin);
    expect(unnamed.statusCode).toBe(400);
    expect(unnamed.body.error.issues).toEqual([{ path: 'query.department', message: expect.any(String) }]);
  });

  it("refuses another department's inbox and enterprises with 403", async () => {
    expect((await inbox(principals.housing, { department: 'natural-resources' })).statusCode).toBe(403);
    expect((await inbox(principals.enterprise)).statusCode).toBe(403);
  });

  it('rejects a cursor from another inbox', async () => {
    const planning = await inbox(principals.planning, { limit: '1' });

    const response = await inbox(principals.clerk, { cursor: planning.body.cursor });

    expect(response.statusCode).toBe(400);
    expect(response.body.error.code).toBe('INVALID_CURSOR');
  });
});
