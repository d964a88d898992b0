// GET /admin/reports/applications: whole applications per track and month against the 15 / 9 day limits.
import type { RuntimeSource } from '#shared/runtime/index';
import { routeHandler } from '#shared/handlers/route-handler';
import { csvResult, toCsv, wantsCsv } from '#shared/http/csv';
import type { HttpHandler } from '#shared/http/handler';
import { applicationReport } from '../core/application-report.ts';
import { reportMonths } from '../core/months.ts';
import { currentMonth } from '../core/step-report.ts';
import { applicationReportColumns } from '../core/views.ts';
import { monthsLabel } from '../core/report-query.ts';
import { getApplicationReportRoute as route } from '../routes.ts';

export { route };

export function createHandler(runtime?: RuntimeSource): HttpHandler {
  return routeHandler(route, runtime, {
    name: 'getApplicationReport',
    handle: async ({ deps, query, event }) => {
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
