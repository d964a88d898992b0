import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { installFakeTable, type FakeTable } from '#test/support/fake-table';
import { anApplication, aStep, principals, seed, testDeps } from '#test/support/fixtures';
import type { Principal } from '#shared/auth/principal';
import { apiEvent, invoke } from '#test/support/http';
import { createHandler } from './sign-commitment.ts';

const ddb = mockClient(DynamoDBDocumentClient);
let table: FakeTable;
let deps: ReturnType<typeof testDeps>;
const indicators = { 'investment-per-mu-yuan': 3_500_000, 'tax-per-mu-yuan': 300_000 };

beforeEach(async () => {
  table = installFakeTable(ddb);
  deps = testDeps();
  await seed(deps, anApplication({ track: 'standard-land', landAcquiredOn: '2025-02-27' }), [aStep()]);
  await seed(deps, anApplication({ applicationId: 'app-regular' }));
  await seed(
    deps,
    anApplication({
      applicationId: 'app-accepted',
      track: 'standard-land',
      landAcquiredOn: '2025-02-27',
      status: 'accepted',
      acceptedAt: '2025-03-03T02:00:00.000Z',
    }),
  );
});
afterEach(() => ddb.reset());

function sign(body: unknown, principal: Principal = principals.enterprise, applicationId = 'app-1') {
  return invoke(
    createHandler(deps),
    apiEvent({
      method: 'POST',
      path: `/applications/${applicationId}/commitment`,
      pathParameters: { applicationId },
      principal,
      body,
    }),
  );
}

describe('signCommitment', () => {
  it('records the commitment and its event on a standard-land application before intake', async () => {
    const response = await sign({ indicators });

    expect(response.statusCode).toBe(200);
    expect(response.body.commitment).toEqual({
      signedAt: '2025-03-03T01:00:00.000Z',
      signedBy: 'ent-user-1',
      indicators,
    });
    expect(response.body.version).toBe(2);
    expect(table.partition('APP#app-1').find((item) => item.type === 'commitment-signed')).toMatchObject({
      actor: { userId: 'ent-user-1', role: 'enterprise' },
      detail: { indicators: Object.keys(indicators), replacesEarlier: false },
    });
  });

  it('is signed by an agency officer on behalf of the enterprise', async () => {
    const response = await sign({ indicators }, principals.agency);

    expect(response.statusCode).toBe(200);
    expect(table.partition('APP#app-1').find((item) => item.type === 'commitment-signed')).toMatchObject({
      onBehalfOf: 'ent-1',
    });
  });

  it('refuses the regular track and a decided intake with 409', async () => {
    const regular = await sign({ indicators }, principals.enterprise, 'app-regular');
    const accepted = await sign({ indicators }, principals.enterprise, 'app-accepted');

    expect(regular.statusCode).toBe(409);
    expect(regular.body.error.code).toBe('NOT_STANDARD_LAND');
    expect(accepted.statusCode).toBe(409);
    expect(accepted.body.error.code).toBe('INTAKE_DECIDED');
  });

  it('answers 409 for a stale expectedVersion', async () => {
    const response = await sign({ indicators, expectedVersion: 3 });

    expect(response.statusCode).toBe(409);
    expect(response.body.error.code).toBe('STALE_VERSION');
  });

  it('answers 404 to another enterprise, 403 to officials and wrong roles', async () => {
    expect((await sign({ indicators }, principals.otherEnterprise)).statusCode).toBe(404);
    expect((await sign({ indicators }, principals.clerk)).statusCode).toBe(403);
    expect((await sign({ indicators }, principals.admin)).statusCode).toBe(403);
  });

  it('rejects unknown fields and malformed indicators', async () => {
    const unknown = await sign({ indicators, signedBy: 'someone' });
    const malformed = await sign({ indicators: { 'Investment per mu': 1 } });

    expect(unknown.statusCode).toBe(400);
    expect(unknown.body.error.issues).toEqual([{ path: 'signedBy', message: 'unknown field' }]);
    expect(malformed.statusCode).toBe(400);
    expect(malformed.body.error.issues[0].path).toMatch(/^indicators/);
  });
});
