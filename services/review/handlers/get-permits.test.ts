import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { installFakeTable } from '#test/support/fake-table';
import { anApplication, principals, seed, testDeps } from '#test/support/fixtures';
import type { Principal } from '#shared/auth/principal';
import { apiEvent, invoke } from '#test/support/http';
import { createHandler } from './get-permits.ts';

const ddb = mockClient(DynamoDBDocumentClient);
let deps: ReturnType<typeof testDeps>;
const issuedAt = '2025-03-12T08:00:00.000Z';

beforeEach(async () => {
  installFakeTable(ddb);
  deps = testDeps();
  await seed(
    deps,
    anApplication({
      status: 'revoked',
      issuedAt,
      permits: [
        {
          permitType: 'land-use-planning',
          certificateNo: '地字第220101202500017号',
          issuedAt,
          basis: 'review',
        },
        {
          permitType: 'construction',
          certificateNo: '220101202503120101',
          issuedAt,
          basis: 'commitment',
          revokedAt: '2025-04-20T02:00:00.000Z',
        },
      ],
    }),
  );
  await seed(deps, anApplication({ applicationId: 'app-2', status: 'in-review' }));
});
afterEach(() => ddb.reset());

function permits(principal: Principal, applicationId = 'app-1') {
  return invoke(
    createHandler(deps),
    apiEvent({
      method: 'GET',
      path: `/applications/${applicationId}/permits`,
      principal,
      pathParameters: { applicationId },
    }),
  );
}

describe('getPermits', () => {
  it('lists the issued certificates with their numbers, basis and revocation', async () => {
    const response = await permits(principals.enterprise);

    expect(response.statusCode).toBe(200);
    expect(response.body).toEqual({
      applicationId: 'app-1',
      issuedAt,
      permits: [
        {
          permitType: 'land-use-planning',
          name: '建设用地规划许可证',
          certificateNo: '地字第220101202500017号',
          issuedAt,
          basis: 'review',
          revoked: false,
        },
        {
          permitType: 'construction',
          name: '建筑工程施工许可证',
          certificateNo: '220101202503120101',
          issuedAt,
          basis: 'commitment',
          revoked: true,
          revokedAt: '2025-04-20T02:00:00.000Z',
        },
      ],
    });
  });

  it('answers 404 before issuance and to callers who may not see the application', async () => {
    expect((await permits(principals.enterprise, 'app-2')).statusCode).toBe(404);
    expect((await permits(principals.otherEnterprise)).statusCode).toBe(404);
    expect((await permits(principals.planning)).statusCode).toBe(404);
  });
});
