// GET /openapi.json (public): the API's OpenAPI 3.1 document, built from the routes the handlers declare.
import { httpHandler } from '#shared/http/handler';
import { defineRoute, openApiDocument } from '#shared/http/openapi';
import { authenticatedRoutes, publicRoutes } from '../routes.ts';

export const route = defineRoute({
  method: 'GET',
  path: '/openapi.json',
  summary: 'The OpenAPI document of this API',
  tags: ['api'],
  roles: 'public',
});

export function createHandler() {
  let document: unknown;
  return httpHandler({
    ...route,
    name: 'getOpenApi',
    handle: async () => {
      document ??= openApiDocument([...authenticatedRoutes, ...publicRoutes, route]);
      // The document changes only with a deployment; the stack's `no-store` is for case data.
      return { body: document, headers: { 'cache-control': 'public, max-age=300' } };
    },
  });
}

export const handler = createHandler();
