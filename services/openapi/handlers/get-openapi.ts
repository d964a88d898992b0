// GET /openapi.json (public): the API's OpenAPI 3.1 document, built from the route table and the contracts.
import type { HttpHandler } from '#shared/http/handler';
import { httpHandler } from '#shared/http/handler';
import { apiDocument, getOpenApiRoute as route } from '../document.ts';

export { route };

export function createHandler(): HttpHandler {
  return httpHandler({
    ...route,
    name: 'getOpenApi',
    // The document changes only with a deployment; the stack's `no-store` is for case data.
    handle: async () => ({ body: apiDocument(), headers: { 'cache-control': 'public, max-age=300' } }),
  });
}

export const handler = createHandler();
