// GET /applications/search through its handler on DynamoDB Local: the JSON page, and `format=csv`, the whole
// selection as a CSV Excel opens in Chinese (UTF-8 with a byte-order mark), cells guarded against formula
// injection, under the same authorization as the page (a department officer exports only its department's).
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createHandler as searchHandler } from '#services/officers/handlers/search-applications';
import type { Principal } from '#shared/auth/principal';
import { apiEvent, invoke, lambdaContext } from '#test/support/http';
import { createTestTable, type TestTable } from '#test/support/dynamodb';
import { anApplication, seed } from '#test/support/fixtures';
import { concurrencyDeps, fakeStepFunctions } from '#test/concurrency/support';

const admin: Principal = { userId: 'admin-1', roles: ['administrator'] };
const officer: Principal = {
  userId: 'officer-1',
  roles: ['department-officer'],
  department: 'natural-resources',
};

let table: TestTable;
let deps: ReturnType<typeof concurrencyDeps>;

beforeAll(async () => {
  table = await createTestTable(inject('dynamoEndpoint'));
  deps = concurrencyDeps(table, fakeStepFunctions());
  const at = (day: number) => `2025-03-${String(day).padStart(2, '0')}T02:00:00.000Z`;
  await seed(
    deps,
    anApplication({
      applicationId: 'app-a',
      projectName: '长春汽车零部件',
      receivedAt: at(3),
      departments: ['window', 'natural-resources'],
    }),
  );
  await seed(
    deps,
    anApplication({
      applicationId: 'app-b',
      projectName: '=HYPERLINK("http://x")',
      receivedAt: at(4),
      departments: ['window', 'natural-resources'],
    }),
  );
  await seed(
    deps,
    anApplication({
      applicationId: 'app-c',
      projectName: '长春新能源',
      receivedAt: at(5),
      departments: ['window', 'housing-construction'],
    }),
  );
});
afterAll(async () => {
  await table?.drop();
});

async function csvOf(principal: Principal, query: Record<string, string>) {
  const result = (await searchHandler(deps)(
    apiEvent({ path: '/applications/search', principal, queryStringParameters: { ...query, format: 'csv' } }),
    lambdaContext(),
  )) as APIGatewayProxyStructuredResultV2;
  return { status: result.statusCode, type: result.headers?.['content-type'], body: result.body ?? '' };
}

describe('GET /applications/search', () => {
  it('pages what the caller may see, newest receipt first, by name prefix', async () => {
    const page = await invoke(
      searchHandler(deps),
      apiEvent({ path: '/applications/search', principal: admin, queryStringParameters: { name: '长春' } }),
    );
    expect(page.statusCode).toBe(200);
    expect(page.body.items.map((a: { applicationId: string }) => a.applicationId)).toEqual([
      'app-c',
      'app-a',
    ]);
  });

  it('exports the whole selection as CSV with a byte-order mark and guarded cells, only what the caller may see', async () => {
    // Act
    const all = await csvOf(admin, {});
    const own = await csvOf(officer, {});

    // Assess
    expect(all.status).toBe(200);
    expect(all.type).toMatch(/^text\/csv/);
    expect(all.body.startsWith('\uFEFFapplicationId,projectName,')).toBe(true);
    expect(all.body.split('\r\n').filter(Boolean)).toHaveLength(4);
    expect(all.body).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(own.body).toContain('app-a');
    expect(own.body).toContain('app-b');
    expect(own.body).not.toContain('app-c');
  });

  it('refuses contradictory ranges with the field named', async () => {
    const response = await invoke(
      searchHandler(deps),
      apiEvent({
        path: '/applications/search',
        principal: admin,
        queryStringParameters: {
          receivedFrom: '2025-03-05T00:00:00.000Z',
          receivedTo: '2025-03-01T00:00:00.000Z',
        },
      }),
    );
    expect(response.statusCode).toBe(400);
    expect(response.body.error.issues[0].path).toBe('query.receivedTo');
  });
});
