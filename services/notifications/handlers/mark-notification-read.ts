// POST /notifications/{notificationId}/read: marks one of the caller's notifications read (once).
import type { RuntimeSource } from '#shared/runtime/index';
import { routeHandler } from '#shared/handlers/route-handler';
import type { HttpHandler } from '#shared/http/handler';
import { NotFound } from '#shared/errors';
import { markReadRoute as route } from '../routes.ts';
import { notificationStoreOf } from './center-deps.ts';

export { route };

export function createHandler(runtime?: RuntimeSource): HttpHandler {
  return routeHandler(route, runtime, {
    name: 'markNotificationRead',
    handle: async ({ deps, principal, params }) => {
      // Looked up under the caller's own partition: another person's id is simply not found (404, no leak).
      const notification = await notificationStoreOf(deps).markRead(
        principal.userId,
        params.notificationId,
        deps.now(),
      );
      if (!notification) throw new NotFound('No such notification');
      return { body: notification };
    },
  });
}

export const handler = createHandler();
