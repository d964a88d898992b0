// GET /admin/reports/overdue: open steps past their due instant, and who holds each (administrators).
import type { RuntimeSource } from '#shared/runtime/index';
import { routeHandler } from '#shared/handlers/route-handler';
import { csvResult, toCsv, wantsCsv } from '#shared/http/csv';
import type { HttpHandler } from '#shared/http/handler';
import { overdueReport } from '../core/overdue-report.ts';
import { overdueStepColumns } from '../core/views.ts';
import { getOverdueReportRoute as route } from '../routes.ts';

export { route };

export function createHandler(runtime?: RuntimeSource): HttpHandler {
  return routeHandler(route, runtime, {
    name: 'getOverdueReport',
    handle: async ({ deps, query, event }) => {
      const report = await overdueReport(deps, { department: query.department });
      if (wantsCsv({ format: query.format, accept: event.headers.accept })) {
        const name = `overdue-${query.department ?? 'all'}-${report.asOf.slice(0, 10)}.csv`;
        return csvResult(name, toCsv(overdueStepColumns, report.steps));
      }
      return { body: report };
    },
  });
}

export const handler = createHandler();
