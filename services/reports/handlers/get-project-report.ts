// GET /admin/reports/projects: projects per month and stage, and the registration rate (入库率); CSV on request.
import type { RuntimeSource } from '#shared/runtime/index';
import { routeHandler } from '#shared/handlers/route-handler';
import { csvResult, toCsv, wantsCsv } from '#shared/http/csv';
import type { HttpHandler } from '#shared/http/handler';
import { projectReport, projectReportColumns } from '../core/project-report.ts';
import { reportMonths } from '../core/months.ts';
import { currentMonth } from '../core/step-report.ts';
import { monthsLabel } from '../core/report-query.ts';
import { getProjectReportRoute as route } from '../routes.ts';

export { route };

export function createHandler(runtime?: RuntimeSource): HttpHandler {
  return routeHandler(route, runtime, {
    name: 'getProjectReport',
    handle: async ({ deps, query, event }) => {
      const months = reportMonths(query, currentMonth(deps));
      const report = await projectReport(deps, { months, plannedProjects: query.plannedProjects });
      if (wantsCsv({ format: query.format, accept: event.headers.accept })) {
        return csvResult(`projects-${monthsLabel(months)}.csv`, toCsv(projectReportColumns, report.rows));
      }
      return { body: report };
    },
  });
}

export const handler = createHandler();
