// GET /admin/reports/applications: whole applications per track and month against the 15 / 9 day limits.
import { z } from 'zod';
import { lazyDeps, type DepsSource } from '#services/api/deps';
import { csvResult, toCsv, wantsCsv } from '#shared/http/csv';
import { httpHandler, type HttpHandler } from '#shared/http/handler';
import { defineRoute } from '#shared/http/openapi';
import { trackSchema } from '#shared/model';
import { applicationReport, applicationReportGroupings } from '../core/application-report.ts';
import { reportMonths } from '../core/months.ts';
import { currentMonth } from '../core/step-report.ts';
import { applicationReportColumns, applicationReportSchema } from '../core/views.ts';
import { csvNote, formatQueryShape, groupByQuery, monthsLabel, monthsQueryShape } from './report-query.ts';

export const route = defineRoute({
  method: 'GET',
  path: '/admin/reports/applications',
  summary: 'Applications: issued, on time, median and p90 working days, supplement rounds, other ends',
  description:
    'One row per month and track (the month of issuance, refusal, ...), or summed over the keys left out of ' +
    '`groupBy`. `issuedWithoutSupplement` counts applications issued on their first submission (最多跑一次). ' +
    csvNote,
  tags: ['reports'],
  roles: ['administrator'],
  query: z.strictObject({
    ...monthsQueryShape,
    track: trackSchema.optional(),
    groupBy: groupByQuery(applicationReportGroupings),
    ...formatQueryShape,
  }),
  response: applicationReportSchema,
});

export function createHandler(deps?: DepsSource): HttpHandler {
  const getDeps = lazyDeps(deps);
  return httpHandler({
    ...route,
    name: 'getApplicationReport',
    handle: async ({ query, event }) => {
      const deps = getDeps();
      const months = reportMonths(query, currentMonth(deps));
      const report = await applicationReport(deps, { ...query, months });
      if (wantsCsv({ format: query.format, accept: event.headers.accept })) {
        return csvResult(
          `applications-${monthsLabel(months)}.csv`,
          toCsv(applicationReportColumns, report.rows),
        );
      }
      return { body: report };
    },
  });
}

export const handler = createHandler();
