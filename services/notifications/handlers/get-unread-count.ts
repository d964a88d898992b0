// GET /notifications/unread-count: the badge on the caller's notification centre.
import type { DepsSource } from '#services/api/deps';
import { httpHandler, type HttpHandler } from '#shared/http/handler';
import { unreadCountRoute as route } from '../routes.ts';
import { centerDeps } from './center-deps.ts';

export { route };

export function createHandler(deps?: DepsSource): HttpHandler {
  const getDeps = centerDeps(deps);
  return httpHandler({
    ...route,
    name: 'getUnreadCount',
    handle: async ({ principal }) => ({
      body: { unread: await getDeps().store.unreadCount(principal.userId) },
    }),
  });
}

export const handler = createHandler();
