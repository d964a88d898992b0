// PUT /notifications/preferences: the caller changes their own preferences (versioned, Idempotency-Key).
import type { RuntimeSource } from '#shared/runtime/index';
import { routeHandler } from '#shared/handlers/route-handler';
import type { HttpHandler } from '#shared/http/handler';
import { putPreferencesRoute as route } from '../routes.ts';
import { notificationStoreOf } from './center-deps.ts';

export { route };

export function createHandler(runtime?: RuntimeSource): HttpHandler {
  return routeHandler(route, runtime, {
    name: 'putNotificationPreferences',
    handle: async ({ deps, principal, body }) => {
      const version = await notificationStoreOf(deps).savePreferences(
        principal.userId,
        body.preferences,
        body.version,
      );
      return { body: { preferences: body.preferences, version } };
    },
  });
}

export const handler = createHandler();
