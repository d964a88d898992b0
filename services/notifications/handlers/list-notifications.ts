// GET /notifications: the caller's own notification centre, newest first, a page at a time.
import type { RuntimeSource } from '#shared/runtime/index';
import { routeHandler } from '#shared/handlers/route-handler';
import type { HttpHandler } from '#shared/http/handler';
import { listNotificationsRoute as route } from '../routes.ts';
import { notificationStoreOf } from './center-deps.ts';

export { route };

export function createHandler(runtime?: RuntimeSource): HttpHandler {
  return routeHandler(route, runtime, {
    name: 'listNotifications',
    // Keyed by the caller's own user id: there is no parameter that could name anyone else.
    handle: async ({ deps, principal, query }) => ({
      body: await notificationStoreOf(deps).list(principal.userId, {
        limit: query.limit,
        cursor: query.cursor,
        unreadOnly: query.unread === 'true',
      }),
    }),
  });
}

export const handler = createHandler();
