// The report routes on DynamoDB Local over two applications driven through the workflow core: who may read
// them, how their queries are checked, what the JSON and the CSV hold.
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createRuntime, type Runtime } from '#shared/runtime/index';
import { principals } from '#test/support/fixtures';
import { issuePermits } from '#services/workflow/core/issue-permits';
import { anApplication, at, Scenario } from '#test/support/workflow';
import type { Principal } from '#shared/auth/principal';
import { apiEvent, lambdaContext } from '#test/support/http';
import type { HttpHandler } from '#shared/http/handler';
import { createTestTable, type TestTable } from '#test/support/dynamodb';
import { createHandler as applicationReport } from './get-application-report.ts';
import { createHandler as applicationTimeline } from './get-application-timeline.ts';
import { createHandler as overdueReport } from './get-overdue-report.ts';
import { createHandler as stepReport } from './get-step-report.ts';
import { createHandler as publishedPerformance } from './get-published-performance.ts';

let table: TestTable;
let deps: Runtime;
/** Tuesday 25 March 2025, 10:00 in Shanghai: the construction review is overdue by then. */
const reportNow = at('2025-03-25T10:00:00');

beforeAll(async () => {
  table = await createTestTable(inject('dynamoEndpoint'));
  const scenario = new Scenario(table, at('2025-03-03T09:00:00'));
  // reviewed: planning approved on time; construction asked for a supplement (paused 4–7 March), then open.
  const reviewed = await scenario.submit(
    anApplication({ applicationId: 'report-a', requiredPermits: ['land-use-planning', 'construction'] }),
  );
  await scenario.acceptAndOpenReviews(reviewed);
  scenario.clock.set(at('2025-03-04T10:00:00'));
  await scenario.decide('report-a', 'review-construction-1', 'supplement-requested');
  await scenario.open('report-a', 'review-supplement', { permitType: 'construction' });
  scenario.clock.set(at('2025-03-06T11:00:00'));
  await scenario.decide('report-a', 'review-land-use-planning-1', 'approved');
  scenario.clock.set(at('2025-03-07T10:00:00'));
  await scenario.decide('report-a', 'review-supplement-construction-1', 'resubmitted');
  await scenario.open('report-a', 'review', { permitType: 'construction' });
  // issued: one permit, approved within a week, issued with no supplement.
  scenario.clock.set(at('2025-03-10T09:00:00'));
  const issued = await scenario.submit(
    anApplication({
      applicationId: 'report-b',
      requiredPermits: ['real-estate-title'],
      receivedAt: at('2025-03-10T08:30:00').toISOString(),
      createdAt: at('2025-03-10T08:30:00').toISOString(),
      updatedAt: at('2025-03-10T08:30:00').toISOString(),
    }),
  );
  await scenario.acceptAndOpenReviews(issued);
  scenario.clock.set(at('2025-03-13T15:00:00'));
  await scenario.decide('report-b', 'review-real-estate-title-1', 'approved');
  await issuePermits(scenario.deps, { applicationId: 'report-b' });

  deps = createRuntime({ tableName: table.tableName, documentClient: table.client, now: () => reportNow });
});
afterAll(() => table.drop());

async function call(
  handler: HttpHandler,
  options: {
    principal?: Principal;
    path?: string;
    query?: Record<string, string>;
    headers?: Record<string, string>;
    params?: Record<string, string>;
  } = {},
) {
  const result = (await handler(
    apiEvent({
      path: options.path ?? '/admin/reports',
      principal: options.principal ?? principals.admin,
      ...(options.query ? { queryStringParameters: options.query } : {}),
      ...(options.headers ? { headers: options.headers } : {}),
      ...(options.params ? { pathParameters: options.params } : {}),
    }),
    lambdaContext(),
  )) as APIGatewayProxyStructuredResultV2;
  const type = String(result.headers?.['content-type'] ?? '');
  return {
    status: result.statusCode,
    headers: result.headers ?? {},
    text: result.body ?? '',
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary response shapes
    json: (type.startsWith('application/json') ? JSON.parse(result.body ?? 'null') : undefined) as any,
  };
}

const csvLines = (text: string) =>
  text
    .replace(/^\uFEFF/, '')
    .trimEnd()
    .split('\r\n');

describe('getStepReport', () => {
  it('gives each department, permit and track its month: closed, on time, working days, 补正, overdue', async () => {
    // Act
    const response = await call(stepReport(deps), { query: { month: '2025-03' } });

    // Assess
    expect(response.status).toBe(200);
    const rows = response.json.rows as Record<string, unknown>[];
    const find = (department: string, kind: string, permitType: string | null) =>
      rows.find((r) => r.department === department && r.kind === kind && r.permitType === permitType);
    expect(find('window', 'intake', null)).toMatchObject({
      month: '2025-03',
      track: 'regular',
      closed: 2,
      onTime: 2,
      onTimeRate: 1,
      medianWorkingDays: 0,
      p90WorkingDays: 0,
    });
    expect(find('natural-resources', 'review', 'land-use-planning')).toMatchObject({
      closed: 1,
      onTime: 1,
      medianWorkingDays: 3,
    });
    expect(find('housing-construction', 'review', 'construction')).toMatchObject({
      closed: 0,
      onTimeRate: null,
      medianWorkingDays: null,
      supplementsRequested: 1,
      supplementsAnswered: 1,
      overdueOpen: 1,
    });
    expect(find('real-estate-registration', 'review', 'real-estate-title')).toMatchObject({ closed: 1 });
  });

  it('sums over the keys left out of groupBy, and filters by department', async () => {
    // Act
    const byTrack = await call(stepReport(deps), { query: { month: '2025-03', groupBy: 'track' } });
    const planning = await call(stepReport(deps), {
      query: { from: '2025-02', to: '2025-04', department: 'natural-resources' },
    });

    // Assess
    expect(byTrack.json.rows).toEqual([
      expect.objectContaining({ month: null, department: null, kind: null, track: 'regular', closed: 4 }),
    ]);
    expect(planning.json.months).toEqual(['2025-02', '2025-03', '2025-04']);
    expect(planning.json.rows.map((r: { department: string }) => r.department)).toEqual([
      'natural-resources',
    ]);
  });

  it('answers CSV when the client accepts text/csv', async () => {
    // Act
    const response = await call(stepReport(deps), {
      query: { month: '2025-03' },
      headers: { accept: 'text/csv' },
    });

    // Assess
    expect(response.status).toBe(200);
    expect(response.headers).toMatchObject({
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': 'attachment; filename="steps-2025-03.csv"',
      'cache-control': 'no-store',
    });
    const lines = csvLines(response.text);
    expect(lines[0]).toMatch(/^month,department,kind,permitType,track,closed,onTime,onTimeRate,/);
    expect(lines).toContain('2025-03,window,intake,,regular,2,2,1,0,0,0,0,0,0');
  });

  it.each([
    [{ month: '2025-03', from: '2025-01', to: '2025-03' }, 'query.month'],
    [{ from: '2025-01' }, 'query.to'],
    [{ from: '2023-01', to: '2025-03' }, 'query.to'],
    [{ from: '2025-03', to: '2025-01' }, 'query.to'],
    [{ groupBy: 'department,colour' }, 'query.groupBy.1'],
    [{ month: '2025-3' }, 'query.month'],
    [{ format: 'xlsx' }, 'query.format'],
    [{ sort: 'closed' }, 'query.sort'],
  ])('refuses %o with 400 naming %s', async (query, path) => {
    // Act
    const response = await call(stepReport(deps), { query });

    // Assess
    expect(response.status).toBe(400);
    expect(response.json.error.issues.map((issue: { path: string }) => issue.path)).toContain(path);
  });

  it.each([['enterprise'], ['clerk'], ['planning'], ['agency']] as const)(
    'refuses a caller who is no administrator (%s) with 403',
    async (who) => {
      const response = await call(stepReport(deps), { principal: principals[who] });
      expect(response.status).toBe(403);
    },
  );
});

describe('getApplicationReport', () => {
  it('counts the issued application on time, with one submission', async () => {
    // Act
    const response = await call(applicationReport(deps), { query: { month: '2025-03' } });

    // Assess
    expect(response.json.rows).toEqual([
      expect.objectContaining({
        month: '2025-03',
        track: 'regular',
        issued: 1,
        measured: 1,
        onTime: 1,
        onTimeRate: 1,
        medianWorkingDays: 3,
        issuedWithoutSupplement: 1,
        withoutSupplementRate: 1,
      }),
    ]);
  });

  it('exports the same row as CSV', async () => {
    const response = await call(applicationReport(deps), { query: { month: '2025-03', format: 'csv' } });
    expect(csvLines(response.text)).toHaveLength(2);
    expect(csvLines(response.text)[1]).toMatch(/^2025-03,regular,1,1,1,1,3,3,3,/);
  });
});

describe('getOverdueReport', () => {
  it('lists the overdue review with the department that holds it', async () => {
    // Act
    const response = await call(overdueReport(deps));

    // Assess
    expect(response.json).toEqual({
      asOf: reportNow.toISOString(),
      steps: [
        expect.objectContaining({
          applicationId: 'report-a',
          projectName: '年产 5 万吨新材料项目',
          stepId: 'review-construction-2',
          kind: 'review',
          permitType: 'construction',
          track: 'regular',
          heldBy: 'department',
          holder: 'housing-construction',
          dueMonth: '2025-03',
          escalatedAt: null,
        }),
      ],
    });
    expect(response.json.steps[0].workingDaysOverdue).toBeGreaterThan(0);
  });

  it('filters by department and exports CSV', async () => {
    const none = await call(overdueReport(deps), { query: { department: 'natural-resources' } });
    const csv = await call(overdueReport(deps), { query: { format: 'csv' } });
    expect(none.json.steps).toEqual([]);
    expect(csvLines(csv.text)).toHaveLength(2);
    expect(csvLines(csv.text)[1]).toMatch(/^report-a,年产 5 万吨新材料项目,review-construction-2,review,/);
  });
});

describe('getApplicationTimeline', () => {
  const timeline = (query?: Record<string, string>, applicationId = 'report-a') =>
    call(applicationTimeline(deps), {
      path: `/admin/applications/${applicationId}/timeline`,
      params: { applicationId },
      ...(query ? { query } : {}),
    });

  it('interleaves the events with the paused intervals of each clock', async () => {
    // Act
    const response = await timeline();

    // Assess
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({
      applicationId: 'report-a',
      track: 'regular',
      limitWorkingDays: 15,
    });
    const entries = response.json.entries as { entry: string; type: string; clock: string | null }[];
    expect(entries[0]).toMatchObject({ entry: 'event', type: 'application-submitted' });
    const paused = entries.filter((e) => e.entry === 'paused');
    expect(paused).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          clock: 'review-construction',
          type: 'supplement',
          at: at('2025-03-04T10:00:00').toISOString(),
          until: at('2025-03-07T10:00:00').toISOString(),
          pausedWorkingDays: 3,
        }),
        expect.objectContaining({ clock: 'application', type: 'supplement' }),
      ]),
    );
    const instants = (entries as unknown as { at: string }[]).map((e) => e.at);
    expect(instants).toEqual([...instants].sort());
    const requested = entries.findIndex((e) => e.type === 'supplement-requested');
    expect(entries.findIndex((e) => e.clock === 'review-construction')).toBeGreaterThan(requested);
  });

  it('exports every entry as CSV', async () => {
    const json = await timeline();
    const csv = await timeline({ format: 'csv' });
    expect(csv.headers['content-disposition']).toBe('attachment; filename="timeline-report-a.csv"');
    expect(csvLines(csv.text)).toHaveLength(json.json.entries.length + 1);
  });

  it('answers 404 for an unknown application', async () => {
    expect((await timeline(undefined, 'no-such-app')).status).toBe(404);
  });
});

// --- The public face: the published figures (政务公开) ----------------------------------------------------
describe('GET /public/performance', () => {
  it('publishes, to anyone, exactly the review figures the administrators read per department and track', async () => {
    // Prepare: what the administrators' report says for the month, from the same counters.
    const admin = await call(stepReport(deps), {
      query: { month: '2025-03', kind: 'review', groupBy: 'department,track' },
    });
    const anonymous = apiEvent({ path: '/public/performance', queryStringParameters: { month: '2025-03' } });

    // Act
    const result = (await publishedPerformance(deps)(
      anonymous,
      lambdaContext(),
    )) as APIGatewayProxyStructuredResultV2;
    const body = JSON.parse(String(result.body)) as {
      month: string;
      rows: Record<string, unknown>[];
    };

    // Assess
    expect(result.statusCode).toBe(200);
    expect(result.headers?.['cache-control']).toBe('public, max-age=300, s-maxage=300');
    const expected = (admin.json as { rows: Record<string, unknown>[] }).rows
      .filter((row) => (row.closed as number) > 0)
      .map((row) => ({
        departmentId: row.department,
        track: row.track,
        closed: row.closed,
        onTime: row.onTime,
        onTimeRate: row.onTimeRate,
        medianWorkingDays: row.medianWorkingDays,
        p90WorkingDays: row.p90WorkingDays,
      }));
    expect(expected.length).toBeGreaterThan(0);
    expect(
      body.rows.map(({ department, ...figures }) => ({
        departmentId: (department as { departmentId: string }).departmentId,
        ...figures,
      })),
    ).toEqual(expected);
    expect(body.rows.find((r) => r.track === 'regular')).toMatchObject({
      department: { departmentId: 'natural-resources', name: '自然资源和规划' },
    });
    // Nothing of a case: no application, enterprise, permit or overdue list.
    const text = String(result.body);
    for (const hidden of ['report-a', 'report-b', 'ent-', 'permitType', 'overdue', 'applicationId']) {
      expect(text).not.toContain(hidden);
    }
  });

  it('refuses a malformed month with 400 on the field', async () => {
    const result = (await publishedPerformance(deps)(
      apiEvent({ path: '/public/performance', queryStringParameters: { month: '2025-3' } }),
      lambdaContext(),
    )) as APIGatewayProxyStructuredResultV2;
    expect(result.statusCode).toBe(400);
    expect(String(result.body)).toContain('query.month');
  });
});
