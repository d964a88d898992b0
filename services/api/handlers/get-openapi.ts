// GET /openapi.json (public): the API's OpenAPI 3.1 document, built from the routes the handlers declare.
import { httpHandler } from '#shared/http/handler';
import { defineRoute, openApiDocument } from '#shared/http/openapi';
import { authenticatedRoutes } from '../routes.ts';

export const route = defineRoute({
  method: 'GET',
  path: '/openapi.json',
  summary: 'The OpenAPI document of this API',
  tags: ['api'],
  roles: 'public',
});

/** The document: served by this handler locally, and generated at synth time as the edge's static file. */
export function buildOpenApiDocument(): unknown {
  return openApiDocument([...authenticatedRoutes, route]);
}

export function createHandler() {
  let document: unknown;
  return httpHandler({
    ...route,
    name: 'getOpenApi',
    handle: async () => {
      document ??= buildOpenApiDocument();
      // The document changes only with a deployment; the stack's `no-store` is for case data.
      return { body: document, headers: { 'cache-control': 'public, max-age=300' } };
    },
  });
}

export const handler = createHandler();
