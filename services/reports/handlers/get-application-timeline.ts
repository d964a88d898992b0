// GET /admin/applications/{applicationId}/timeline: one application's events and paused intervals as a table,
// with the working days used against its limit (administrators; CSV for audits). The JSON detail with steps
// and every clock stays GET /applications/{applicationId}; this is its flat, exportable form.
import type { RuntimeSource } from '#shared/runtime/index';
import { routeHandler } from '#shared/handlers/route-handler';
import { csvResult, toCsv, wantsCsv } from '#shared/http/csv';
import type { HttpHandler } from '#shared/http/handler';
import { applicationTimeline } from '../core/timeline-report.ts';
import { timelineColumns } from '../core/views.ts';
import { getApplicationTimelineRoute as route } from '../routes.ts';

export { route };

export function createHandler(runtime?: RuntimeSource): HttpHandler {
  return routeHandler(route, runtime, {
    name: 'getApplicationTimeline',
    handle: async ({ deps, params, query, principal, event }) => {
      const timeline = await applicationTimeline(deps, {
        principal,
        applicationId: params.applicationId,
      });
      if (wantsCsv({ format: query.format, accept: event.headers.accept })) {
        return csvResult(`timeline-${params.applicationId}.csv`, toCsv(timelineColumns, timeline.entries));
      }
      return { body: timeline };
    },
  });
}

export const handler = createHandler();
