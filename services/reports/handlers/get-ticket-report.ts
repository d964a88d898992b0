// GET /admin/reports/tickets: problem tickets per department and category; CSV on request.
import type { RuntimeSource } from '#shared/runtime/index';
import { routeHandler } from '#shared/handlers/route-handler';
import { csvResult, toCsv, wantsCsv } from '#shared/http/csv';
import type { HttpHandler } from '#shared/http/handler';
import { ticketReport, ticketReportColumns } from '../core/project-report.ts';
import { reportMonths } from '../core/months.ts';
import { currentMonth } from '../core/step-report.ts';
import { monthsLabel } from '../core/report-query.ts';
import { getTicketReportRoute as route } from '../routes.ts';

export { route };

export function createHandler(runtime?: RuntimeSource): HttpHandler {
  return routeHandler(route, runtime, {
    name: 'getTicketReport',
    handle: async ({ deps, query, event }) => {
      const months = reportMonths(query, currentMonth(deps));
      const report = await ticketReport(deps, { months, department: query.department });
      if (wantsCsv({ format: query.format, accept: event.headers.accept })) {
        return csvResult(`tickets-${monthsLabel(months)}.csv`, toCsv(ticketReportColumns, report.rows));
      }
      return { body: report };
    },
  });
}

export const handler = createHandler();
