// 好差评 on DynamoDB Local through the real handlers: a finished application is rated once (a second rating 409, a
// retry with the same Idempotency-Key the first answer), never before it is finished; a poor rating opens its
// follow-up in the same transaction (two racing ratings leave one rating and one follow-up), due at the end of the
// fifth working day, overdue after it; an administrator records the handling, which leaves the list and is on the
// timeline; the satisfaction counters equal the ratings written.
import { randomUUID } from 'node:crypto';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { anApplication, fixedNow, principals, seed } from '#test/support/fixtures';
import { createHandler as rateHandler } from '#services/ratings/handlers/rate-application';
import { createHandler as getRatingHandler } from '#services/ratings/handlers/get-application-rating';
import { createHandler as listHandler } from '#services/ratings/handlers/list-rating-follow-ups';
import { createHandler as handleHandler } from '#services/ratings/handlers/handle-rating-follow-up';
import { createHandler as reportHandler } from '#services/reports/handlers/get-satisfaction-report';
import { createHandler as publicHandler } from '#services/reports/handlers/get-published-performance';
import type { Principal } from '#shared/auth/principal';
import type { Application } from '#shared/model';
import { apiEvent, invoke } from '#test/support/http';
import { createTestTable, type TestTable } from '#test/support/dynamodb';
import { allAtOnce, concurrencyDeps, fakeStepFunctions, tally } from '#test/concurrency/support';

let table: TestTable;
let deps: ReturnType<typeof concurrencyDeps>;

beforeAll(async () => {
  table = await createTestTable(inject('dynamoEndpoint'));
  deps = concurrencyDeps(table, fakeStepFunctions());
  deps.setNow(fixedNow); // Monday 3 March 2025, 09:00 in Beijing
});
afterAll(async () => {
  await table?.drop();
});

const departments = ['window', 'natural-resources', 'housing-construction'];

async function finishedApplication(patch: Partial<Application> = {}): Promise<string> {
  const applicationId = `app-${randomUUID()}`;
  await seed(
    deps,
    anApplication({
      applicationId,
      status: 'issued',
      acceptedAt: fixedNow.toISOString(),
      issuedAt: fixedNow.toISOString(),
      departments,
      ...patch,
    }),
  );
  return applicationId;
}

const rateEvent = (principal: Principal, applicationId: string, body: unknown, key: string = randomUUID()) =>
  apiEvent({
    method: 'POST',
    path: `/applications/${applicationId}/ratings`,
    pathParameters: { applicationId },
    principal,
    body,
    headers: { 'idempotency-key': key },
  });
const rate = (principal: Principal, applicationId: string, body: unknown, key?: string) =>
  invoke(rateHandler(deps), rateEvent(principal, applicationId, body, key));
const readRating = (principal: Principal, applicationId: string) =>
  invoke(
    getRatingHandler(deps),
    apiEvent({
      method: 'GET',
      path: `/applications/${applicationId}/ratings`,
      pathParameters: { applicationId },
      principal,
    }),
  );
const openFollowUps = async () => {
  const response = await invoke(
    listHandler(deps),
    apiEvent({ method: 'GET', path: '/admin/rating-follow-ups', principal: principals.admin }),
  );
  expect(response.statusCode, response.rawBody).toBe(200);
  return response.body.items as { applicationId: string; dueAt: string; overdue: boolean }[];
};
const handle = (applicationId: string, body: unknown) =>
  invoke(
    handleHandler(deps),
    apiEvent({
      method: 'POST',
      path: `/admin/rating-follow-ups/${applicationId}/handle`,
      pathParameters: { applicationId },
      principal: principals.admin,
      body,
      headers: { 'idempotency-key': randomUUID() },
    }),
  );

describe('ratings (好差评)', () => {
  it('rates a finished application once: a second rating is 409, a retry with the same key the first answer', async () => {
    // Prepare
    const applicationId = await finishedApplication();
    const key = randomUUID();

    // Act
    const first = await rate(principals.enterprise, applicationId, { level: 5, comment: '办事很快' }, key);
    const retry = await rate(principals.enterprise, applicationId, { level: 5, comment: '办事很快' }, key);
    const second = await rate(principals.enterprise, applicationId, { level: 1 });

    // Assess
    expect(first.statusCode, first.rawBody).toBe(201);
    expect(first.body.rating).toMatchObject({ level: 5, comment: '办事很快', ratedBy: 'ent-user-1' });
    expect(first.body.followUp).toBeNull();
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body).toEqual(first.body);
    expect(second.statusCode).toBe(409);
    expect(second.body.error.code).toBe('ALREADY_RATED');
    expect(second.body.error.message).toMatch(/rated once/);
    const read = await readRating(principals.enterprise, applicationId);
    expect(read.body).toMatchObject({ canRate: false, rating: { level: 5 } });
  });

  it('refuses a rating before the matter is finished, and a score of a department that took no part', async () => {
    // Prepare
    const inReview = await finishedApplication({ status: 'in-review', issuedAt: undefined });
    const issued = await finishedApplication();

    // Act
    const early = await rate(principals.enterprise, inReview, { level: 4 });
    const stranger = await rate(principals.enterprise, issued, {
      level: 4,
      departmentScores: [{ department: 'real-estate-registration', level: 3 }],
    });

    // Assess
    expect(early.statusCode).toBe(409);
    expect(early.body.error.code).toBe('MATTER_NOT_FINISHED');
    expect(stranger.statusCode).toBe(422);
    expect(stranger.body.error.code).toBe('DEPARTMENT_NOT_INVOLVED');
    expect(JSON.stringify(stranger.body.error)).toContain('departmentScores.0.department');
    expect((await readRating(principals.enterprise, issued)).body).toMatchObject({
      canRate: true,
      rating: null,
    });
  });

  it('a poor rating opens its follow-up in the same transaction; two at once leave one of each', async () => {
    // Prepare
    const applicationId = await finishedApplication({ status: 'refused', issuedAt: undefined });
    const events = Array.from({ length: 4 }, () =>
      rateEvent(principals.agency, applicationId, { level: 2, comment: '材料退回三次' }),
    );

    // Act
    const responses = await allAtOnce(rateHandler(deps), events);

    // Assess
    expect(tally(responses)).toEqual({ '201': 1, '409 ALREADY_RATED': 3 });
    const rating = await deps.repository.findRating(applicationId);
    const followUp = await deps.repository.findRatingFollowUp(applicationId);
    expect(rating).toMatchObject({ level: 2, onBehalfOf: 'ent-1', ratedBy: 'agent-1' });
    // Monday 3 March 2025 + 5 working days: the end of Monday 10 March in Beijing.
    expect(followUp).toMatchObject({
      status: 'open',
      level: 2,
      dueAt: '2025-03-10T15:59:59.999Z',
      departments,
    });
    expect((await openFollowUps()).map((f) => f.applicationId)).toContain(applicationId);
  });

  it('a follow-up turns overdue after its due instant; its handling is recorded once and leaves the list', async () => {
    // Prepare
    const applicationId = await finishedApplication();
    expect((await rate(principals.enterprise, applicationId, { level: 1 })).statusCode).toBe(201);
    const listed = (await openFollowUps()).find((f) => f.applicationId === applicationId)!;
    expect(listed.overdue).toBe(false);
    deps.setNow(new Date('2025-03-11T01:00:00.000Z'));

    // Act
    const overdue = (await openFollowUps()).find((f) => f.applicationId === applicationId)!;
    const handled = await handle(applicationId, {
      action: '已约谈经办部门并电话回复企业',
      outcome: 'explained',
    });
    const again = await handle(applicationId, { action: '再次', outcome: 'resolved' });

    // Assess
    expect(overdue.overdue).toBe(true);
    expect(handled.statusCode, handled.rawBody).toBe(200);
    expect(handled.body).toMatchObject({
      status: 'handled',
      outcome: 'explained',
      handledBy: 'admin-1',
      handledAt: '2025-03-11T01:00:00.000Z',
      overdue: true,
      version: 2,
    });
    expect(again.statusCode).toBe(409);
    expect(again.body.error.code).toBe('FOLLOW_UP_HANDLED');
    expect((await openFollowUps()).map((f) => f.applicationId)).not.toContain(applicationId);
    const timeline = await deps.repository.getTimeline(applicationId);
    expect(timeline.map((e) => e.type)).toEqual(
      expect.arrayContaining(['service-rated', 'rating-follow-up-handled']),
    );
    const read = await readRating(principals.enterprise, applicationId);
    expect(read.body.followUp).toMatchObject({ status: 'handled', action: '已约谈经办部门并电话回复企业' });
    deps.setNow(fixedNow);
  });

  it('the satisfaction counters equal the ratings written, in the report and on the published page', async () => {
    // Prepare: every rating this file wrote, read back from the items themselves.
    const scored = await finishedApplication();
    expect(
      (
        await rate(principals.enterprise, scored, {
          level: 4,
          departmentScores: [{ department: 'housing-construction', level: 2 }],
        })
      ).statusCode,
    ).toBe(201);

    // Act
    const report = await invoke(
      reportHandler(deps),
      apiEvent({
        method: 'GET',
        path: '/admin/reports/satisfaction',
        principal: principals.admin,
        queryStringParameters: { month: '2025-03' },
      }),
    );
    const published = await invoke(
      publicHandler(deps),
      apiEvent({ method: 'GET', path: '/public/performance', queryStringParameters: { month: '2025-03' } }),
    );

    // Assess: the ratings of this file, recounted from the rating items through the applications' partitions.
    const ratings = (
      await Promise.all(
        (await table.client.send(scanRatings(table.tableName))).Items!.map((item) =>
          deps.repository.findRating(String(item.applicationId)),
        ),
      )
    ).filter((r) => r !== undefined);
    const levelFor = (department: string) =>
      ratings.map((r) => r.departmentScores?.find((s) => s.department === department)?.level ?? r.level);
    const expected = (levels: number[]) => ({
      rated: levels.length,
      satisfied: levels.filter((l) => l >= 4).length,
      poor: levels.filter((l) => l <= 2).length,
    });
    expect(report.statusCode, report.rawBody).toBe(200);
    const rows = report.body.rows as { department: string; rated: number; satisfied: number; poor: number }[];
    expect(rows.find((r) => r.department === 'all')).toMatchObject(expected(ratings.map((r) => r.level)));
    for (const department of departments) {
      expect(rows.find((r) => r.department === department)).toMatchObject(expected(levelFor(department)));
    }
    expect(published.statusCode, published.rawBody).toBe(200);
    const housing = (
      published.body.satisfaction as { department: { departmentId: string }; satisfactionRate: number }[]
    ).find((row) => row.department.departmentId === 'housing-construction')!;
    const levels = levelFor('housing-construction');
    expect(housing.satisfactionRate).toBeCloseTo(levels.filter((l) => l >= 4).length / levels.length, 4);
    expect(JSON.stringify(published.body)).not.toMatch(/comment|ratedBy|enterpriseId|app-/);
  });
});

/** Test-only: every rating item of this file's own table (a Scan is fine on a test table, never on a route). */
function scanRatings(tableName: string) {
  return new ScanCommand({
    TableName: tableName,
    FilterExpression: 'sk = :sk',
    ExpressionAttributeValues: { ':sk': 'RATING' },
  });
}
