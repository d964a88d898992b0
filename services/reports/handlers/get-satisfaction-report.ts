// GET /admin/reports/satisfaction: ratings and the satisfaction rate (满意率) per department and month; CSV on request.
import type { RuntimeSource } from '#shared/runtime/index';
import { routeHandler } from '#shared/handlers/route-handler';
import { csvResult, toCsv, wantsCsv } from '#shared/http/csv';
import type { HttpHandler } from '#shared/http/handler';
import { satisfactionReport, satisfactionReportColumns } from '../core/satisfaction-report.ts';
import { reportMonths } from '../core/months.ts';
import { currentMonth } from '../core/step-report.ts';
import { monthsLabel } from '../core/report-query.ts';
import { getSatisfactionReportRoute as route } from '../routes.ts';

export { route };

export function createHandler(runtime?: RuntimeSource): HttpHandler {
  return routeHandler(route, runtime, {
    name: 'getSatisfactionReport',
    handle: async ({ deps, query, event }) => {
      const months = reportMonths(query, currentMonth(deps));
      const report = await satisfactionReport(deps, { months, department: query.department });
      if (wantsCsv({ format: query.format, accept: event.headers.accept })) {
        return csvResult(
          `satisfaction-${monthsLabel(months)}.csv`,
          toCsv(satisfactionReportColumns, report.rows),
        );
      }
      return { body: report };
    },
  });
}

export const handler = createHandler();
