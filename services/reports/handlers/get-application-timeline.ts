// GET /admin/applications/{applicationId}/timeline: one application's events and paused intervals as a table,
// with the working days used against its limit (administrators; CSV for audits). The JSON detail with steps
// and every clock stays GET /applications/{applicationId}; this is its flat, exportable form.
import { z } from 'zod';
import { lazyDeps, type DepsSource } from '#services/api/deps';
import { csvResult, toCsv, wantsCsv } from '#shared/http/csv';
import { httpHandler, type HttpHandler } from '#shared/http/handler';
import { defineRoute } from '#shared/http/openapi';
import { applicationIdSchema } from '#shared/model';
import { applicationTimeline } from '../core/timeline-report.ts';
import { applicationTimelineSchema, timelineColumns } from '../core/views.ts';
import { csvNote, formatQueryShape } from './report-query.ts';

export const route = defineRoute({
  method: 'GET',
  path: '/admin/applications/{applicationId}/timeline',
  summary: "An application's full timeline: every event and every paused interval",
  description:
    'Who did what, when and on whose behalf, with each status change, interleaved with the intervals in ' +
    `which a clock stood still (补正, Art. 45 exclusions). ${csvNote}`,
  tags: ['reports'],
  roles: ['administrator'],
  params: z.strictObject({ applicationId: applicationIdSchema }),
  query: z.strictObject({ ...formatQueryShape }),
  response: applicationTimelineSchema,
  errors: [404],
});

export function createHandler(deps?: DepsSource): HttpHandler {
  const getDeps = lazyDeps(deps);
  return httpHandler({
    ...route,
    name: 'getApplicationTimeline',
    handle: async ({ params, query, principal, event }) => {
      const timeline = await applicationTimeline(getDeps(), {
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
