// The local HTTP API hands handlers the event API Gateway's HTTP API (payload 2.0) would, JWT claims included,
// and answers for the authorizer before any handler runs.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiRoute } from '#infra/routes';
import { httpApi, type ApiHandler } from './http-api.ts';

const route = (method: 'GET' | 'POST', path: string, entry: string, isPublic = false): ApiRoute => ({
  method,
  path,
  entry,
  name: entry,
  description: entry,
  table: 'none',
  taskCallbacks: false,
  startsExecution: false,
  roles: isPublic ? 'public' : ['administrator'],
  public: isPublic,
});

const events: APIGatewayProxyEventV2[] = [];
const handlers = new Map<string, ApiHandler>([
  [
    'decide',
    (event) => {
      events.push(event);
      return { statusCode: 201, headers: { 'x-done': 'yes' }, body: JSON.stringify({ ok: true }) };
    },
  ],
  ['document', (event) => (events.push(event), { openapi: '3.1.0' })],
]);
let server: Server;
let url: string;

beforeAll(async () => {
  server = createServer(
    httpApi({
      routes: [
        route('POST', '/applications/{applicationId}/steps/{stepId}/decision', 'decide'),
        route('GET', '/openapi.json', 'document', true),
      ],
      handlers,
      verify: async (token) => {
        if (token !== 'good') throw new Error('invalid token');
        return { sub: 'officer-1', 'cognito:groups': ['dept-planning', 'window-clerk'], exp: 2_000_000_000 };
      },
      originHeader: { name: 'x-origin-verify', value: 'edge-value' },
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('httpApi', () => {
  it('passes a payload 2.0 event with path parameters, query, headers, body and the JWT claims as strings', async () => {
    // Act
    const response = await fetch(`${url}/applications/app%2D1/steps/review-1/decision?x=1&x=2&y=3`, {
      method: 'POST',
      headers: { Authorization: 'Bearer good', 'Content-Type': 'application/json', 'X-Custom': 'A' },
      body: JSON.stringify({ outcome: 'approve' }),
    });
    const event = events.at(-1)!;

    // Assess
    expect(response.status).toBe(201);
    expect(response.headers.get('x-done')).toBe('yes');
    expect(await response.json()).toEqual({ ok: true });
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'POST /applications/{applicationId}/steps/{stepId}/decision',
      rawPath: '/applications/app%2D1/steps/review-1/decision',
      rawQueryString: 'x=1&x=2&y=3',
      pathParameters: { applicationId: 'app-1', stepId: 'review-1' },
      queryStringParameters: { x: '1,2', y: '3' },
      headers: { 'content-type': 'application/json', 'x-custom': 'A' },
      body: '{"outcome":"approve"}',
      isBase64Encoded: false,
      requestContext: {
        routeKey: 'POST /applications/{applicationId}/steps/{stepId}/decision',
        stage: '$default',
        http: { method: 'POST', path: '/applications/app%2D1/steps/review-1/decision' },
        authorizer: {
          jwt: {
            claims: { sub: 'officer-1', 'cognito:groups': '[dept-planning window-clerk]', exp: '2000000000' },
            scopes: null,
          },
        },
      },
    });
    expect(event.requestContext.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers 401 for a missing or bad token without calling the handler', async () => {
    // Prepare
    const before = events.length;

    // Act
    const missing = await fetch(`${url}/applications/a/steps/s/decision`, { method: 'POST' });
    const bad = await fetch(`${url}/applications/a/steps/s/decision`, {
      method: 'POST',
      headers: { authorization: 'Bearer forged' },
    });

    // Assess
    expect([missing.status, await missing.json()]).toEqual([401, { message: 'Unauthorized' }]);
    expect(bad.status).toBe(401);
    expect(events).toHaveLength(before);
  });

  it('calls a public route without a token and sends a bare result as JSON', async () => {
    // Act
    const response = await fetch(`${url}/openapi.json`);

    // Assess
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ openapi: '3.1.0' });
    expect(events.at(-1)?.requestContext).not.toHaveProperty('authorizer');
  });

  it('adds the origin-verification header as CloudFront does, replacing one the caller sent', async () => {
    // Prepare
    events.length = 0;

    // Act
    await fetch(`${url}/openapi.json`);
    await fetch(`${url}/openapi.json`, { headers: { 'X-Origin-Verify': 'forged' } });

    // Assess
    expect(events.map((event) => event.headers['x-origin-verify'])).toEqual(['edge-value', 'edge-value']);
  });

  it('answers 404 for what no route matches, the method included', async () => {
    // Act
    const unknown = await fetch(`${url}/nothing`);
    const wrongMethod = await fetch(`${url}/openapi.json`, { method: 'POST' });

    // Assess
    expect([unknown.status, await unknown.json()]).toEqual([404, { message: 'Not Found' }]);
    expect(wrongMethod.status).toBe(404);
  });
});
