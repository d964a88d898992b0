// GET /admin/reports/overdue: open steps past their due instant, and who holds each (administrators).
import { z } from 'zod';
import { lazyDeps, type DepsSource } from '#services/api/deps';
import { csvResult, toCsv, wantsCsv } from '#shared/http/csv';
import { httpHandler, type HttpHandler } from '#shared/http/handler';
import { defineRoute } from '#shared/http/openapi';
import { departmentIdSchema } from '#shared/model';
import { overdueReport } from '../core/overdue-report.ts';
import { overdueStepColumns, overdueReportSchema } from '../core/views.ts';
import { csvNote, formatQueryShape } from './report-query.ts';

export const route = defineRoute({
  method: 'GET',
  path: '/admin/reports/overdue',
  summary: 'Overdue open steps with who holds them, most overdue first',
  description:
    'Read live from the open-steps index: a step shows from the instant it falls due, escalated (督办) or ' +
    `not yet. Paused steps (补正 owed by the enterprise) have no due instant and never show. ${csvNote}`,
  tags: ['reports'],
  roles: ['administrator'],
  query: z.strictObject({ department: departmentIdSchema.optional(), ...formatQueryShape }),
  response: overdueReportSchema,
});

export function createHandler(deps?: DepsSource): HttpHandler {
  const getDeps = lazyDeps(deps);
  return httpHandler({
    ...route,
    name: 'getOverdueReport',
    handle: async ({ query, event }) => {
      const report = await overdueReport(getDeps(), { department: query.department });
      if (wantsCsv({ format: query.format, accept: event.headers.accept })) {
        const name = `overdue-${query.department ?? 'all'}-${report.asOf.slice(0, 10)}.csv`;
        return csvResult(name, toCsv(overdueStepColumns, report.steps));
      }
      return { body: report };
    },
  });
}

export const handler = createHandler();
