// GET /public/performance: the published figures (政务公开) of a month, no login; cacheable for five minutes.
import type { RuntimeSource } from '#shared/runtime/index';
import { routeHandler } from '#shared/handlers/route-handler';
import type { HttpHandler } from '#shared/http/handler';
import { publishedPerformance } from '../core/published-performance.ts';
import { currentMonth } from '../core/step-report.ts';
import { getPublishedPerformanceRoute as route } from '../routes.ts';
import { publicCacheHeaders } from '#shared/http/public-cache';

export { route };

export function createHandler(runtime?: RuntimeSource): HttpHandler {
  return routeHandler(route, runtime, {
    name: 'getPublishedPerformance',
    handle: async ({ deps, query }) => ({
      body: await publishedPerformance(deps, query.month ?? currentMonth(deps)),
      headers: { ...publicCacheHeaders },
    }),
  });
}

export const handler = createHandler();
