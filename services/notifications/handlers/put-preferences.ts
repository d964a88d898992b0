// PUT /notifications/preferences: the caller changes their own preferences (versioned, Idempotency-Key).
import type { DepsSource } from '#services/api/deps';
import { httpHandler, type HttpHandler } from '#shared/http/handler';
import { putPreferencesRoute as route } from '../routes.ts';
import { centerDeps } from './center-deps.ts';

export { route };

export function createHandler(deps?: DepsSource): HttpHandler {
  const getDeps = centerDeps(deps);
  return httpHandler({
    ...route,
    name: 'putNotificationPreferences',
    idempotency: () => getDeps().api.idempotency,
    handle: async ({ principal, body }) => {
      const version = await getDeps().store.savePreferences(principal.userId, body.preferences, body.version);
      return { body: { preferences: body.preferences, version } };
    },
  });
}

export const handler = createHandler();
