// GET /admin/reports/steps: department steps per department, permit, track and month (administrators).
import type { RuntimeSource } from '#shared/runtime/index';
import { routeHandler } from '#shared/handlers/route-handler';
import { csvResult, toCsv, wantsCsv } from '#shared/http/csv';
import type { HttpHandler } from '#shared/http/handler';
import { reportMonths } from '../core/months.ts';
import { currentMonth, stepReport } from '../core/step-report.ts';
import { stepReportColumns } from '../core/views.ts';
import { monthsLabel } from '../core/report-query.ts';
import { getStepReportRoute as route } from '../routes.ts';

export { route };

export function createHandler(runtime?: RuntimeSource): HttpHandler {
  return routeHandler(route, runtime, {
    name: 'getStepReport',
    handle: async ({ deps, query, event }) => {
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
