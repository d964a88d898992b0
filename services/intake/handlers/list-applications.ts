// GET /applications: the applications the caller may see, newest first, a page at a time, always through
// the enterprise index (no Scan): the enterprise side lists its own, everyone else names `enterpriseId`.
import { z } from 'zod';
import { lazyDeps, type DepsSource } from '#services/api/deps';
import { enterpriseIdSchema } from '#shared/model';
import { httpHandler, type HttpHandler } from '#shared/http/handler';
import { defineRoute } from '#shared/http/openapi';
import { listApplications } from '../core/list-applications.ts';
import { applicationPageSchema, pageQueryShape, toApplicationView } from '../core/views.ts';

export const route = defineRoute({
  method: 'GET',
  path: '/applications',
  summary: 'List applications',
  description:
    'Enterprises get their own; agency officers those of each enterprise they represent, one enterprise ' +
    'after another. Window clerks, administrators and department officers name the enterprise in ' +
    '`enterpriseId` (there is no platform-wide listing: it would need a table scan); department officers ' +
    'get only applications with a step of their department, so a page may hold fewer than `limit` items, ' +
    'and find their work through /inbox. An enterprise the caller may not list answers 404.',
  tags: ['intake'],
  roles: ['enterprise', 'agency-officer', 'window-clerk', 'department-officer', 'administrator'],
  query: z.strictObject({
    enterpriseId: enterpriseIdSchema
      .optional()
      .describe('Whose applications; optional for the enterprise side'),
    ...pageQueryShape,
  }),
  response: applicationPageSchema,
  errors: [404],
});

export function createHandler(deps?: DepsSource): HttpHandler {
  const getDeps = lazyDeps(deps);
  return httpHandler({
    ...route,
    name: 'listApplications',
    handle: async ({ principal, query }) => {
      const page = await listApplications(getDeps(), { principal, ...query });
      return { body: { ...page, items: page.items.map(toApplicationView) } };
    },
  });
}

export const handler = createHandler();
