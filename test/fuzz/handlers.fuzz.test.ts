// Fuzzing every API handler of infra/routes.ts with the real handlers on DynamoDB Local: requests generated
// from each route's own zod schemas (valid-shaped, then mutated into hostile ones), and hand-written hostile
// requests (1 MB strings, 10k-deep JSON, wrong types and content types, unicode traps, prototype-pollution
// keys, 1e309 and friends, base64 bodies, path parameters with '#', '/', '..', bad cursors, huge queries).
//
// Properties, for every case: never a 5xx; input the schemas refuse is never accepted (400, 413 or 415);
// every error body has a stable `error.code`, and validation errors their field `issues`; and no partial
// write: every application partition the case touched still holds its application with its
// 'application-submitted' event, every step its 'step-opened' event, every decided step its decision event,
// and no idempotency record is left in progress. The number of cases run is printed at the end.
// FUZZ_RUNS (generated cases per route, default 100) and FUZZ_SEED (default fixed) change the run.
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { z } from 'zod';
import { permitTypes } from '#shared/model';
import { apiRoutes, routeKey, type ApiRoute } from '#infra/routes';
import type { Principal } from '#shared/auth/principal';
import type { ApiEventInput, ApiResult } from '#test/support/http';
import type { RouteSpec } from '#shared/http/openapi';
import { createTestTable, type TestTable } from '#test/support/dynamodb';
import { fixtureParcel } from '#test/support/fixtures';
import { serviceConfigSourceOf } from '#shared/runtime/index';
import { DEFAULT_SERVICE_CONFIG } from '#shared/service-config/config';
import { putServiceConfig } from '#services/admin/core/service-config-admin';
import {
  buildWorld,
  loadHandlerModules,
  principals,
  type PrincipalName,
  type Stage,
  type World,
} from '#test/security/world';
import {
  arbitraryFor,
  deepArrayJson,
  deepObjectJson,
  hostileStrings,
  mutate,
  mutation,
  stringRecordFor,
  type Mutation,
} from './arbitraries.ts';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Generated cases per route; with the hand-written ones, a few thousand in all. */
const generatedRuns = Number(process.env.FUZZ_RUNS ?? 100);
/** Fixed unless FUZZ_SEED says otherwise, so a failure reproduces; the seed is printed with the summary. */
const seed = Number(process.env.FUZZ_SEED ?? 20250303);

interface FuzzCase {
  /** Run against a freshly prepared application (see `fresh`) instead of the IDs in the request. */
  fresh?: boolean;
  principal: PrincipalName;
  input: ApiEventInput;
  /** The schemas (or the request's form) refuse it: the answer must be 400, 413 or 415. */
  invalid: boolean;
  /** Exactly these statuses, when a hand-written case knows. */
  statuses?: readonly number[];
  label: string;
}

/**
 * Routes that decide something: a step decided once answers 409 ever after, so a share of the generated
 * cases gets an application of its own, prepared up to that step, decided by the one who may.
 */
const fresh: Record<string, { stage: Stage; principal: PrincipalName; stepId?: string }> = {
  'POST /applications/{applicationId}/intake-decision': { stage: 'submitted', principal: 'clerk' },
  'POST /applications/{applicationId}/supplement': { stage: 'supplement', principal: 'agentA' },
  'POST /applications/{applicationId}/commitment': { stage: 'submitted', principal: 'entA' },
  'POST /applications/{applicationId}/steps/{stepId}/decision': {
    stage: 'review',
    principal: 'officerNR',
    stepId: 'review-land-use-planning-1',
  },
  'POST /applications/{applicationId}/steps/{stepId}/assignment': {
    stage: 'review',
    principal: 'officerNR',
    stepId: 'review-land-use-planning-1',
  },
  'POST /applications/{applicationId}/steps/{stepId}/exclusions': {
    stage: 'review',
    principal: 'officerNR',
    stepId: 'review-land-use-planning-1',
  },
  'POST /applications/{applicationId}/verification-decision': {
    stage: 'verification',
    principal: 'officerNR',
  },
};
const freshId = 'app-fresh';

let table: TestTable;
let world: World;
const specs = new Map<string, RouteSpec>();
const tally = new Map<string, { generated: number; handWritten: number; statuses: Map<number, number> }>();
const issuedIds: string[] = [];

beforeAll(async () => {
  table = await createTestTable(inject('dynamoEndpoint'));
  world = await buildWorld(table, { s3Endpoint: inject('s3Endpoint') });
  for (const [key, module] of await loadHandlerModules()) specs.set(key, module.route as RouteSpec);
  // Every id the handlers draw (new applications, events) is noted, so a case can check what it created.
  const draw = world.deps.newId;
  world.deps.newId = () => {
    const id = draw();
    issuedIds.push(id);
    return id;
  };
}, 120_000);

afterAll(async () => {
  const lines = [...tally].map(([key, t]) => {
    const statuses = [...t.statuses]
      .sort(([a], [b]) => a - b)
      .map(([s, n]) => `${s}×${n}`)
      .join(' ');
    return `  ${key.padEnd(62)} ${String(t.generated + t.handWritten).padStart(5)} (${t.generated} generated, ${t.handWritten} hand-written) ${statuses}`;
  });
  const total = [...tally.values()].reduce((sum, t) => sum + t.generated + t.handWritten, 0);
  console.info(`fuzz cases per handler (seed ${seed}):\n${lines.join('\n')}\n  total: ${total} cases`);
  await table?.drop();
});

// Routes that prepare fresh applications run last: the world they leave behind (hundreds of open steps) makes
// a calendar change, which recomputes every open deadline, slow.
const routeOrder = [...apiRoutes].sort((a, b) => Number(routeKey(a) in fresh) - Number(routeKey(b) in fresh));

describe.each(routeOrder.map((route) => [routeKey(route), route] as const))('%s', (key, route) => {
  it('survives requests generated from its schemas and mutated', async () => {
    const spec = specs.get(key)!;
    await fc.assert(
      fc.asyncProperty(generatedCase(route, spec), async (c) => {
        await runCase(route, spec, c, 'generated');
      }),
      { numRuns: generatedRuns, seed, endOnFailure: true },
    );
    await assertNoPartialWrites(await world.scanAll(), key);
  });

  it('survives hand-written hostile requests', async () => {
    const spec = specs.get(key)!;
    for (const c of await handWrittenCases(route, spec)) await runCase(route, spec, c, 'handWritten');
    await assertNoPartialWrites(await world.scanAll(), key);
  });

  // A well-formed configuration or parcel write the fuzzing got through changes what the routes after it meet
  // (the catalogue, the fixture's parcel): the world's configuration is put back, so each route is fuzzed on it.
  afterAll(async () => {
    if (route.table === 'readWrite' && route.path.startsWith('/admin/')) await restoreConfiguration();
  });
});

describe.each(apiRoutes.filter((r) => r.paged === true).map((r) => [routeKey(r), r] as const))(
  'mutated cursors of %s',
  (key, route) => {
    it('refuses every cursor that differs from the one issued with 400 INVALID_CURSOR', async () => {
      // Prepare: genuine cursors of pages of one item, for the callers and lists that have a next page.
      const spec = specs.get(key)!;
      // 好差评: the fuzzing before may have handled the world's follow-ups; two fresh poor ratings give a next page.
      if (key === 'GET /admin/rating-follow-ups') await openTwoFollowUps();
      const issued: { principal: PrincipalName; query: Record<string, string>; cursor: string }[] = [];
      for (const [principal, query] of [
        ['entA', {}],
        ['clerk', { enterpriseId: 'ent-b' }],
        ['admin', { department: 'natural-resources' }],
        ['officerHC', {}],
        ['clerk', {}],
        ['admin', {}],
      ] as const) {
        const answer = await world.call(route, principal, {
          path: route.path,
          queryStringParameters: { ...query, limit: '1' },
        });
        if (typeof answer.body?.cursor === 'string')
          issued.push({ principal, query, cursor: answer.body.cursor });
      }
      expect(issued.length).toBeGreaterThan(0);
      const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ ';
      const edit = fc.oneof(
        fc.record({ kind: fc.constant('replace'), at: fc.nat(), char: fc.constantFrom(...alphabet) }),
        fc.record({ kind: fc.constant('insert'), at: fc.nat(), char: fc.constantFrom(...alphabet) }),
        fc.record({ kind: fc.constant('delete'), at: fc.nat() }),
        fc.record({ kind: fc.constant('flip'), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
        fc.record({ kind: fc.constant('cut'), at: fc.nat() }),
      );
      const apply = (
        cursor: string,
        e: { kind: string; at: number; char?: string; bit?: number },
      ): string => {
        const i = e.at % cursor.length;
        switch (e.kind) {
          case 'replace':
            return cursor.slice(0, i) + e.char + cursor.slice(i + 1);
          case 'insert':
            return cursor.slice(0, i) + e.char + cursor.slice(i);
          case 'delete':
            return cursor.slice(0, i) + cursor.slice(i + 1);
          case 'cut':
            return cursor.slice(0, i);
          default: {
            const bytes = Buffer.from(cursor.slice(3), 'base64url');
            const at = e.at % bytes.length;
            bytes[at] = bytes[at]! ^ (1 << e.bit!);
            return `v1.${bytes.toString('base64url')}`;
          }
        }
      };

      // Act & Assess
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...issued),
          fc.array(edit, { minLength: 1, maxLength: 3 }),
          async ({ principal, query, cursor }, edits) => {
            const mutated = edits.reduce(apply, cursor);
            fc.pre(mutated !== cursor);
            const answer = await world.call(route, principal, {
              path: route.path,
              queryStringParameters: { ...query, limit: '1', cursor: mutated },
            });
            expect(answer.statusCode, mutated).toBe(400);
            expect(['INVALID_CURSOR', 'VALIDATION_FAILED'], mutated).toContain(answer.body.error.code);
            if (mutated.length > 0 && mutated.length <= 4096) {
              expect(answer.body.error.code, mutated).toBe('INVALID_CURSOR');
            }
          },
        ),
        { numRuns: generatedRuns * 2, seed, endOnFailure: true },
      );
      expect(spec.query).toBeDefined();
    });
  },
);

/** A catalogue version in which land-use planning and construction let `kinds` follow (容缺), half each. */
async function tolerating(kinds: readonly string[]): Promise<void> {
  const source = serviceConfigSourceOf(world.deps);
  const head = await source.store.headRevision();
  const extra = (part: readonly string[]) =>
    part.map((kind) => ({ kind, mandatory: false, tolerable: true }));
  const half = Math.ceil(kinds.length / 2);
  await putServiceConfig(
    { serviceConfigs: source, now: world.deps.now, newId: world.deps.newId },
    {
      actor: { userId: 'fuzz-regression', role: 'administrator' },
      body: {
        expectedRevision: head,
        config: {
          ...DEFAULT_SERVICE_CONFIG,
          permits: DEFAULT_SERVICE_CONFIG.permits.map((permit) =>
            permit.permitType === 'land-use-planning'
              ? { ...permit, documents: [...permit.documents, ...extra(kinds.slice(0, half))] }
              : permit.permitType === 'construction'
                ? { ...permit, documents: [...permit.documents, ...extra(kinds.slice(half))] }
                : permit,
          ),
        },
      },
    },
  );
}

async function restoreConfiguration(): Promise<void> {
  const source = serviceConfigSourceOf(world.deps);
  const head = await source.store.headRevision();
  if (head !== 0) {
    await putServiceConfig(
      { serviceConfigs: source, now: world.deps.now, newId: world.deps.newId },
      {
        actor: { userId: 'fuzz-restore', role: 'administrator' },
        body: { expectedRevision: head, config: DEFAULT_SERVICE_CONFIG },
      },
    );
  }
  const parcel = await world.deps.parcels.get(fixtureParcel().parcelId);
  if (
    parcel &&
    JSON.stringify({ ...parcel, version: 0 }) !== JSON.stringify({ ...fixtureParcel(), version: 0 })
  ) {
    await world.deps.parcels.put(fixtureParcel({ version: parcel.version + 1 }), parcel.version, {
      eventId: `evt-restore-${parcel.version}`,
      at: world.deps.now().toISOString(),
      type: 'parcel-updated',
      actor: { userId: 'fuzz-restore', role: 'system' },
      parcelId: parcel.parcelId,
      fromVersion: parcel.version,
      toVersion: parcel.version + 1,
    });
  }
}

describe('regressions the fuzzing found', () => {
  const byKey = (key: string) => apiRoutes.find((r) => routeKey(r) === key)!;
  const submit = byKey('POST /applications');
  const base = {
    projectName: '回归',
    projectType: 'industrial',
    track: 'standard-land',
    landAcquiredOn: '2025-02-28',
    landParcel: { parcelId: 'R-1', areaMu: 1, location: '长春' },
    investmentYuan: 1,
    requiredPermits: ['construction'],
    documents: [],
  };
  const decide = async (
    key: string,
    stage: Stage,
    principal: PrincipalName,
    body: unknown,
    stepId?: string,
  ) => {
    const applicationId = await world.createApplication('ent-a', stage);
    const pathParameters = { applicationId, ...(stepId ? { stepId } : {}) };
    return world.call(byKey(key), principal, { path: '/regression', pathParameters, body });
  };

  it('refuses numbers DynamoDB cannot store with 400 and their path, instead of failing the write (500)', async () => {
    const cases: [unknown, string][] = [
      [{ ...base, landParcel: { ...base.landParcel, areaMu: 3.8e-245 } }, 'landParcel.areaMu'],
      [
        { ...base, commitment: { indicators: { 'output-per-mu': 1e200 } } },
        'commitment.indicators.output-per-mu',
      ],
      [
        { ...base, commitment: { indicators: { 'tax-per-mu': -2e-323 } } },
        'commitment.indicators.tax-per-mu',
      ],
    ];
    for (const [body, path] of cases) {
      const response = await world.call(submit, 'entA', { path: '/applications', body });
      expect(response.statusCode).toBe(400);
      expect(response.body.error.issues.map((i: { path: string }) => i.path)).toEqual([path]);
    }
    const signed = await decide('POST /applications/{applicationId}/commitment', 'submitted', 'entA', {
      indicators: { 'energy-per-mu': -2e-323 },
    });
    expect(signed.statusCode).toBe(400);
  });

  it('records a reason of the full 2000 characters in the decision event (was 500: the event refused it)', async () => {
    const reason = '"'.repeat(2000);
    const responses = [
      await decide('POST /applications/{applicationId}/verification-decision', 'verification', 'officerNR', {
        outcome: 'failed',
        reason,
      }),
      await decide('POST /applications/{applicationId}/intake-decision', 'submitted', 'clerk', {
        outcome: 'refuse',
        reason,
      }),
      await decide(
        'POST /applications/{applicationId}/steps/{stepId}/decision',
        'review',
        'officerNR',
        { outcome: 'reject', reason },
        'review-land-use-planning-1',
      ),
    ];
    expect(responses.map((r) => r.statusCode)).toEqual([200, 200, 200]);
    for (const r of responses) expect(r.body.step.decision.reason).toBe(reason);
  });

  it('bounds a supplement list so that, with a reason, it fits its audit event (was 500)', async () => {
    const intake = 'POST /applications/{applicationId}/intake-decision';
    const tooLong = await decide(intake, 'submitted', 'clerk', {
      outcome: 'request-supplement',
      missingItems: Array.from({ length: 50 }, () => 'x'.repeat(500)),
    });
    const longest = await decide(intake, 'submitted', 'clerk', {
      outcome: 'request-supplement',
      missingItems: Array.from({ length: 50 }, () => '"'.repeat(26)),
      reason: '\\'.repeat(2000),
    });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.body.error.issues.map((i: { path: string }) => i.path)).toEqual(['missingItems']);
    expect(longest.statusCode).toBe(200);
    expect(longest.body.step.decision.missingItems).toHaveLength(50);
  });

  it('closes 50 tolerated gaps with 50 documents in one request, and refuses 51 (was 500 past 50)', async () => {
    // Prepare: accepted with 50 tolerated gaps of the longest kinds.
    const kinds = Array.from({ length: 50 }, (_, i) => `k${String(i).padStart(2, '0')}${'x'.repeat(45)}`);
    const applicationId = await world.createApplication('ent-a', 'submitted');
    // 容缺 follows the catalogue: a version in which the application's two permits let these 50 kinds follow.
    await tolerating(kinds);
    const accepted = await world.call(byKey('POST /applications/{applicationId}/intake-decision'), 'clerk', {
      path: '/regression',
      pathParameters: { applicationId },
      body: {
        outcome: 'accept-with-gaps',
        gaps: kinds.map((documentKind) => ({ documentKind, dueOn: '2025-06-30' })),
      },
    });
    const documents = kinds.map((kind, i) => ({
      documentId: `${String(i).padStart(2, '0')}${'d'.repeat(62)}`,
      kind,
      name: '补交.pdf',
      sizeBytes: 1,
      sha256: 'c'.repeat(64),
    }));
    const supplement = (body: unknown) =>
      world.call(byKey('POST /applications/{applicationId}/supplement'), 'entA', {
        path: '/regression',
        pathParameters: { applicationId },
        body,
      });

    // Act
    const tooMany = await supplement({
      documents: [...documents, { ...documents[0]!, documentId: 'one-more' }],
    });
    const closed = await supplement({ documents, closesGaps: kinds });
    await restoreConfiguration();

    // Assess
    expect(accepted.statusCode).toBe(200);
    expect(tooMany.statusCode).toBe(400);
    expect(closed.statusCode).toBe(200);
    expect(closed.body.application.toleratedGaps.every((g: { closedAt?: string }) => g.closedAt)).toBe(true);
  });

  it('refuses text that is not well-formed Unicode (a lone surrogate) with its path, storing nothing', async () => {
    const before = (await world.scanAll()).length;
    const response = await world.call(submit, 'entA', {
      path: '/applications',
      body: JSON.stringify({
        ...base,
        projectName: 'x\ud800y',
        landParcel: { ...base.landParcel, location: '\udfff' },
      }),
      headers: { 'content-type': 'application/json' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual([
      'landParcel.location',
      'projectName',
    ]);
    expect((await world.scanAll()).length).toBe(before);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Running one case

async function runCase(
  route: ApiRoute,
  spec: RouteSpec,
  fuzzCase: FuzzCase,
  kind: 'generated' | 'handWritten',
): Promise<void> {
  const key = routeKey(route);
  const c = fuzzCase.fresh ? await prepared(key, fuzzCase) : fuzzCase;
  const label = `${key} as ${c.principal}: ${c.label}`;
  issuedIds.length = 0;
  const result = await world.call(route, c.principal, c.input);

  const t = tally.get(key) ?? { generated: 0, handWritten: 0, statuses: new Map<number, number>() };
  t[kind] += 1;
  t.statuses.set(result.statusCode, (t.statuses.get(result.statusCode) ?? 0) + 1);
  tally.set(key, t);

  const detail = `${label}\nrequest: ${describeInput(c.input)}\nresponse: ${result.statusCode} ${String(result.rawBody).slice(0, 500)}`;
  expect(result.statusCode, detail).toBeLessThan(500);
  if (c.statuses) expect(c.statuses, detail).toContain(result.statusCode);
  if (c.invalid) expect([400, 413, 415], detail).toContain(result.statusCode);
  if (result.statusCode >= 400) assertErrorBody(result, detail);
  else if (spec.roles !== 'public') assertNoInternals(result, detail);

  const touched = new Set<string>();
  const pathId = c.input.pathParameters?.applicationId;
  if (pathId !== undefined && /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(pathId)) touched.add(pathId);
  for (const id of issuedIds) touched.add(`app-${id}`);
  if (typeof result.body?.applicationId === 'string') touched.add(result.body.applicationId);
  for (const applicationId of touched) await assertPartitionWhole(applicationId, detail);
}

/** The case with its own application in the stage the route acts on, and the caller who acts there. */
async function prepared(key: string, c: FuzzCase): Promise<FuzzCase> {
  const plan = fresh[key]!;
  const applicationId = await world.createApplication('ent-a', plan.stage);
  const params = {
    ...c.input.pathParameters,
    applicationId,
    ...(plan.stepId !== undefined ? { stepId: plan.stepId } : {}),
  };
  return {
    ...c,
    principal: plan.principal,
    input: { ...c.input, path: c.input.path?.replace(freshId, applicationId), pathParameters: params },
  };
}

/** Two issued applications of ent-a rated poorly: two open follow-ups (差评整改) at least. */
async function openTwoFollowUps(): Promise<void> {
  const rate = apiRoutes.find((r) => routeKey(r) === 'POST /applications/{applicationId}/ratings')!;
  for (let n = 0; n < 2; n++) {
    const applicationId = await world.createApplication('ent-a', 'issued');
    const answer = await world.call(rate, 'entA', {
      path: `/applications/${applicationId}/ratings`,
      pathParameters: { applicationId },
      body: { level: 1 },
    });
    expect(answer.statusCode, answer.rawBody).toBe(201);
  }
}

function assertErrorBody(result: ApiResult, detail: string): void {
  expect(Object.keys(result.body ?? {}), detail).toEqual(['error']);
  const error = result.body.error as Record<string, unknown>;
  expect(error.code, detail).toMatch(/^[A-Z][A-Z_]+$/);
  expect(typeof error.message, detail).toBe('string');
  expect(typeof error.correlationId, detail).toBe('string');
  if (
    error.code === 'VALIDATION_FAILED' ||
    error.code === 'INVALID_CURSOR' ||
    error.code === 'FORBIDDEN_KEY'
  ) {
    expect(Array.isArray(error.issues) && error.issues.length > 0, detail).toBe(true);
    for (const issue of error.issues as { path: unknown; message: unknown }[]) {
      expect(typeof issue.path, detail).toBe('string');
      expect(typeof issue.message, detail).toBe('string');
    }
  }
}

/** A success never carries a task token or the execution's ARN. */
function assertNoInternals(result: ApiResult, detail: string): void {
  expect(result.rawBody ?? '', detail).not.toMatch(/taskToken|executionArn|token-app-/);
}

async function partition(applicationId: string): Promise<Record<string, unknown>[]> {
  const page = await world.table.client.send(
    new QueryCommand({
      TableName: world.table.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `APP#${applicationId}` },
      ConsistentRead: true,
    }),
  );
  return page.Items ?? [];
}

async function assertPartitionWhole(applicationId: string, detail: string): Promise<void> {
  const items = await partition(applicationId);
  expect(partitionProblems(items), `${detail}\npartition APP#${applicationId}`).toEqual([]);
}

/** What makes an application partition incomplete: a state without the event that must come with it. */
function partitionProblems(items: Record<string, unknown>[]): string[] {
  if (items.length === 0) return [];
  const problems: string[] = [];
  const applications = items.filter((i) => i.itemType === 'application');
  const events = items.filter((i) => i.itemType === 'event');
  const eventIds = new Set(events.map((e) => String(e.eventId)));
  if (applications.length !== 1) problems.push(`${applications.length} application items`);
  if (!events.some((e) => e.type === 'application-submitted'))
    problems.push('no application-submitted event');
  for (const step of items.filter((i) => i.itemType === 'step')) {
    if (!eventIds.has(`${String(step.stepId)}-opened`))
      problems.push(`step ${String(step.stepId)} without its opening`);
    if (step.decision !== undefined && !eventIds.has(`${String(step.stepId)}-decided`)) {
      problems.push(`step ${String(step.stepId)} decided without its decision event`);
    }
  }
  // 督办单: an order is written with its `supervision-issued` event.
  for (const order of items.filter((i) => i.itemType === 'supervision')) {
    const issued = events.some(
      (e) =>
        e.type === 'supervision-issued' &&
        (e.detail as Record<string, unknown> | undefined)?.orderId === order.orderId,
    );
    if (!issued) problems.push(`supervision order ${String(order.orderId)} without its issuing event`);
  }
  // 好差评: a rating is written with its `service-rated` event; a follow-up only beside a poor rating (1–2).
  const rating = items.find((i) => i.itemType === 'rating');
  if (rating && !events.some((e) => e.type === 'service-rated')) problems.push('rating without its event');
  if (items.some((i) => i.itemType === 'rating-follow-up') && !(rating && Number(rating.level) <= 2)) {
    problems.push('follow-up without a poor rating');
  }
  for (const item of items) {
    const known = [
      'application',
      'step',
      'event',
      'search-entry',
      'supervision',
      'rating',
      'rating-follow-up',
    ];
    if (!known.includes(String(item.itemType))) {
      problems.push(`unexpected item ${String(item.sk)}`);
    }
    // A search entry is rewritten with its application: the same facets, or a write was half done.
    if (item.itemType === 'search-entry' && item.gsi4sk !== applications[0]?.gsi4sk) {
      problems.push(`search entry ${String(item.sk)} out of step with its application`);
    }
  }
  return problems;
}

async function assertNoPartialWrites(items: Record<string, unknown>[], key: string): Promise<void> {
  const byPartition = new Map<string, Record<string, unknown>[]>();
  for (const item of items) {
    const pk = String(item.pk);
    if (pk.startsWith('APP#')) byPartition.set(pk, [...(byPartition.get(pk) ?? []), item]);
  }
  const problems = [...byPartition].flatMap(([pk, list]) =>
    partitionProblems(list).map((p) => `${pk}: ${p}`),
  );
  const stuck = items.filter((i) => String(i.pk).startsWith('IDEM#') && i.status === 'INPROGRESS');
  expect(problems, `after ${key}`).toEqual([]);
  expect(
    stuck.map((i) => i.pk),
    `after ${key}: idempotency records left in progress`,
  ).toEqual([]);
}

function describeInput(input: ApiEventInput): string {
  const text = JSON.stringify({
    ...input,
    body:
      typeof input.body === 'string' && input.body.length > 300
        ? `${input.body.slice(0, 300)}… (${input.body.length} chars)`
        : input.body,
  });
  return text.length > 1500 ? `${text.slice(0, 1500)}…` : text;
}

// ---------------------------------------------------------------------------------------------------------
// Who calls, and with which IDs

/** The principals the route's rule lets in (so cases reach validation and the domain), or anonymous. */
function callersOf(spec: RouteSpec): PrincipalName[] {
  if (spec.roles === 'public') return ['anonymous'];
  const rule = spec.roles;
  return (Object.keys(principals) as (keyof typeof principals)[]).filter((name) =>
    (principals[name] as Principal).roles.some((role) => rule.includes(role)),
  );
}

const applicationIds = () => world.applications.map((a) => a.applicationId);
const stepIds = () => [...new Set(world.applications.flatMap((a) => a.steps.map((s) => s.stepId)))];

/** Path parameters: real IDs of the world, IDs generated from the schema, and hostile strings. */
function paramsArbitrary(spec: RouteSpec): fc.Arbitrary<Record<string, string>> | undefined {
  if (!spec.params) return undefined;
  const generated = stringRecordFor(spec.params);
  return generated.chain((values) =>
    fc.record(
      Object.fromEntries(
        Object.entries(values).map(([name, value]) => {
          const real =
            name === 'applicationId'
              ? applicationIds()
              : name === 'stepId'
                ? stepIds()
                : name === 'permitType' // the public service guides (services/public)
                  ? [...permitTypes]
                  : [];
          return [
            name,
            fc.oneof(
              ...(real.length > 0 ? [{ weight: 6, arbitrary: fc.constantFrom(...real) }] : []),
              { weight: 1, arbitrary: fc.constant(value) },
              { weight: 1, arbitrary: fc.constantFrom(...hostileStrings, ...hostilePathValues) },
            ),
          ];
        }),
      ),
    ),
  );
}

const hostilePathValues = [
  '#',
  'app#1',
  'a/b',
  '..',
  '../..',
  '%2F',
  '%23',
  'x'.repeat(10_000),
  'app-1 ',
  ' app-1',
];

/**
 * A generated query made likelier to reach the domain: named enterprises and departments that exist, and
 * mostly no cursor (a random one is refused at once; hostile cursors have cases of their own).
 */
function realisticQuery(schema: z.ZodType): fc.Arbitrary<Record<string, string>> {
  const real: Record<string, readonly string[]> = {
    enterpriseId: ['ent-a', 'ent-b'],
    department: ['window', 'natural-resources', 'housing-construction', 'real-estate-registration'],
  };
  return fc.tuple(stringRecordFor(schema), fc.nat(), fc.nat(9)).map(([query, pick, dice]) => {
    const out = { ...query };
    for (const [name, values] of Object.entries(real)) {
      if (name in out && dice < 7) out[name] = values[pick % values.length]!;
    }
    if ('cursor' in out && dice < 8) delete out.cursor;
    return out;
  });
}

/**
 * A generated body made likelier to get past the domain's own checks: mostly no `expectedVersion` (a random
 * one is stale), and due dates after the world's today (2025-03-03).
 */
function realisticBody(arbitrary: fc.Arbitrary<Json>): fc.Arbitrary<Json> {
  return fc.tuple(arbitrary, fc.nat(9), fc.integer({ min: 1, max: 600 })).map(([value, dice, days]) => {
    if (dice >= 8) return value;
    const visit = (node: Json): Json => {
      if (Array.isArray(node)) return node.map(visit);
      if (node === null || typeof node !== 'object') return node;
      const out: { [key: string]: Json } = {};
      for (const [key, child] of Object.entries(node)) {
        if (key === 'expectedVersion') continue;
        out[key] =
          key === 'dueOn' && typeof child === 'string'
            ? new Date(Date.UTC(2025, 2, 3 + days)).toISOString().slice(0, 10)
            : visit(child);
      }
      return out;
    };
    return visit(value);
  });
}

function generatedCase(route: ApiRoute, spec: RouteSpec): fc.Arbitrary<FuzzCase> {
  const params = paramsArbitrary(spec) ?? fc.constant(undefined);
  const query = spec.query
    ? fc.oneof(
        { weight: 3, arbitrary: realisticQuery(spec.query) },
        {
          weight: 1,
          arbitrary: fc
            .tuple(
              stringRecordFor(spec.query),
              fc.constantFrom('cursor', 'limit', 'enterpriseId', 'department', 'extra'),
              fc.constantFrom(...hostileStrings, '0', '101', '1.5', 'Zm9v', 'eyJwayI6IkFQUCN4In0'),
            )
            .map(([q, name, value]) => ({ ...q, [name]: value })),
        },
      )
    : fc.oneof(
        { weight: 9, arbitrary: fc.constant(undefined) },
        { weight: 1, arbitrary: fc.constant({ extra: '1' }) },
      );
  const noMutations: Mutation[] = [];
  const bodySchema = spec.body;
  const body: fc.Arbitrary<{ value: Json | undefined; mutations: Mutation[] }> = bodySchema
    ? fc.oneof(
        // Valid bodies reach the domain and the table; valid-shaped ones also meet the cross-field rules;
        // mutated ones meet everything else.
        {
          weight: 2,
          arbitrary: fc.record({
            value: realisticBody(arbitraryFor(bodySchema)).filter((v) => bodySchema.safeParse(v).success),
            mutations: fc.constant(noMutations),
          }),
        },
        {
          weight: 1,
          arbitrary: fc.record({ value: arbitraryFor(bodySchema), mutations: fc.constant(noMutations) }),
        },
        {
          weight: 3,
          arbitrary: fc.record({
            value: arbitraryFor(bodySchema),
            mutations: fc.array(mutation, { minLength: 1, maxLength: 3 }),
          }),
        },
      )
    : fc.oneof(
        { weight: 9, arbitrary: fc.constant({ value: undefined, mutations: noMutations }) },
        {
          weight: 1,
          arbitrary: fc.record({
            value: fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>,
            mutations: fc.constant(noMutations),
          }),
        },
      );

  const plan = fresh[routeKey(route)];
  return fc
    .record({
      fresh: plan ? fc.nat(3).map((n) => n === 0) : fc.constant(false),
      principal: fc.constantFrom(...callersOf(spec)),
      params,
      query,
      body,
      idempotencyKey: fc.oneof(
        { weight: 8, arbitrary: fc.constant(undefined) },
        { weight: 1, arbitrary: fc.uuid() },
        { weight: 1, arbitrary: fc.constantFrom('has space', 'ключ', 'k'.repeat(129), '') },
      ),
    })
    .map(({ fresh: isFresh, principal, params: drawn, query, body: b, idempotencyKey }) => {
      // A fresh case's IDs are valid ones chosen when it runs; `freshId` stands in for them until then.
      const params =
        isFresh && drawn
          ? { ...drawn, applicationId: freshId, ...(plan?.stepId ? { stepId: plan.stepId } : {}) }
          : drawn;
      const value = b.mutations.reduce<Json | undefined>((v, m) => mutate(v ?? null, m), b.value);
      const input: ApiEventInput = {
        path: concretePath(route.path, params),
        ...(params ? { pathParameters: params } : {}),
        ...(query ? { queryStringParameters: query } : {}),
        ...(value !== undefined
          ? { body: JSON.stringify(value), headers: { 'content-type': 'application/json' } }
          : {}),
      };
      if (idempotencyKey !== undefined)
        input.headers = { ...input.headers, 'idempotency-key': idempotencyKey };
      return {
        fresh: isFresh,
        principal,
        input,
        invalid: refuses(spec, { params, query, body: value, idempotencyKey }),
        label: b.mutations.length > 0 ? `mutated ${b.mutations.map((m) => m.op).join(', ')}` : 'generated',
      };
    });
}

/** What the schemas (and the request's form) refuse, judged from the request as the test built it. */
function refuses(
  spec: RouteSpec,
  request: {
    params: Record<string, string> | undefined;
    query: Record<string, string> | undefined;
    body: Json | undefined;
    idempotencyKey?: string | undefined;
  },
): boolean {
  const fails = (schema: z.ZodType | undefined, value: unknown) =>
    schema !== undefined && !schema.safeParse(value).success;
  if (request.idempotencyKey !== undefined && !/^[\x21-\x7e]{1,128}$/.test(request.idempotencyKey))
    return true;
  if (fails(spec.params, request.params ?? {})) return true;
  if (spec.query ? fails(spec.query, request.query ?? {}) : Object.keys(request.query ?? {}).length > 0)
    return true;
  if (spec.body === undefined) return request.body !== undefined;
  if (request.body === undefined) return true;
  return hasForbiddenKey(request.body) || hasLoneSurrogate(request.body) || fails(spec.body, request.body);
}

function hasLoneSurrogate(value: Json): boolean {
  const lone = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
  if (typeof value === 'string') return lone.test(value);
  if (Array.isArray(value)) return value.some(hasLoneSurrogate);
  if (value === null || typeof value !== 'object') return false;
  return Object.entries(value).some(([key, child]) => lone.test(key) || hasLoneSurrogate(child));
}

function hasForbiddenKey(value: Json): boolean {
  if (Array.isArray(value)) return value.some(hasForbiddenKey);
  if (value === null || typeof value !== 'object') return false;
  return Object.entries(value).some(
    ([key, child]) => ['__proto__', 'constructor', 'prototype'].includes(key) || hasForbiddenKey(child),
  );
}

function concretePath(path: string, params: Record<string, string> | undefined): string {
  // Only the event's rawPath: handlers read pathParameters. A lone surrogate cannot be URI-encoded.
  const encode = (value: string) => {
    try {
      return encodeURIComponent(value);
    } catch {
      return value;
    }
  };
  return path.replace(/\{(\w+)\}/g, (_, name: string) => encode(params?.[name] ?? ''));
}

// ---------------------------------------------------------------------------------------------------------
// Hand-written hostile requests

async function handWrittenCases(route: ApiRoute, spec: RouteSpec): Promise<FuzzCase[]> {
  const principal = callersOf(spec)[0]!;
  const params = baseParams(spec);
  const baseBody = spec.body ? validSample(spec.body) : undefined;
  const base: ApiEventInput = {
    path: concretePath(route.path, params),
    ...(params ? { pathParameters: params } : {}),
  };
  const json = { 'content-type': 'application/json' };
  const cases: FuzzCase[] = [];
  const add = (label: string, input: Partial<ApiEventInput>, invalid: boolean, statuses?: number[]) =>
    cases.push({
      principal,
      label,
      invalid,
      input: { ...base, ...input },
      ...(statuses ? { statuses } : {}),
    });
  const bodyText = (text: string, headers: Record<string, string> = json) => ({ body: text, headers });

  // Size and depth.
  const megabyte = 'a'.repeat(1024 * 1024);
  add('1 MB JSON string', bodyText(JSON.stringify(megabyte)), true, [413]);
  add(
    '1 MB base64 body',
    { ...bodyText(Buffer.from(JSON.stringify(megabyte)).toString('base64')), isBase64Encoded: true },
    true,
    [413],
  );
  add('10k nested arrays', bodyText(deepArrayJson(10_000)), true, [400]);
  add('10k nested objects', bodyText(deepObjectJson(10_000)), true, [400]);
  add('100k nested arrays (over the size limit)', bodyText(deepArrayJson(100_000)), true, [413]);

  // Wrong types for the body as a whole.
  for (const text of ['123', '"text"', 'null', '[]', 'true', '{}', '1e309', '-0', '[{}]', '""']) {
    add(
      `body ${text}`,
      bodyText(text),
      spec.body === undefined || !spec.body.safeParse(JSON.parse(text)).success,
    );
  }
  add('body NaN (not JSON)', bodyText('NaN'), true, [400]);
  add('body truncated JSON', bodyText('{"outcome":'), true, [400]);
  add('body with a trailing comma', bodyText('{"a":1,}'), true, [400]);
  add('body with a BOM', bodyText('\uFEFF{}'), true, [400]);

  // Prototype pollution, however spelled.
  for (const text of [
    '{"__proto__":{"isAdmin":true}}',
    '{"constructor":{"prototype":{"isAdmin":true}}}',
    '{"\\u005f_proto__":{"roles":["administrator"]}}',
    '{"a":[{"b":{"prototype":1}}]}',
  ]) {
    add(`pollution ${text}`, bodyText(text), true, [400]);
  }
  if (
    baseBody !== undefined &&
    typeof baseBody === 'object' &&
    baseBody !== null &&
    !Array.isArray(baseBody)
  ) {
    const polluted = JSON.stringify(baseBody).replace(/^\{/, '{"__proto__":{"status":"issued"},');
    add('valid body plus __proto__', bodyText(polluted), true, [400]);
    add(
      'valid body plus an unknown field',
      bodyText(JSON.stringify({ ...baseBody, version: 99, status: 'issued' })),
      true,
      [400],
    );
  }

  // Content types and encodings.
  const someBody = JSON.stringify(baseBody ?? {});
  for (const type of [
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/xml',
    'application/json; charset=latin1',
    'application/json; charset=utf-16',
    'json',
    '',
  ]) {
    add(`content-type "${type}"`, bodyText(someBody, { 'content-type': type }), true, [415]);
  }
  add('no content-type', { body: someBody }, true, [415]);
  add(
    'form-encoded body',
    bodyText('outcome=accept&isAdmin=true', { 'content-type': 'application/x-www-form-urlencoded' }),
    true,
    [415],
  );
  if (baseBody !== undefined) {
    add(
      'the valid body, base64-encoded',
      { ...bodyText(Buffer.from(someBody).toString('base64')), isBase64Encoded: true },
      false,
    );
    add(
      'valid body, content-type with charset=UTF-8',
      bodyText(someBody, { 'content-type': 'Application/JSON; Charset=UTF-8' }),
      false,
    );
  }
  add('base64 that is not base64', { ...bodyText('!!!!not base64!!!!'), isBase64Encoded: true }, true, [400]);
  add(
    'base64 of bytes that are not UTF-8',
    { ...bodyText(Buffer.from([0xff, 0xfe, 0x7b, 0x7d]).toString('base64')), isBase64Encoded: true },
    true,
    [400],
  );

  // Numbers JSON.parse turns into something else, and strings where numbers belong.
  if (baseBody !== undefined) {
    for (const raw of ['1e309', '-1e309', '-0', '1e-400', '"NaN"', '"1e309"', '9007199254740993', '0.1e1']) {
      const text = replaceNumbers(JSON.stringify(baseBody), raw);
      if (text === undefined) continue;
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
      add(`numbers as ${raw}`, bodyText(text), parsed === undefined || !spec.body!.safeParse(parsed).success);
    }
    // Every string field in turn set to each unicode trap.
    for (const trap of ['\u0000', '\u202Eevil', '\ud800', 'x\udfff', '👨‍👩‍👧‍👦', '\u200F', 'a'.repeat(100_000)]) {
      for (const [path, mutated] of stringLeaves(baseBody, trap)) {
        add(
          `${JSON.stringify(trap.slice(0, 8))} at ${path}`,
          bodyText(JSON.stringify(mutated)),
          !spec.body!.safeParse(mutated).success,
        );
      }
    }
    // A body that fits in 64 KiB only before JSON escapes are counted: 30k characters that each escape to six.
    add(
      '30k control characters escaped to 180 KB of JSON',
      bodyText(JSON.stringify({ ...(baseBody as object), x: '\u0001'.repeat(30_000) })),
      true,
    );
  }

  // Path parameters.
  if (params) {
    for (const name of Object.keys(params)) {
      for (const value of [
        '#',
        'app#1',
        'APP#x#STEP#y',
        'a/b',
        '..',
        '../..',
        '%2F',
        '%00',
        '\u0000',
        '\u202E1',
        'x'.repeat(10_000),
        '',
        ' ',
        '申请',
        '👨‍👩‍👧',
      ]) {
        const p = { ...params, [name]: value };
        add(
          `${name} = ${JSON.stringify(value.slice(0, 12))}`,
          {
            path: concretePath(route.path, p),
            pathParameters: p,
            ...(baseBody !== undefined ? bodyText(someBody) : {}),
          },
          !spec.params!.safeParse(p).success,
        );
      }
    }
    add(
      'no path parameters at all',
      { pathParameters: undefined as never, ...(baseBody !== undefined ? bodyText(someBody) : {}) },
      true,
      [400],
    );
  }

  // Query strings.
  const otherPartitionCursor = Buffer.from(
    JSON.stringify({ pk: 'APP#x', sk: 'A', gsi1pk: 'ENT#ent-b', gsi1sk: '2025' }),
  ).toString('base64url');
  for (const [label, query] of [
    ['1000 unknown parameters', Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`p${i}`, 'x']))],
    ['a 100 KB value', { cursor: 'c'.repeat(100_000) }],
    ['cursor garbage', { cursor: 'not a cursor!' }],
    ['cursor of base64 padding', { cursor: '====' }],
    ['cursor JSON of another partition', { cursor: otherPartitionCursor }],
    ['cursor of a JSON array', { cursor: Buffer.from('[1,2]').toString('base64url') }],
    [
      'cursor with a __proto__ key',
      { cursor: Buffer.from('{"__proto__":{"a":1},"pk":"x"}').toString('base64url') },
    ],
    ['limit 0', { limit: '0' }],
    ['limit -1', { limit: '-1' }],
    ['limit 1e3', { limit: '1e3' }],
    ['limit NaN', { limit: 'NaN' }],
    ['limit 1.5', { limit: '1.5' }],
    ['limit 101', { limit: '101' }],
    ['enterpriseId with #', { enterpriseId: 'ent-a#x' }],
    ['department with ..', { department: '../window' }],
  ] as const) {
    const q = query as Record<string, string>;
    add(
      `query: ${label}`,
      { queryStringParameters: q, ...(baseBody !== undefined ? bodyText(someBody) : {}) },
      refuses(spec, { params, query: q, body: baseBody }),
    );
  }

  // Headers.
  for (const key of ['has space', 'ключ', 'k'.repeat(129), '', '\u0000']) {
    add(
      `Idempotency-Key ${JSON.stringify(key.slice(0, 10))}`,
      {
        headers: { ...(baseBody !== undefined ? json : {}), 'idempotency-key': key },
        ...(baseBody !== undefined ? { body: someBody } : {}),
      },
      true,
      [400],
    );
  }
  add(
    'hostile x-correlation-id',
    {
      headers: { ...(baseBody !== undefined ? json : {}), 'x-correlation-id': '\u0000<script>'.repeat(50) },
      ...(baseBody !== undefined ? { body: someBody } : {}),
    },
    refuses(spec, { params, query: undefined, body: baseBody }),
  );

  // The same valid request from a caller the rule does not let in, and from nobody.
  if (spec.roles !== 'public') {
    const body = baseBody !== undefined ? bodyText(someBody) : {};
    cases.push({
      principal: 'anonymous',
      label: 'no token',
      invalid: false,
      statuses: [401],
      input: { ...base, ...body },
    });
    cases.push({
      principal: 'nobody',
      label: 'no role',
      invalid: false,
      statuses: [403],
      input: { ...base, ...body },
    });
  }
  return cases;
}

/** Real IDs for the route's path parameters: an application of ent-a in review, and one of its steps. */
function baseParams(spec: RouteSpec): Record<string, string> | undefined {
  if (!spec.params) return undefined;
  const app = world.byStage('ent-a', 'review');
  const sample = validSample(spec.params) as Record<string, Json>;
  const params: Record<string, string> = {};
  for (const name of Object.keys(sample)) {
    params[name] =
      name === 'applicationId'
        ? app.applicationId
        : name === 'stepId'
          ? app.steps.at(-1)!.stepId
          : String(sample[name]);
  }
  return params;
}

/** The smallest of the values the schema accepts among those its own arbitrary draws. */
function validSample(schema: z.ZodType): Json {
  const valid = fc
    .sample(arbitraryFor(schema), { numRuns: 500, seed })
    .filter((value) => schema.safeParse(value).success)
    .sort((a, b) => JSON.stringify(a).length - JSON.stringify(b).length);
  if (valid.length === 0)
    throw new Error('no valid sample found for a schema: extend test/fuzz/arbitraries.ts');
  return valid[0]!;
}

/** The JSON text with every number replaced by `raw`; undefined when there is no number. */
function replaceNumbers(text: string, raw: string): string | undefined {
  let found = false;
  const replaced = text.replace(/(?<=[:[,])-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?(?=[,}\]])/g, () => {
    found = true;
    return raw;
  });
  return found ? replaced : undefined;
}

/** For each string leaf of the value: its path, and a copy with that leaf set to `value`. */
function stringLeaves(root: Json, value: string): [string, Json][] {
  const leaves: [string, Json][] = [];
  const visit = (node: Json, path: (string | number)[]) => {
    if (typeof node === 'string') {
      const copy = structuredClone(root);
      let parent = copy as Record<string | number, Json>;
      for (const step of path.slice(0, -1)) parent = parent[step] as Record<string | number, Json>;
      parent[path.at(-1)!] = value;
      leaves.push([path.join('.'), copy]);
    } else if (Array.isArray(node)) node.forEach((child, i) => visit(child, [...path, i]));
    else if (node !== null && typeof node === 'object') {
      for (const [k, child] of Object.entries(node)) visit(child, [...path, k]);
    }
  };
  visit(root, []);
  return leaves;
}
