// The local HTTP API: every route of the route table (infra/routes.ts) dispatched to its handler with the event
// API Gateway's HTTP API (payload 2.0) would send, including what its JWT authorizer adds: for routes that are
// not public, the bearer token is verified (here by the local issuer, in the cloud by Cognito's JWKS) and its
// claims placed at requestContext.authorizer.jwt.claims, flattened to strings as API Gateway does. A request
// without a valid token never reaches the handler (401), as in the cloud. As CloudFront does, it adds the
// origin-verification header to every request (the handlers refuse requests without it).
import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { JWTPayload } from 'jose';
import { type ApiRoute, routeKey } from '#infra/routes';
import { bearerToken, toApiGatewayClaims } from '#shared/auth/local-issuer';
import { lambdaContext } from './lambda-context.ts';
import { refuseForeignRequest } from './request-guard.ts';

/** A handler as API Gateway invokes it; the result may be structured or, as payload 2.0 allows, a bare body. */
export type ApiHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<unknown> | unknown;

export interface LocalResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface HttpApiOptions {
  routes: readonly ApiRoute[];
  /** Handler by entry (the route's `entry`). */
  handlers: ReadonlyMap<string, ApiHandler>;
  /** Verifies a bearer token and returns its claims; throws when it is not valid. */
  verify: (token: string) => Promise<JWTPayload>;
  /** Answers the runtime's own routes (`/local/...`), or undefined to fall through to the API. */
  local?: (request: LocalRequest) => Promise<LocalResponse | undefined>;
  log?: (message: string) => void;
  /**
   * The header the edge adds to every request to the API (origin verification, as CloudFront does in the
   * cloud), replacing one the caller sent. @default none
   */
  originHeader?: { name: string; value: string };
}

export interface LocalRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: string;
}

/** API Gateway's HTTP API limit. */
const maxBodyBytes = 10 * 1024 * 1024;

interface CompiledRoute {
  route: ApiRoute;
  pattern: RegExp;
  names: string[];
}

/** A request listener for node:http. */
export function httpApi(
  options: HttpApiOptions,
): (request: IncomingMessage, response: ServerResponse) => void {
  const compiled = options.routes.map(compile);
  const log = options.log ?? (() => undefined);
  return (request, response) => {
    void serve(request, response).catch((error: unknown) => {
      log(`local API: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      if (!response.headersSent) writeJson(response, 500, { message: 'Internal Server Error' });
      else response.end();
    });
  };

  async function serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const method = (request.method ?? 'GET').toUpperCase();
    const url = new URL(request.url ?? '/', 'http://localhost');
    const refusal = refuseForeignRequest({ method, path: url.pathname, headers: request.headers });
    if (refusal) {
      request.resume();
      return writeJson(response, refusal.status, { message: refusal.message });
    }
    const body = await readBody(request);
    if (body === undefined) return writeJson(response, 413, { message: 'Request Entity Too Large' });

    if (url.pathname.startsWith('/local/') && options.local) {
      const answer = await options.local({
        method,
        path: url.pathname,
        query: url.searchParams,
        body: body.toString('utf8'),
      });
      if (answer) return writeJson(response, answer.status, answer.body, answer.headers);
    }

    const match = findRoute(compiled, method, url.pathname);
    if (!match) return writeJson(response, 404, { message: 'Not Found' });
    const { route, pathParameters } = match;
    const handler = options.handlers.get(route.entry);
    if (!handler) return writeJson(response, 500, { message: 'Internal Server Error' });

    let claims: Record<string, string> | undefined;
    if (!route.public) {
      const token = bearerToken(header(request.headers, 'authorization'));
      if (!token) return unauthorized(response);
      try {
        claims = toApiGatewayClaims(await options.verify(token));
      } catch {
        return unauthorized(response);
      }
    }

    const event = toEvent(request, url, route, pathParameters, body, claims, options.originHeader);
    let result: unknown;
    try {
      result = await handler(event, lambdaContext(route.name));
    } catch (error) {
      // As API Gateway answers a function error: nothing of it reaches the caller.
      log(`${route.name}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return writeJson(response, 500, { message: 'Internal Server Error' });
    }
    writeResult(response, result, event.requestContext.requestId);
  }
}

function compile(route: ApiRoute): CompiledRoute {
  const names: string[] = [];
  const source = route.path
    .split('/')
    .map((segment) => {
      const greedy = /^\{(\w+)\+\}$/.exec(segment);
      if (greedy) {
        names.push(greedy[1]!);
        return '(.+)';
      }
      const param = /^\{(\w+)\}$/.exec(segment);
      if (param) {
        names.push(param[1]!);
        return '([^/]+)';
      }
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return { route, pattern: new RegExp(`^${source}$`), names };
}

function findRoute(
  routes: CompiledRoute[],
  method: string,
  path: string,
): { route: ApiRoute; pathParameters: Record<string, string> } | undefined {
  for (const { route, pattern, names } of routes) {
    if (route.method !== method) continue;
    const found = pattern.exec(path);
    if (!found) continue;
    const pathParameters: Record<string, string> = {};
    names.forEach((name, i) => {
      const raw = found[i + 1]!;
      try {
        pathParameters[name] = decodeURIComponent(raw);
      } catch {
        pathParameters[name] = raw;
      }
    });
    return { route, pathParameters };
  }
  return undefined;
}

function toEvent(
  request: IncomingMessage,
  url: URL,
  route: ApiRoute,
  pathParameters: Record<string, string>,
  body: Buffer,
  claims: Record<string, string> | undefined,
  originHeader: HttpApiOptions['originHeader'],
): APIGatewayProxyEventV2 {
  // Payload 2.0: lower-cased names, repeated headers joined with commas, cookies apart.
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined || name === 'cookie') continue;
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  if (originHeader) headers[originHeader.name.toLowerCase()] = originHeader.value;
  const cookies = header(request.headers, 'cookie')
    ?.split(';')
    .map((c) => c.trim())
    .filter(Boolean);
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) {
    query[name] = name in query ? `${query[name]},${value}` : value;
  }
  const now = new Date();
  const requestId = randomUUID();
  const text = isTextual(headers['content-type']);
  const host = headers.host ?? 'localhost';
  return {
    version: '2.0',
    routeKey: routeKey(route),
    rawPath: url.pathname,
    rawQueryString: url.search.replace(/^\?/, ''),
    ...(cookies && cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
    ...(Object.keys(pathParameters).length > 0 ? { pathParameters } : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      ...(claims ? { authorizer: { jwt: { claims, scopes: null } } } : {}),
      domainName: host,
      domainPrefix: host.split('.')[0] ?? host,
      http: {
        method: request.method ?? 'GET',
        path: url.pathname,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId,
      routeKey: routeKey(route),
      stage: '$default',
      time: apiGatewayTime(now),
      timeEpoch: now.getTime(),
    },
    ...(body.length > 0
      ? { body: text ? body.toString('utf8') : body.toString('base64'), isBase64Encoded: !text }
      : { isBase64Encoded: false }),
  } as APIGatewayProxyEventV2;
}

/** Payload 2.0 responses: a structured result, or anything else as a JSON body with status 200. */
function writeResult(response: ServerResponse, result: unknown, requestId: string): void {
  const structured =
    result !== null && typeof result === 'object' && 'statusCode' in result
      ? (result as APIGatewayProxyStructuredResultV2)
      : undefined;
  if (!structured) {
    const text = typeof result === 'string' ? result : JSON.stringify(result ?? null);
    response.writeHead(200, { 'content-type': 'application/json', 'apigw-requestid': requestId });
    response.end(text);
    return;
  }
  const headers: Record<string, string | string[]> = { 'apigw-requestid': requestId };
  for (const [name, value] of Object.entries(structured.headers ?? {})) headers[name] = String(value);
  if (structured.cookies && structured.cookies.length > 0) headers['set-cookie'] = structured.cookies;
  const body =
    structured.body === undefined
      ? undefined
      : structured.isBase64Encoded
        ? Buffer.from(structured.body, 'base64')
        : structured.body;
  if (body !== undefined && headers['content-type'] === undefined)
    headers['content-type'] = 'application/json';
  response.writeHead(structured.statusCode ?? 200, headers);
  response.end(body);
}

function unauthorized(response: ServerResponse): void {
  writeJson(response, 401, { message: 'Unauthorized' }, { 'www-authenticate': 'Bearer' });
}

export function writeJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  response.writeHead(status, {
    ...(text ? { 'content-type': 'application/json' } : {}),
    'cache-control': 'no-store',
    ...headers,
  });
  response.end(text);
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

function isTextual(contentType: string | undefined): boolean {
  if (!contentType) return true;
  return /^(text\/|application\/([a-z0-9.+-]+\+)?(json|xml|x-www-form-urlencoded|javascript))/i.test(
    contentType.trim(),
  );
}

/** `08/Mar/2025:01:02:03 +0000`, as API Gateway writes requestContext.time. */
function apiGatewayTime(date: Date): string {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const pad = (n: number) => String(n).padStart(2, '0');
  return (
    `${pad(date.getUTCDate())}/${months[date.getUTCMonth()]}/${date.getUTCFullYear()}:` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`
  );
}

function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    request.on('data', (chunk: Buffer) => {
      if (tooLarge) return;
      size += chunk.length;
      if (size > maxBodyBytes) {
        tooLarge = true;
        chunks.length = 0;
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(tooLarge ? undefined : Buffer.concat(chunks)));
    request.on('error', reject);
  });
}
