// Must-show of issue 6 (B): the reports, read from counters kept at write time, give exactly the figures a
// from-scratch recomputation over the audit events of 1,000 generated applications gives. 250 applications
// go through the workflow core's real write paths (openHumanStep, decideHumanStep, issuePermits,
// closeApplication) on injected clocks; 750 are recorded histories written in one commit each, with the events
// the core writes and the counters from the same functions the core calls (the real path takes ~10
// applications a second on two cores). Both spread over 14 months, both tracks, on time and late.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadOfficialCalendar } from '#shared/calendar/index';
import { DynamoDbRepository } from '#shared/data/repository';
import { apiEvent } from '#test/support/http';
import { createRuntime } from '#shared/runtime/index';
import { workflowConfig } from '#shared/config';
import { applicationReport } from '#services/reports/core/application-report';
import { monthsBetween } from '#services/reports/core/months';
import { overdueReport } from '#services/reports/core/overdue-report';
import type { ReportDeps } from '#services/reports/core/ports';
import { stepReport, type StepReportRow } from '#services/reports/core/step-report';
import { createHandler as stepReportHandler } from '#services/reports/handlers/get-step-report';
import { createTestTable, type TestTable } from '#test/support/dynamodb';
import { generateApplications, recordApplications, type Generated } from './generate.ts';
import { mean, median, percentile, ratio, recompute, sum, type Reference } from './reference.ts';

const from = new Date('2024-01-02T00:00:00.000Z');
/** The moment the reports are read; nothing was written after it. */
const until = new Date('2025-02-20T02:00:00.000Z');
const months = monthsBetween('2024-01', '2025-02');
const calendar = loadOfficialCalendar();

let table: TestTable;
let deps: ReportDeps;
let generated: Generated[];
let reference: Reference;

beforeAll(async () => {
  table = await createTestTable(inject('dynamoEndpoint'));
  const common = { client: table.client, tableName: table.tableName, calendar, from, until, concurrency: 24 };
  generated = await Promise.all([
    generateApplications({ ...common, count: 250, seed: 6 }),
    recordApplications({ ...common, count: 750, seed: 6 }),
  ]);
  const repository = new DynamoDbRepository({ client: table.client, tableName: table.tableName });
  deps = { repository, calendar, config: workflowConfig(), now: () => until, logger: console };
  reference = await recompute(
    repository,
    generated.flatMap((g) => g.applicationIds),
    until,
  );
}, 240_000);
afterAll(() => table?.drop());

type RowKey = Record<'month' | 'department' | 'kind' | 'permitType' | 'track', string | null>;
const key = (row: RowKey) => [row.month, row.department, row.kind, row.permitType, row.track].join('|');

function expectedStepRows(): Record<string, StepReportRow> {
  return Object.fromEntries(
    [...reference.steps.values()].map((r) => [
      key(r),
      {
        month: r.month,
        department: r.department,
        kind: r.kind as StepReportRow['kind'],
        permitType: r.permitType as StepReportRow['permitType'],
        track: r.track,
        closed: r.closed,
        onTime: r.onTime,
        onTimeRate: ratio(r.onTime, r.closed),
        medianWorkingDays: median(r.workingDays),
        p90WorkingDays: percentile(r.workingDays, 90),
        meanWorkingDays: mean(sum(r.workingDays), r.closed),
        supplementsRequested: r.supplementsRequested,
        supplementsAnswered: r.supplementsAnswered,
        overdueOpen: r.overdueOpen,
      },
    ]),
  );
}

describe('reports over 1,000 generated applications', () => {
  it('cover what an audit meets: both tracks, many months, late steps, supplements, voided decisions, overdue work', () => {
    const [real, recorded] = generated;
    expect(real!.applicationIds).toHaveLength(250);
    expect(recorded!.applicationIds).toHaveLength(750);
    expect(real!.outcomes).toMatchObject({
      issued: expect.any(Number),
      verified: expect.any(Number),
      'refused at intake': expect.any(Number),
      'refused in review': expect.any(Number),
      'failed: review expired': expect.any(Number),
      'in progress': expect.any(Number),
    });
    const rows = [...reference.steps.values()];
    expect(new Set(rows.map((r) => r.track))).toEqual(new Set(['regular', 'standard-land']));
    expect(new Set(rows.map((r) => r.month)).size).toBeGreaterThanOrEqual(12);
    expect(sum(rows.map((r) => r.closed))).toBeGreaterThan(2500);
    expect(sum(rows.map((r) => r.closed - r.onTime))).toBeGreaterThan(100);
    expect(sum(rows.map((r) => r.supplementsRequested))).toBeGreaterThan(100);
    expect(sum(rows.map((r) => r.overdueOpen))).toBeGreaterThan(5);
  });

  it('gives every department, permit, track and month the figures recomputed from the events', async () => {
    // Act
    const report = await stepReport(deps, { months });

    // Assess
    expect(Object.fromEntries(report.rows.map((row) => [key(row), row]))).toEqual(expectedStepRows());
  });

  it('rolls up exactly: per department over the whole period', async () => {
    // Prepare: the recomputation summed per department, values pooled before the median
    const pooled = new Map<string, { closed: number; onTime: number; days: number[]; overdue: number }>();
    for (const r of reference.steps.values()) {
      const p = pooled.get(r.department) ?? { closed: 0, onTime: 0, days: [], overdue: 0 };
      p.closed += r.closed;
      p.onTime += r.onTime;
      p.days.push(...r.workingDays);
      p.overdue += r.overdueOpen;
      pooled.set(r.department, p);
    }

    // Act
    const report = await stepReport(deps, { months, groupBy: ['department'] });

    // Assess
    expect(
      Object.fromEntries(
        report.rows.map((row) => [
          row.department,
          [
            row.closed,
            row.onTime,
            row.onTimeRate,
            row.medianWorkingDays,
            row.p90WorkingDays,
            row.overdueOpen,
          ],
        ]),
      ),
    ).toEqual(
      Object.fromEntries(
        [...pooled].map(([department, p]) => [
          department,
          [p.closed, p.onTime, ratio(p.onTime, p.closed), median(p.days), percentile(p.days, 90), p.overdue],
        ]),
      ),
    );
  });

  it('gives every track and month the application figures recomputed from the events', async () => {
    // Act
    const report = await applicationReport(deps, { months });

    // Assess
    const expected = [...reference.applications.values()].map((r) => {
      const withoutSupplement = r.supplementRequests.filter((n) => n === 0).length;
      const atMostOne = r.supplementRequests.filter((n) => n <= 1).length;
      return {
        month: r.month,
        track: r.track,
        issued: r.issued,
        measured: r.workingDays.length,
        onTime: r.onTime,
        onTimeRate: ratio(r.onTime, r.workingDays.length),
        medianWorkingDays: median(r.workingDays),
        p90WorkingDays: percentile(r.workingDays, 90),
        meanWorkingDays: mean(sum(r.workingDays), r.workingDays.length),
        meanPausedWorkingDays: mean(r.pausedDays, r.workingDays.length),
        issuedWithoutSupplement: withoutSupplement,
        withoutSupplementRate: ratio(withoutSupplement, r.issued),
        issuedWithAtMostOneSupplement: atMostOne,
        atMostOneSupplementRate: ratio(atMostOne, r.issued),
        refused: r.refused,
        failed: r.failed,
        verified: r.verified,
        revoked: r.revoked,
      };
    });
    const byKey = (rows: readonly { month: string | null; track: string | null }[]) =>
      Object.fromEntries(rows.map((row) => [`${row.month}|${row.track}`, row]));
    expect(byKey(report.rows)).toEqual(byKey(expected));
    expect(sum(report.rows.map((row) => row.issued))).toBeGreaterThan(600);
  });

  it('lists exactly the open steps past due in the base table, with who holds them', async () => {
    // Prepare
    const repository = new DynamoDbRepository({ client: table.client, tableName: table.tableName });
    const expected: string[] = [];
    for (const id of generated.flatMap((g) => g.applicationIds)) {
      const { steps } = await repository.getApplicationWithSteps(id);
      for (const step of steps) {
        if (step.status === 'open' && step.dueAt !== undefined && step.dueAt < until.toISOString()) {
          expected.push(`${step.applicationId}/${step.stepId}`);
        }
      }
    }

    // Act
    const report = await overdueReport(deps);

    // Assess
    expect(report.steps.map((s) => `${s.applicationId}/${s.stepId}`).sort()).toEqual(expected.sort());
    for (const step of report.steps) {
      expect(step).toMatchObject({ heldBy: 'department', holder: step.department });
      expect(step.track).not.toBeNull();
      expect(step.dueAt < report.asOf).toBe(true);
    }
  });

  it('answers the same figures through the API, as JSON and as CSV', async () => {
    // Prepare
    const handler = stepReportHandler(
      createRuntime({ tableName: table.tableName, documentClient: table.client, calendar, now: () => until }),
    );
    const administrator = { userId: 'admin-1', roles: ['administrator' as const] };
    const query = { from: '2024-01', to: '2025-02', groupBy: 'department,track' };

    // Act
    const json = await handler(
      apiEvent({ path: '/admin/reports/steps', principal: administrator, queryStringParameters: query }),
      {} as never,
    );
    const csv = await handler(
      apiEvent({
        path: '/admin/reports/steps',
        principal: administrator,
        queryStringParameters: { ...query, format: 'csv' },
      }),
      {} as never,
    );

    // Assess
    const core = await stepReport(deps, { months, groupBy: ['department', 'track'] });
    expect(JSON.parse(json.body!).rows).toEqual(core.rows);
    expect(csv.headers?.['content-type']).toBe('text/csv; charset=utf-8');
    const lines = csv
      .body!.replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe(
      'month,department,kind,permitType,track,closed,onTime,onTimeRate,medianWorkingDays,p90WorkingDays,' +
        'meanWorkingDays,supplementsRequested,supplementsAnswered,overdueOpen',
    );
    expect(lines).toHaveLength(core.rows.length + 1);
    const first = core.rows[0]!;
    expect(lines[1]).toBe(
      [
        '',
        first.department,
        '',
        '',
        first.track,
        first.closed,
        first.onTime,
        first.onTimeRate,
        first.medianWorkingDays,
        first.p90WorkingDays,
        first.meanWorkingDays,
        first.supplementsRequested,
        first.supplementsAnswered,
        first.overdueOpen,
      ].join(','),
    );
  });
});
