// The standard-land parcels register (标准地) through its routes, and what it means for a standard-land filing:
// registered parcels only, not one granted to another enterprise, the land acquisition date from the grant
// record, a commitment meeting every control value (the indicator named when it does not).
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { installFakeTable, type FakeTable } from '#test/support/fake-table';
import { anApplication, aStep, principals, seed, submission, testDeps } from '#test/support/fixtures';
import type { Principal } from '#shared/auth/principal';
import { apiEvent, invoke } from '#test/support/http';
import { createHandler as registerHandler } from './register-parcel.ts';
import { createHandler as grantHandler } from './grant-parcel.ts';
import { createHandler as listHandler } from './list-parcels.ts';
import { createHandler as submitHandler } from '#services/intake/handlers/submit-application';
import { createHandler as signHandler } from '#services/intake/handlers/sign-commitment';

const ddb = mockClient(DynamoDBDocumentClient);
const sfn = mockClient(SFNClient);
let table: FakeTable;
let deps: ReturnType<typeof testDeps>;

beforeEach(() => {
  table = installFakeTable(ddb);
  deps = testDeps();
  sfn.on(StartExecutionCommand).callsFake((input: { name: string }) => ({
    executionArn: `arn:aws:states:ap-east-1:123456789012:execution:approval:${input.name}`,
    startDate: new Date(),
  }));
});
afterEach(() => {
  ddb.reset();
  sfn.reset();
});

const parcelId = 'CC-2025-017';
const indicators = {
  'investment-per-mu-yuan': { control: 3_000_000, bound: 'min', unit: '元/亩' },
  'plot-ratio': { control: 1.2, bound: 'min' },
  'energy-tce-per-10k-yuan': { control: 0.3, bound: 'max' },
};
const register = (body: unknown = { areaMu: 86.5, location: '长春经开区 标准地', indicators }) =>
  invoke(
    registerHandler(deps),
    apiEvent({
      method: 'PUT',
      path: `/admin/parcels/${parcelId}`,
      pathParameters: { parcelId },
      principal: principals.admin,
      body,
    }),
  );
const grant = (body: Record<string, unknown>, id = parcelId) =>
  invoke(
    grantHandler(deps),
    apiEvent({
      method: 'POST',
      path: `/admin/parcels/${id}/grant`,
      pathParameters: { parcelId: id },
      principal: principals.admin,
      body,
    }),
  );
const file = (patch: Record<string, unknown> = {}, principal: Principal = principals.enterprise) =>
  invoke(
    submitHandler(deps),
    apiEvent({
      method: 'POST',
      path: '/applications',
      principal,
      body: { ...submission({ track: 'standard-land', landAcquiredOn: '2025-02-27' }), ...patch },
    }),
  );
const meets = { 'investment-per-mu-yuan': 3_200_000, 'plot-ratio': 1.5, 'energy-tce-per-10k-yuan': 0.28 };

describe('the parcels register', () => {
  it('registers a parcel with its control indicators, lists it, and refuses to register it twice', async () => {
    // Act
    const registered = await register();
    const again = await register();
    const listed = await invoke(
      listHandler(deps),
      apiEvent({ method: 'GET', path: '/admin/parcels', principal: principals.admin }),
    );

    // Assess
    expect(registered.statusCode).toBe(200);
    expect(registered.body).toMatchObject({ parcelId, status: 'available', version: 1, indicators });
    expect(again.statusCode).toBe(409);
    expect(again.body.error.code).toBe('ALREADY_EXISTS');
    expect(listed.body.items.map((p: { parcelId: string }) => p.parcelId)).toEqual([parcelId]);
    // Audited in the register's own partition.
    expect(table.partition('CONFIG#parcels').filter((item) => item.itemType === 'config-event')).toEqual([
      expect.objectContaining({
        type: 'parcel-registered',
        actor: { userId: 'admin-1', role: 'administrator' },
      }),
    ]);
  });

  it('records a grant once, refusing a land acquisition date in the future', async () => {
    // Prepare
    await register();

    // Act
    const future = await grant({ enterpriseId: 'ent-1', landAcquiredOn: '2031-01-01', expectedVersion: 1 });
    const granted = await grant({ enterpriseId: 'ent-1', landAcquiredOn: '2025-02-27', expectedVersion: 1 });
    const twice = await grant({ enterpriseId: 'ent-2', landAcquiredOn: '2025-02-27', expectedVersion: 2 });
    const unknown = await grant(
      { enterpriseId: 'ent-1', landAcquiredOn: '2025-02-27', expectedVersion: 1 },
      'NOPE-1',
    );

    // Assess
    expect(future.statusCode).toBe(400);
    expect(future.body.error.issues).toEqual([
      { path: 'landAcquiredOn', message: expect.stringContaining('future') },
    ]);
    expect(granted.body).toMatchObject({
      status: 'granted',
      version: 2,
      grant: { enterpriseId: 'ent-1', landAcquiredOn: '2025-02-27', grantedBy: 'admin-1' },
    });
    expect(twice.statusCode).toBe(409);
    expect(twice.body.error.code).toBe('PARCEL_GRANTED');
    expect(unknown.statusCode).toBe(404);
  });
});

describe('a standard-land filing against the register', () => {
  it('refuses a parcel that is not registered (422, the field named), filing nothing', async () => {
    const response = await file({ commitment: { indicators: meets } });

    expect(response.statusCode).toBe(422);
    expect(response.body.error).toMatchObject({
      code: 'PARCEL_NOT_REGISTERED',
      issues: [{ path: 'landParcel.parcelId', message: expect.stringContaining('not a registered') }],
    });
    expect(table.transactions).toHaveLength(0);
  });

  it('refuses a parcel already granted to another enterprise, and takes the date from the grant for its holder', async () => {
    // Prepare
    await register();
    await grant({ enterpriseId: 'ent-2', landAcquiredOn: '2025-02-26', expectedVersion: 1 });

    // Act
    const other = await file({ commitment: { indicators: meets } });
    const holderWrongDate = await file({ commitment: { indicators: meets } }, principals.otherEnterprise);
    const holder = await file(
      { landAcquiredOn: '2025-02-26', commitment: { indicators: meets } },
      principals.otherEnterprise,
    );

    // Assess
    expect(other.statusCode).toBe(422);
    expect(other.body.error).toMatchObject({
      code: 'PARCEL_NOT_AVAILABLE',
      issues: [
        { path: 'landParcel.parcelId', message: expect.stringContaining('granted to another enterprise') },
      ],
    });
    expect(holderWrongDate.statusCode).toBe(422);
    expect(holderWrongDate.body.error.issues).toEqual([
      { path: 'landAcquiredOn', message: expect.stringContaining('2025-02-26') },
    ]);
    expect(holder.statusCode).toBe(201);
    expect(holder.body).toMatchObject({
      landAcquiredOn: '2025-02-26',
      landParcel: { parcelId, areaMu: 86.5, location: '长春经开区 标准地' },
    });
  });

  it('refuses a commitment under a control value, or over a maximum, naming each indicator', async () => {
    // Prepare
    await register();

    // Act
    const response = await file({
      commitment: {
        indicators: {
          'investment-per-mu-yuan': 2_500_000,
          'plot-ratio': 1.5,
          'energy-tce-per-10k-yuan': 0.4,
        },
      },
    });
    const missing = await file({ commitment: { indicators: { 'investment-per-mu-yuan': 3_500_000 } } });
    const fine = await file({ commitment: { indicators: meets } });

    // Assess
    expect(response.statusCode).toBe(422);
    expect(response.body.error).toMatchObject({ code: 'COMMITMENT_BELOW_CONTROL' });
    expect(response.body.error.issues).toEqual([
      {
        path: 'commitment.indicators.investment-per-mu-yuan',
        message: 'investment-per-mu-yuan 2500000 is below the control value 3000000',
      },
      {
        path: 'commitment.indicators.energy-tce-per-10k-yuan',
        message: 'energy-tce-per-10k-yuan 0.4 is above the control limit 0.3',
      },
    ]);
    expect(missing.body.error.issues.map((i: { path: string }) => i.path)).toEqual([
      'commitment.indicators.plot-ratio',
      'commitment.indicators.energy-tce-per-10k-yuan',
    ]);
    expect(fine.statusCode).toBe(201);
  });

  it('checks a commitment signed after filing against the parcel the same way', async () => {
    // Prepare
    await register();
    await seed(deps, anApplication({ track: 'standard-land', landAcquiredOn: '2025-02-27' }), [aStep()]);
    const sign = (committed: Record<string, number>) =>
      invoke(
        signHandler(deps),
        apiEvent({
          method: 'POST',
          path: '/applications/app-1/commitment',
          pathParameters: { applicationId: 'app-1' },
          principal: principals.enterprise,
          body: { indicators: committed },
        }),
      );

    // Act
    const below = await sign({ ...meets, 'plot-ratio': 1.0 });
    const signed = await sign(meets);

    // Assess
    expect(below.statusCode).toBe(422);
    expect(below.body.error).toMatchObject({
      code: 'COMMITMENT_BELOW_CONTROL',
      issues: [{ path: 'indicators.plot-ratio', message: 'plot-ratio 1 is below the control value 1.2' }],
    });
    expect(signed.statusCode).toBe(200);
  });
});
