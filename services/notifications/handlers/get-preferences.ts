// GET /notifications/preferences: the caller's notification preferences (defaults until first saved).
import type { RuntimeSource } from '#shared/runtime/index';
import { routeHandler } from '#shared/handlers/route-handler';
import type { HttpHandler } from '#shared/http/handler';
import { getPreferencesRoute as route } from '../routes.ts';
import { notificationStoreOf } from './center-deps.ts';

export { route };

export function createHandler(runtime?: RuntimeSource): HttpHandler {
  return routeHandler(route, runtime, {
    name: 'getNotificationPreferences',
    handle: async ({ deps, principal }) => ({
      body: await notificationStoreOf(deps).preferences(principal.userId),
    }),
  });
}

export const handler = createHandler();
