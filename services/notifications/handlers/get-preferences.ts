// GET /notifications/preferences: the caller's notification preferences (defaults until first saved).
import type { DepsSource } from '#services/api/deps';
import { httpHandler, type HttpHandler } from '#shared/http/handler';
import { getPreferencesRoute as route } from '../routes.ts';
import { centerDeps } from './center-deps.ts';

export { route };

export function createHandler(deps?: DepsSource): HttpHandler {
  const getDeps = centerDeps(deps);
  return httpHandler({
    ...route,
    name: 'getNotificationPreferences',
    handle: async ({ principal }) => ({ body: await getDeps().store.preferences(principal.userId) }),
  });
}

export const handler = createHandler();
