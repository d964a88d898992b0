// GET /notifications: the caller's own notification centre, newest first, a page at a time.
import type { DepsSource } from '#services/api/deps';
import { httpHandler, type HttpHandler } from '#shared/http/handler';
import { listNotificationsRoute as route } from '../routes.ts';
import { centerDeps } from './center-deps.ts';

export { route };

export function createHandler(deps?: DepsSource): HttpHandler {
  const getDeps = centerDeps(deps);
  return httpHandler({
    ...route,
    name: 'listNotifications',
    // Keyed by the caller's own user id: there is no parameter that could name anyone else's.
    handle: async ({ principal, query }) => ({
      body: await getDeps().store.list(principal.userId, {
        limit: query.limit,
        cursor: query.cursor,
        unreadOnly: query.unread === 'true',
      }),
    }),
  });
}

export const handler = createHandler();
