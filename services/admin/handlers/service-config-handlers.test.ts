// Administration of the service configuration through its routes: validation with field paths, the revision
// condition, the audit event, a no-op for an unchanged configuration, older versions readable.
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { installFakeTable, type FakeTable } from '#test/support/fake-table';
import { principals, testDeps } from '#test/support/fixtures';
import { apiEvent, invoke } from '#test/support/http';
import { DEFAULT_SERVICE_CONFIG } from '#shared/service-config/config';
import { createHandler as getHandler } from './get-service-config.ts';
import { createHandler as putHandler } from './put-service-config.ts';

const ddb = mockClient(DynamoDBDocumentClient);
let table: FakeTable;
let deps: ReturnType<typeof testDeps>;

beforeEach(() => {
  table = installFakeTable(ddb);
  // Each test its own table name: the configuration source is kept per client and table.
  deps = testDeps({ tableName: `config-${Math.random().toString(36).slice(2)}` });
});
afterEach(() => ddb.reset());

const put = (body: unknown) =>
  invoke(
    putHandler(deps),
    apiEvent({ method: 'PUT', path: '/admin/service-config', principal: principals.admin, body }),
  );
const get = (query?: Record<string, string>) =>
  invoke(
    getHandler(deps),
    apiEvent({
      method: 'GET',
      path: '/admin/service-config',
      principal: principals.admin,
      ...(query ? { queryStringParameters: query } : {}),
    }),
  );

describe('service configuration administration', () => {
  it('starts from the defaults at revision 0: five permits, 15 and 9 days', async () => {
    const response = await get();

    expect(response.statusCode).toBe(200);
    expect(response.body).toMatchObject({ revision: 0, inForce: true, changes: [] });
    expect(response.body.config.limits).toEqual({ regular: 15, 'standard-land': 9 });
    expect(response.body.config.permits).toHaveLength(5);
  });

  it('refuses an invalid configuration with field paths, writing nothing', async () => {
    const permits = DEFAULT_SERVICE_CONFIG.permits;
    const response = await put({
      expectedRevision: 0,
      config: {
        ...DEFAULT_SERVICE_CONFIG,
        limits: { regular: 0, 'standard-land': 9 },
        permits: [
          ...permits,
          { ...permits[0]!, department: 'window' },
          { ...permits[1]!, permitType: 'review' },
        ],
      },
    });

    expect(response.statusCode).toBe(400);
    expect(response.body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual(
      [
        'config.limits.regular',
        'config.stepBudgets.regular.intake',
        'config.permits.5.department',
        'config.permits.5.permitType',
        'config.permits.6.permitType',
      ].sort(),
    );
    expect(table.transactions).toHaveLength(0);
  });

  it('writes a new version conditioned on the revision read, audited; the old one stays readable', async () => {
    // Act
    const changed = await put({
      expectedRevision: 0,
      config: { ...DEFAULT_SERVICE_CONFIG, limits: { regular: 12, 'standard-land': 9 } },
      note: '压缩审批时限',
    });
    const stale = await put({ expectedRevision: 0, config: DEFAULT_SERVICE_CONFIG });
    const same = await put({
      expectedRevision: 1,
      config: { ...DEFAULT_SERVICE_CONFIG, limits: { regular: 12, 'standard-land': 9 } },
    });
    const current = await get();
    const old = await get({ revision: '0' });
    const missing = await get({ revision: '7' });

    // Assess
    expect(changed.body).toEqual({ changed: true, revision: 1, changedPaths: ['limits.regular'] });
    expect(stale.statusCode).toBe(409);
    expect(stale.body.error.code).toBe('STALE_VERSION');
    expect(same.body).toEqual({ changed: false, revision: 1, changedPaths: [] });
    expect(current.body).toMatchObject({
      revision: 1,
      changedBy: 'admin-1',
      config: { limits: { regular: 12 } },
    });
    expect(current.body.changes).toEqual([
      expect.objectContaining({
        type: 'service-config-changed',
        actor: { userId: 'admin-1', role: 'administrator' },
        fromRevision: 0,
        toRevision: 1,
        changed: ['limits.regular'],
        note: '压缩审批时限',
      }),
    ]);
    expect(old.body).toMatchObject({ revision: 0, inForce: false, config: { limits: { regular: 15 } } });
    expect(missing.statusCode).toBe(404);
  });
});
