// Tenant isolation over every route of infra/routes.ts: for each role, every resource that is not its own (the
// other enterprise's applications, another department's steps and inbox, unknown IDs) answers 401, 403 or 404
// as the rules say, never data and never 500, and writes nothing. Real handlers on DynamoDB Local.
//
// The rules the expectations encode (the issue's, not read back from shared/access): an enterprise reaches only
// its own applications, its agency officer only those of the enterprises assigned to it; the window clerk and
// administrators read every application; a department officer reads an application once it has a step of its
// department and decides only its department's review and verification steps; administrators decide nothing.
// Where the role is allowed but the resource is not visible, the answer is the one an unknown ID gets (404),
// so existence does not leak.
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { apiRoutes, routeKey, type ApiRoute } from '#infra/routes';
import type { Principal } from '#shared/auth/principal';
import type { ApiEventInput, ApiResult } from '#test/support/http';
import { createTestTable, type TestTable } from '#test/support/dynamodb';
import {
  buildWorld,
  departments,
  enterprises,
  loadHandlerModules,
  principalNames,
  principals,
  type PrincipalName,
  type SeededApplication,
  type World,
} from './world.ts';

const unknownApplicationId = 'app-does-not-exist';
const unknownStepId = 'review-land-use-approval-9';
const unknownEnterpriseId = 'ent-unknown';
const unknownDepartment = 'fire-protection';
const unknownNotificationId = `n${'0'.repeat(9)}-${'0'.repeat(24)}`;

/** What the rules say a call must answer. `permitted`: the caller may do it; a denial suite does not call it. */
type Expected =
  | { status: 401 | 403 | 404 | 400 | 409; code?: string; sameAsUnknown?: ApiEventInput }
  | { status: 200; check: (body: unknown) => void }
  | { permitted: true };

interface Case {
  label: string;
  request: ApiEventInput;
  /** The partition a write would land in, compared before and after; undefined: the whole table. */
  partition: string | undefined;
  expected: (principal: Principal) => Expected;
}

/** One entry per route of the route table: the requests that reach for resources, and what each must answer. */
type RouteCases = (world: World) => Case[];

// ---------------------------------------------------------------------------------------------------------
// The rules, as the issue states them

const has = (p: Principal, role: Principal['roles'][number]) => p.roles.includes(role);
const actsFor = (p: Principal, enterpriseId: string) =>
  (has(p, 'enterprise') && p.enterpriseId === enterpriseId) ||
  (has(p, 'agency-officer') && (p.agencyFor ?? []).includes(enterpriseId));
const sees = (p: Principal, app: SeededApplication) =>
  has(p, 'administrator') ||
  has(p, 'window-clerk') ||
  actsFor(p, app.enterpriseId) ||
  (has(p, 'department-officer') && app.steps.some((s) => s.department === p.department));

// ---------------------------------------------------------------------------------------------------------
// Requests per route

const appPath = (id: string, suffix = '') => ({
  path: `/applications/${id}${suffix}`,
  pathParameters: { applicationId: id },
});

/** Routes on one application: each seeded application, and an unknown one. */
function perApplication(
  suffix: string,
  body: Record<string, unknown> | undefined,
  rule: (p: Principal, app: SeededApplication) => Expected,
): RouteCases {
  return (world) => {
    const unknown: ApiEventInput = { ...appPath(unknownApplicationId, suffix), ...(body ? { body } : {}) };
    return [
      ...world.applications.map<Case>((app) => ({
        label: `${app.enterpriseId} ${app.stage}`,
        request: { ...appPath(app.applicationId, suffix), ...(body ? { body } : {}) },
        partition: app.applicationId,
        expected: (p) =>
          sees(p, app) ? rule(p, app) : { status: 404, code: 'NOT_FOUND', sameAsUnknown: unknown },
      })),
      {
        label: 'unknown application',
        request: unknown,
        partition: unknownApplicationId,
        expected: () => ({ status: 404, code: 'NOT_FOUND' }),
      },
    ];
  };
}

const readsApplication = (p: Principal, app: SeededApplication): Expected => ({
  status: 200,
  check: (body) => expect(body).toMatchObject({ application: { applicationId: app.applicationId } }),
});

const adminRead = (path: string): Case => ({
  label: 'the report',
  request: { path },
  partition: undefined,
  expected: () => ({ status: 200, check: (body) => expect(body).toBeDefined() }),
});

const routeCases: Record<string, RouteCases> = {
  'POST /applications': () =>
    [...enterprises, unknownEnterpriseId, undefined].map((enterpriseId) => ({
      label: `for ${enterpriseId ?? 'no named enterprise'}`,
      request: {
        path: '/applications',
        body: {
          projectName: '越权申报',
          projectType: 'industrial',
          track: 'regular',
          landParcel: { parcelId: 'X-1', areaMu: 1, location: '某地' },
          investmentYuan: 1,
          requiredPermits: ['construction'],
          documents: [],
          ...(enterpriseId ? { enterpriseId } : {}),
        },
      },
      partition: undefined,
      expected: (p) => {
        const target = enterpriseId ?? (has(p, 'enterprise') ? p.enterpriseId : undefined);
        if (target === undefined) return { status: 400, code: 'VALIDATION_FAILED' };
        return actsFor(p, target) ? { permitted: true } : { status: 403, code: 'FORBIDDEN' };
      },
    })),

  'GET /applications': (world) =>
    [...enterprises, unknownEnterpriseId, undefined].map((enterpriseId) => ({
      label: `of ${enterpriseId ?? 'the caller'}`,
      request: {
        path: '/applications',
        queryStringParameters: { limit: '100', ...(enterpriseId ? { enterpriseId } : {}) },
      },
      partition: undefined,
      expected: (p) => {
        const listed = (ids: string[]): Expected => ({
          status: 200,
          check: (body) => {
            const items = (body as { items: { applicationId: string }[] }).items;
            expect(items.map((a) => a.applicationId).sort()).toEqual(ids.sort());
          },
        });
        const visibleOf = (e: string) =>
          world.applications.filter((a) => a.enterpriseId === e && sees(p, a)).map((a) => a.applicationId);
        if (enterpriseId === undefined) {
          const own = enterprises.filter((e) => actsFor(p, e));
          return own.length > 0 ? listed(own.flatMap(visibleOf)) : { status: 400, code: 'VALIDATION_FAILED' };
        }
        if (has(p, 'administrator') || has(p, 'window-clerk') || actsFor(p, enterpriseId)) {
          return listed(visibleOf(enterpriseId));
        }
        if (has(p, 'department-officer')) return listed(visibleOf(enterpriseId));
        return { status: 404, code: 'NOT_FOUND' };
      },
    })),

  'GET /applications/{applicationId}': perApplication('', undefined, readsApplication),

  'POST /applications/{applicationId}/intake-decision': perApplication(
    '/intake-decision',
    { outcome: 'refuse', reason: '越权' },
    () => ({ permitted: true }),
  ),

  'POST /applications/{applicationId}/supplement': perApplication(
    '/supplement',
    {
      documents: [
        { documentId: 'doc-x', kind: 'site-plan', name: 'x.pdf', sizeBytes: 1, sha256: 'b'.repeat(64) },
      ],
    },
    () => ({ permitted: true }),
  ),

  'POST /applications/{applicationId}/commitment': perApplication(
    '/commitment',
    { indicators: { 'investment-per-mu-yuan': 1 } },
    () => ({ permitted: true }),
  ),

  'GET /inbox': (world) =>
    [...departments, unknownDepartment, undefined].map((department) => ({
      label: `of ${department ?? 'the caller'}`,
      request: {
        path: '/inbox',
        queryStringParameters: { limit: '100', ...(department ? { department } : {}) },
      },
      partition: undefined,
      expected: (p) => {
        const readable = [
          ...(has(p, 'window-clerk') ? ['window'] : []),
          ...(has(p, 'department-officer') ? [p.department!] : []),
        ];
        const inbox = (d: string): Expected => ({
          status: 200,
          check: (body) => {
            const items = (body as { items: { applicationId: string; stepId: string }[] }).items;
            const open = world.applications.flatMap((a) =>
              a.steps.filter((s) => s.status === 'open' && s.department === d),
            );
            expect(items.map((s) => `${s.applicationId}/${s.stepId}`).sort()).toEqual(
              open.map((s) => `${s.applicationId}/${s.stepId}`).sort(),
            );
          },
        });
        if (department === undefined) {
          return readable.length === 1 && !has(p, 'administrator')
            ? inbox(readable[0]!)
            : { status: 400, code: 'VALIDATION_FAILED' };
        }
        return has(p, 'administrator') || readable.includes(department)
          ? inbox(department)
          : { status: 403, code: 'FORBIDDEN' };
      },
    })),

  'POST /applications/{applicationId}/steps/{stepId}/decision': (world) => {
    const request = (applicationId: string, stepId: string): ApiEventInput => ({
      path: `/applications/${applicationId}/steps/${stepId}/decision`,
      pathParameters: { applicationId, stepId },
      body: { outcome: 'reject', reason: '越权' },
    });
    const unknownApp = request(unknownApplicationId, 'review-construction-1');
    return [
      ...world.applications.flatMap((app) =>
        [...app.steps.map((s) => s.stepId), unknownStepId].map<Case>((stepId) => ({
          label: `${app.enterpriseId} ${app.stage} ${stepId}`,
          request: request(app.applicationId, stepId),
          partition: app.applicationId,
          expected: (p) => {
            if (!sees(p, app)) return { status: 404, code: 'NOT_FOUND', sameAsUnknown: unknownApp };
            const step = app.steps.find((s) => s.stepId === stepId);
            if (!step) return { status: 404, code: 'NOT_FOUND' };
            const own =
              (step.kind === 'review' || step.kind === 'verification') && step.department === p.department;
            return own ? { permitted: true } : { status: 403, code: 'FORBIDDEN' };
          },
        })),
      ),
      {
        label: 'unknown application',
        request: unknownApp,
        partition: unknownApplicationId,
        expected: () => ({ status: 404, code: 'NOT_FOUND' }),
      },
    ];
  },

  'POST /applications/{applicationId}/verification-decision': perApplication(
    '/verification-decision',
    { outcome: 'failed', reason: '越权' },
    (p, app) => {
      const verification = app.steps.find((s) => s.kind === 'verification');
      if (!verification) return { status: 409, code: 'STEP_NOT_OPEN' };
      return verification.department === p.department
        ? { permitted: true }
        : { status: 403, code: 'FORBIDDEN' };
    },
  ),

  'GET /applications/{applicationId}/permits': perApplication('/permits', undefined, (_p, app) =>
    app.application.permits?.length
      ? {
          status: 200,
          check: (body) =>
            expect(body).toMatchObject({ applicationId: app.applicationId, permits: expect.any(Array) }),
        }
      : { status: 404, code: 'NOT_FOUND' },
  ),

  // Administrators' reads: every application and every figure, to administrators only (403 for anyone else,
  // by the role rule, before anything is read).
  'GET /admin/reports/steps': () => [adminRead('/admin/reports/steps')],
  'GET /admin/reports/applications': () => [adminRead('/admin/reports/applications')],
  'GET /admin/reports/overdue': () => [adminRead('/admin/reports/overdue')],
  'GET /admin/calendar': () => [adminRead('/admin/calendar')],
  'GET /admin/applications/{applicationId}/timeline': (world) => [
    ...world.applications.map<Case>((app) => ({
      label: `${app.enterpriseId} ${app.stage}`,
      request: {
        path: `/admin/applications/${app.applicationId}/timeline`,
        pathParameters: { applicationId: app.applicationId },
      },
      partition: app.applicationId,
      expected: () => ({
        status: 200,
        check: (body) => expect(JSON.stringify(body)).toContain(app.applicationId),
      }),
    })),
    {
      label: 'unknown application',
      request: {
        path: `/admin/applications/${unknownApplicationId}/timeline`,
        pathParameters: { applicationId: unknownApplicationId },
      },
      partition: unknownApplicationId,
      expected: () => ({ status: 404, code: 'NOT_FOUND' }),
    },
  ],

  // Configuration: administrators only; anyone else is refused by the role rule before the body is read.
  'PUT /admin/calendar/years/{year}': () => [
    {
      label: 'load a year',
      request: { path: '/admin/calendar/years/2027', pathParameters: { year: '2027' }, body: { year: 2027 } },
      partition: undefined,
      expected: () => ({ permitted: true }),
    },
  ],
  'POST /admin/calendar/local-rest-days': () => [
    {
      label: 'add a rest day',
      request: { path: '/admin/calendar/local-rest-days', body: { add: [{ date: '2025-08-01' }] } },
      partition: undefined,
      expected: () => ({ permitted: true }),
    },
  ],

  // The notification centre (通知): each person's own, keyed by the caller's user id; nothing names anyone else.
  'GET /notifications': (world) => [
    {
      label: "the caller's own centre",
      request: { path: '/notifications', queryStringParameters: { limit: '100' } },
      partition: undefined,
      expected: (p) => ({
        status: 200,
        check: (body) => {
          const items = (body as { items: { notificationId: string; userId: string }[] }).items;
          expect(items.every((n) => n.userId === p.userId)).toBe(true);
          expect(items.map((n) => n.notificationId).sort()).toEqual(
            (world.notifications.get(p.userId) ?? []).map((n) => n.notificationId).sort(),
          );
        },
      }),
    },
  ],
  'GET /notifications/unread-count': (world) => [
    {
      label: "the caller's own count",
      request: { path: '/notifications/unread-count' },
      partition: undefined,
      expected: (p) => ({
        status: 200,
        check: (body) => expect(body).toEqual({ unread: (world.notifications.get(p.userId) ?? []).length }),
      }),
    },
  ],
  'POST /notifications/{notificationId}/read': (world) => [
    // Everyone's first notification: another person's answers 404 as an unknown id would, and changes nothing.
    ...[...world.notifications.entries()].flatMap(([owner, items]) =>
      items.slice(0, 1).map<Case>((n) => ({
        label: `${owner}'s ${n.kind}`,
        request: {
          path: `/notifications/${n.notificationId}/read`,
          pathParameters: { notificationId: n.notificationId },
        },
        partition: undefined,
        expected: (p) => (p.userId === owner ? { permitted: true } : { status: 404, code: 'NOT_FOUND' }),
      })),
    ),
    {
      label: 'an unknown notification',
      request: {
        path: `/notifications/${unknownNotificationId}/read`,
        pathParameters: { notificationId: unknownNotificationId },
      },
      partition: undefined,
      expected: () => ({ status: 404, code: 'NOT_FOUND' }),
    },
  ],
  'GET /notifications/preferences': () => [
    {
      label: "the caller's own preferences",
      request: { path: '/notifications/preferences' },
      partition: undefined,
      expected: () => ({
        status: 200,
        check: (body) => expect(body).toMatchObject({ version: 0, preferences: { email: true } }),
      }),
    },
  ],
  'PUT /notifications/preferences': () => [
    {
      label: "the caller's own preferences",
      request: { path: '/notifications/preferences', body: { preferences: { sms: false }, version: 0 } },
      partition: undefined,
      expected: () => ({ permitted: true }),
    },
  ],

  'GET /openapi.json': (world) => [
    {
      label: 'the document',
      request: { path: '/openapi.json' },
      partition: undefined,
      expected: () => ({
        status: 200,
        check: (body) => {
          const text = JSON.stringify(body);
          for (const app of world.applications) expect(text).not.toContain(app.applicationId);
          for (const enterpriseId of enterprises) expect(text).not.toContain(enterpriseId);
        },
      }),
    },
  ],
};

// ---------------------------------------------------------------------------------------------------------

let table: TestTable;
let world: World;
let initial: Record<string, unknown>[];
const routeRoles = new Map<string, readonly string[] | 'public'>();
const tally = { denied: 0, reads: 0, permittedSkipped: 0 };

beforeAll(async () => {
  table = await createTestTable(inject('dynamoEndpoint'));
  world = await buildWorld(table);
  for (const [key, module] of await loadHandlerModules()) routeRoles.set(key, module.route.roles);
  initial = await world.scanAll();
}, 120_000);

afterAll(async () => {
  console.info(
    `tenant isolation: ${tally.denied} denied calls, ${tally.reads} permitted reads checked, ` +
      `${tally.permittedSkipped} permitted writes not attempted`,
  );
  await table?.drop();
});

describe('the tenant-isolation matrix', () => {
  it('has an entry for every route of the route table, and none for a route that is gone', () => {
    expect(Object.keys(routeCases).sort()).toEqual(apiRoutes.map(routeKey).sort());
  });

  it('gave every person notifications of their own to be kept from the others', () => {
    // (Administrators hear of escalations (督办) only; this world has none, so their centre stays empty.)
    for (const name of ['entA', 'entB', 'agentA', 'clerk', 'officerNR', 'officerHC', 'officerRER'] as const) {
      expect(world.notifications.get(principals[name].userId), name).not.toEqual([]);
    }
  });

  it('was seeded with applications in every stage, for both enterprises', () => {
    expect(world.applications).toHaveLength(10);
    expect(world.byStage('ent-b', 'review').steps.filter((s) => s.status === 'open')).toHaveLength(2);
    expect(world.byStage('ent-b', 'issued').application.permits).toHaveLength(2);
    expect(world.byStage('ent-b', 'verification').steps.find((s) => s.kind === 'verification')).toMatchObject(
      {
        status: 'open',
        department: 'natural-resources',
      },
    );
  });
});

describe.each(apiRoutes.map((route) => [routeKey(route), route] as const))('%s', (key, route) => {
  it.each(principalNames.map((name) => [name]))('as %s: no foreign resource answers data', async (name) => {
    const cases = (routeCases[key] ?? (() => []))(world);
    expect(cases.length, `no cases for ${key}`).toBeGreaterThan(0);
    for (const c of cases) await check(route, name, c);
  });
});

describe('cursors', () => {
  it("never continue a listing into another enterprise's or department's partition", async () => {
    // Prepare: genuine cursors of B's applications (read by the window) and of the housing inbox.
    const list = apiRoutes.find((r) => routeKey(r) === 'GET /applications')!;
    const inbox = apiRoutes.find((r) => routeKey(r) === 'GET /inbox')!;
    const ofB = await world.call(list, 'clerk', {
      path: '/applications',
      queryStringParameters: { enterpriseId: 'ent-b', limit: '1' },
    });
    const ofHousing = await world.call(inbox, 'officerHC', {
      path: '/inbox',
      queryStringParameters: { limit: '1' },
    });
    expect(ofB.body.cursor).toEqual(expect.any(String));
    expect(ofHousing.body.cursor).toEqual(expect.any(String));

    // Act
    const answers = [
      await world.call(list, 'entA', {
        path: '/applications',
        queryStringParameters: { cursor: ofB.body.cursor },
      }),
      await world.call(list, 'clerk', {
        path: '/applications',
        queryStringParameters: { enterpriseId: 'ent-a', cursor: ofB.body.cursor },
      }),
      await world.call(inbox, 'officerNR', {
        path: '/inbox',
        queryStringParameters: { cursor: ofHousing.body.cursor },
      }),
    ];

    // Assess
    for (const answer of answers) {
      expect(answer.statusCode).toBe(400);
      expect(answer.body.error.code).toBe('INVALID_CURSOR');
      assertDenial(answer, 'cursor');
    }
  });
});

describe('after the whole matrix', () => {
  it('left the table exactly as seeded, started no workflow and sent no decision', async () => {
    expect(await world.scanAll()).toEqual(initial);
    expect(world.recorded).toEqual({ started: [], callbacks: [] });
  });
});

async function check(route: ApiRoute, name: PrincipalName, c: Case): Promise<void> {
  const label = `${routeKey(route)} as ${name}: ${c.label}`;
  const roles = routeRoles.get(routeKey(route))!;
  const principal: Principal = name === 'anonymous' ? { userId: 'anonymous', roles: [] } : principals[name];

  let expected: Expected;
  if (roles === 'public') expected = c.expected(principal);
  else if (name === 'anonymous') expected = { status: 401, code: 'UNAUTHORIZED' };
  else if (!roles.some((role) => principal.roles.includes(role as never)))
    expected = { status: 403, code: 'FORBIDDEN' };
  else expected = c.expected(principal);

  if ('permitted' in expected) {
    tally.permittedSkipped += 1;
    return;
  }

  const before = await snapshot(c.partition);
  const result = await world.call(route, name, c.request);
  const after = await snapshot(c.partition);

  expect(result.statusCode, `${label}: ${result.rawBody}`).toBe(expected.status);
  expect(after, `${label}: wrote to the table`).toEqual(before);
  expect(world.recorded, `${label}: reached the workflow`).toEqual({ started: [], callbacks: [] });

  if (expected.status === 200) {
    tally.reads += 1;
    expected.check(result.body);
    return;
  }
  tally.denied += 1;
  assertDenial(result, label);
  if (expected.code !== undefined) expect(result.body.error.code, label).toBe(expected.code);
  if (expected.sameAsUnknown !== undefined) {
    const unknown = await world.call(route, name, expected.sameAsUnknown);
    const id = c.request.pathParameters?.applicationId ?? '';
    expect(result.statusCode, label).toBe(unknown.statusCode);
    expect(result.body.error.code, label).toBe(unknown.body.error.code);
    expect(result.body.error.message.replaceAll(id, '<id>'), label).toBe(
      unknown.body.error.message.replaceAll(unknownApplicationId, '<id>'),
    );
  }
}

/** A denial carries an error and nothing else: no application, step, permit or list of them. */
function assertDenial(result: ApiResult, label: string): void {
  expect(Object.keys(result.body ?? {}), label).toEqual(['error']);
  expect(Object.keys(result.body.error).sort(), label).toEqual(
    expect.arrayContaining(['code', 'correlationId', 'message']),
  );
  for (const app of world.applications) {
    if (!result.rawBody?.includes(app.applicationId)) continue;
    // Only the ID the caller itself sent may come back in the message.
    expect(result.body.error.message, label).toContain(app.applicationId);
  }
}

async function snapshot(partition: string | undefined): Promise<unknown> {
  if (partition === undefined) return world.scanAll();
  const page = await world.table.client.send(
    new QueryCommand({
      TableName: world.table.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `APP#${partition}` },
      ConsistentRead: true,
    }),
  );
  return page.Items ?? [];
}
