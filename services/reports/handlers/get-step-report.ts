// GET /admin/reports/steps: department steps per department, permit, track and month (administrators).
import { z } from 'zod';
import { lazyDeps, type DepsSource } from '#services/api/deps';
import { csvResult, toCsv, wantsCsv } from '#shared/http/csv';
import { httpHandler, type HttpHandler } from '#shared/http/handler';
import { defineRoute } from '#shared/http/openapi';
import { departmentIdSchema, permitTypeSchema, trackSchema } from '#shared/model';
import { reportMonths } from '../core/months.ts';
import { currentMonth, reportedStepKinds, stepReport, stepReportGroupings } from '../core/step-report.ts';
import { stepReportColumns, stepReportSchema } from '../core/views.ts';
import { csvNote, formatQueryShape, groupByQuery, monthsLabel, monthsQueryShape } from './report-query.ts';

export const route = defineRoute({
  method: 'GET',
  path: '/admin/reports/steps',
  summary: 'Department steps: closed, on-time rate, median and p90 working days, overdue still open',
  description:
    'One row per month, department, permit (or step kind) and track, or summed over the keys left out of ' +
    '`groupBy`. Closed-step figures come from counters kept at write time (one read per month); overdue ' +
    `steps are read live and counted in the month they fell due. ${csvNote}`,
  tags: ['reports'],
  roles: ['administrator'],
  query: z.strictObject({
    ...monthsQueryShape,
    department: departmentIdSchema.optional(),
    permitType: permitTypeSchema.optional(),
    kind: z.enum(reportedStepKinds).optional(),
    track: trackSchema.optional(),
    groupBy: groupByQuery(stepReportGroupings),
    ...formatQueryShape,
  }),
  response: stepReportSchema,
});

export function createHandler(deps?: DepsSource): HttpHandler {
  const getDeps = lazyDeps(deps);
  return httpHandler({
    ...route,
    name: 'getStepReport',
    handle: async ({ query, event }) => {
      const deps = getDeps();
      const months = reportMonths(query, currentMonth(deps));
      const report = await stepReport(deps, { ...query, months });
      if (wantsCsv({ format: query.format, accept: event.headers.accept })) {
        return csvResult(`steps-${monthsLabel(months)}.csv`, toCsv(stepReportColumns, report.rows));
      }
      return { body: report };
    },
  });
}

export const handler = createHandler();
