// Test support for API handlers: hand-made API Gateway HTTP API (payload v2) events, shaped as the cloud
// delivers them, and a helper that invokes a handler and parses its JSON response. No test framework imports,
// so unit, integration and e2e tests can all reuse it.
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import {
  claimsForPrincipal,
  type EventClaims,
  type IdentityClaims,
  type Principal,
} from '#shared/auth/principal';
import { toApiGatewayClaims } from '#shared/auth/local-issuer';

export interface ApiEventInput {
  /** @default 'GET' */
  method?: string;
  /** @default '/' */
  path?: string;
  /** @default `${method} ${path}` */
  routeKey?: string;
  /** An object is sent as JSON (with content-type application/json unless headers say otherwise); a string as is. */
  body?: unknown;
  isBase64Encoded?: boolean;
  headers?: Record<string, string>;
  pathParameters?: Record<string, string>;
  queryStringParameters?: Record<string, string>;
  /** Claims as the JWT authorizer delivers them. Without claims or principal the event has no authorizer. */
  claims?: EventClaims | IdentityClaims;
  /** Shortcut for `claims`: the claims Cognito would carry for this principal, stringified like API Gateway. */
  principal?: Principal;
  /** @default a fixed test request ID */
  requestId?: string;
}

export function apiEvent(input: ApiEventInput = {}): APIGatewayProxyEventV2 {
  const method = (input.method ?? 'GET').toUpperCase();
  const path = input.path ?? '/';
  const headers: Record<string, string> = { host: 'api.test', 'user-agent': 'vitest', ...input.headers };
  let body: string | undefined;
  if (typeof input.body === 'string') body = input.body;
  else if (input.body !== undefined) {
    body = JSON.stringify(input.body);
    if (!Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) {
      headers['content-type'] = 'application/json';
    }
  }
  const claims =
    input.principal !== undefined
      ? toApiGatewayClaims({ ...claimsForPrincipal(input.principal) })
      : input.claims;
  const requestId = input.requestId ?? 'test-request-id';
  const query = input.queryStringParameters;

  const event = {
    version: '2.0',
    routeKey: input.routeKey ?? `${method} ${path}`,
    rawPath: path,
    rawQueryString: query ? new URLSearchParams(query).toString() : '',
    headers,
    ...(query ? { queryStringParameters: query } : {}),
    ...(input.pathParameters ? { pathParameters: input.pathParameters } : {}),
    requestContext: {
      accountId: '123456789012',
      apiId: 'test-api',
      domainName: 'api.test',
      domainPrefix: 'api',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'vitest' },
      requestId,
      routeKey: input.routeKey ?? `${method} ${path}`,
      stage: '$default',
      time: '01/Jan/2025:00:00:00 +0000',
      timeEpoch: 1735689600000,
      ...(claims !== undefined ? { authorizer: { jwt: { claims, scopes: null } } } : {}),
    },
    ...(body !== undefined ? { body } : {}),
    isBase64Encoded: input.isBase64Encoded ?? false,
  };
  return event as APIGatewayProxyEventV2;
}

export function lambdaContext(overrides: Partial<Context> = {}): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: 'test-function',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:ap-east-1:123456789012:function:test-function',
    memoryLimitInMB: '256',
    awsRequestId: 'test-aws-request-id',
    logGroupName: '/aws/lambda/test-function',
    logStreamName: 'test-stream',
    getRemainingTimeInMillis: () => 30_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
    ...overrides,
  };
}

export interface ApiResult {
  statusCode: number;
  headers: Record<string, string>;
  /** The parsed JSON body; undefined when there is none. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary response shapes
  body: any;
  rawBody: string | undefined;
}

/** Invokes a payload-v2 handler and parses its response. */
export async function invoke(
  handler: (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyResultV2>,
  event: APIGatewayProxyEventV2,
  context: Context = lambdaContext(),
): Promise<ApiResult> {
  const result = await handler(event, context);
  if (typeof result === 'string') {
    return { statusCode: 200, headers: {}, body: JSON.parse(result), rawBody: result };
  }
  const rawBody = result.body;
  return {
    statusCode: result.statusCode ?? 200,
    headers: Object.fromEntries(Object.entries(result.headers ?? {}).map(([k, v]) => [k, String(v)])),
    body: rawBody === undefined || rawBody === '' ? undefined : JSON.parse(rawBody),
    rawBody,
  };
}
