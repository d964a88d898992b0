// GET /applications/{applicationId}/permits: the certificates issued together (同发), once issued.
import { z } from 'zod';
import { lazyDeps, type DepsSource } from '#services/api/deps';
import { applicationIdSchema } from '#shared/model';
import { httpHandler, type HttpHandler } from '#shared/http/handler';
import { defineRoute } from '#shared/http/openapi';
import { getPermits, permitsViewSchema } from '../core/get-permits.ts';

export const route = defineRoute({
  method: 'GET',
  path: '/applications/{applicationId}/permits',
  summary: 'The permits issued for an application',
  description:
    'Certificate numbers, the basis of each (review, or commitment: 告知承诺) and whether it was revoked. ' +
    '404 until the permits are issued, and for an application the caller may not see.',
  tags: ['review'],
  roles: ['enterprise', 'agency-officer', 'window-clerk', 'department-officer', 'administrator'],
  params: z.strictObject({ applicationId: applicationIdSchema }),
  response: permitsViewSchema,
  errors: [404],
});

export function createHandler(deps?: DepsSource): HttpHandler {
  const getDeps = lazyDeps(deps);
  return httpHandler({
    ...route,
    name: 'getPermits',
    handle: async ({ principal, params }) => ({
      body: await getPermits(getDeps(), { principal, applicationId: params.applicationId }),
    }),
  });
}

export const handler = createHandler();
