// GET /applications/{applicationId}: one application with its steps, its timeline and its deadlines (the
// working days used against each limit, the paused intervals, the due instants), as the caller may see it.
import { z } from 'zod';
import { lazyDeps, type DepsSource } from '#services/api/deps';
import { applicationIdSchema } from '#shared/model';
import { httpHandler, type HttpHandler } from '#shared/http/handler';
import { defineRoute } from '#shared/http/openapi';
import { getApplication } from '../core/get-application.ts';
import { applicationDetailSchema } from '../core/views.ts';

export const route = defineRoute({
  method: 'GET',
  path: '/applications/{applicationId}',
  summary: 'Read an application with its steps, timeline and deadlines',
  description:
    'Deadlines are read now from the step budgets, their pauses and the working-day calendar. An ' +
    'application the caller may not see answers 404, like an unknown one.',
  tags: ['intake'],
  roles: ['enterprise', 'agency-officer', 'window-clerk', 'department-officer', 'administrator'],
  params: z.strictObject({ applicationId: applicationIdSchema }),
  response: applicationDetailSchema,
  errors: [404],
});

export function createHandler(deps?: DepsSource): HttpHandler {
  const getDeps = lazyDeps(deps);
  return httpHandler({
    ...route,
    name: 'getApplication',
    handle: async ({ principal, params }) => ({
      body: await getApplication(getDeps(), { principal, applicationId: params.applicationId }),
    }),
  });
}

export const handler = createHandler();
