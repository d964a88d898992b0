// GET /notifications/unread-count: the badge on the caller's notification centre.
import type { RuntimeSource } from '#shared/runtime/index';
import { routeHandler } from '#shared/handlers/route-handler';
import type { HttpHandler } from '#shared/http/handler';
import { unreadCountRoute as route } from '../routes.ts';
import { notificationStoreOf } from './center-deps.ts';

export { route };

export function createHandler(runtime?: RuntimeSource): HttpHandler {
  return routeHandler(route, runtime, {
    name: 'getUnreadCount',
    handle: async ({ deps, principal }) => ({
      body: { unread: await notificationStoreOf(deps).unreadCount(principal.userId) },
    }),
  });
}

export const handler = createHandler();
