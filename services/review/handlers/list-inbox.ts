// GET /inbox: a department's open steps, earliest due first, a page at a time (待办).
import type { RuntimeSource } from '#shared/runtime/index';
import { routeHandler } from '#shared/handlers/route-handler';
import { toStepView } from '#shared/model';
import type { HttpHandler } from '#shared/http/handler';
import { listInbox } from '../core/list-inbox.ts';
import { listInboxRoute as route } from '../routes.ts';

export { route };

export function createHandler(runtime?: RuntimeSource): HttpHandler {
  return routeHandler(route, runtime, {
    name: 'listInbox',
    handle: async ({ deps, principal, query }) => {
      const page = await listInbox(deps, { principal, ...query });
      return { body: { ...page, items: page.items.map(toStepView) } };
    },
  });
}

export const handler = createHandler();
