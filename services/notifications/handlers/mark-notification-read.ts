// POST /notifications/{notificationId}/read: marks one of the caller's notifications read (once).
import type { DepsSource } from '#services/api/deps';
import { NotFound } from '#shared/errors';
import { httpHandler, type HttpHandler } from '#shared/http/handler';
import { markReadRoute as route } from '../routes.ts';
import { centerDeps } from './center-deps.ts';

export { route };

export function createHandler(deps?: DepsSource): HttpHandler {
  const getDeps = centerDeps(deps);
  return httpHandler({
    ...route,
    name: 'markNotificationRead',
    idempotency: () => getDeps().api.idempotency,
    handle: async ({ principal, params }) => {
      const { api, store } = getDeps();
      // Looked up under the caller's own partition: another person's id is simply not found (404, no leak).
      const notification = await store.markRead(principal.userId, params.notificationId, api.now());
      if (!notification) throw new NotFound('No such notification');
      return { body: notification };
    },
  });
}

export const handler = createHandler();
