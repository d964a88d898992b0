// GET /openapi.json (public): the API's OpenAPI 3.1 document, built from the routes the handlers declare.
// Not an httpHandler: that stack requires an authenticated caller with a role, and this route has neither.
import { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { defineRoute, openApiDocument } from '#shared/http/openapi';
import { correlationIdOf } from '#shared/http/request';
import { errorResponse, jsonResponse } from '#shared/http/response';
import { authenticatedRoutes } from '../routes.ts';

export const route = defineRoute({
  method: 'GET',
  path: '/openapi.json',
  summary: 'The OpenAPI document of this API',
  tags: ['api'],
  roles: [],
});

export type PlainHandler = (
  event: APIGatewayProxyEventV2,
  context?: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

export function createHandler(options: { logger?: Logger } = {}): PlainHandler {
  const logger =
    options.logger ??
    new Logger({
      serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'one-window',
      persistentKeys: { handler: 'getOpenApi' },
    });
  let document: unknown;
  return async (event, context) => {
    const correlationId = correlationIdOf(event, context?.awsRequestId);
    try {
      document ??= openApiDocument(authenticatedRoutes);
      // The document changes only with a deployment; the JSON stack's `no-store` is for case data.
      return jsonResponse(200, document, correlationId, { 'cache-control': 'public, max-age=300' });
    } catch (error) {
      return errorResponse(error, correlationId, logger);
    }
  };
}

export const handler = createHandler();
