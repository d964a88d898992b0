import { Logger } from '@aws-lambda-powertools/logger';
import {
  ProvisionedThroughputExceededException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyHandlerV2 } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as z from 'zod';
import { Conflict, Gone, NotFound } from '#shared/errors';
import type { Principal } from '#shared/auth/principal';
import { httpHandler, type HandlerInput } from './handler.ts';
import { defineRoute } from './openapi.ts';
import { errorBodySchema } from './response.ts';
import { apiEvent, invoke, type ApiEventInput } from '#test/support/http';

const permitRequest = z.strictObject({
  permitType: z.enum(['land-use-planning', 'engineering-planning', 'construction', 'real-estate-title']),
  note: z.string().max(200).optional(),
});
const submitBody = z.strictObject({
  projectName: z.string().min(1),
  permits: z.array(permitRequest).min(1),
});
const submitParams = z.strictObject({ applicationId: z.string().regex(/^app-[a-z0-9]+$/) });
const submitQuery = z.strictObject({ dryRun: z.enum(['true', 'false']).optional() });
const submitResponse = z.strictObject({ applicationId: z.string(), permitCount: z.number().int() });

const route = defineRoute({
  method: 'POST',
  path: '/applications/{applicationId}/permits',
  summary: 'Add permits to an application',
  roles: ['enterprise', 'agency-officer'],
  body: submitBody,
  params: submitParams,
  query: submitQuery,
  response: submitResponse,
  status: 201,
});

const enterprise: Principal = { userId: 'user-1', roles: ['enterprise'], enterpriseId: 'ent-1' };
const clerk: Principal = { userId: 'clerk-1', roles: ['window-clerk'] };
const validBody = { projectName: 'Changchun plant', permits: [{ permitType: 'construction' }] };

type Input = HandlerInput<typeof submitBody, typeof submitParams, typeof submitQuery>;

let logLines: Record<string, unknown>[];
let logger: Logger;
let seen: Input[];
let behaviour: (input: Input) => Promise<{ status?: number; body?: z.input<typeof submitResponse> }>;

function makeHandler() {
  return httpHandler({
    ...route,
    name: 'addPermits',
    logger,
    handle: async (input) => {
      seen.push(input);
      return behaviour(input);
    },
  });
}

function request(overrides: ApiEventInput = {}) {
  return apiEvent({
    method: 'POST',
    path: '/applications/app-1/permits',
    pathParameters: { applicationId: 'app-1' },
    principal: enterprise,
    body: validBody,
    ...overrides,
    headers: { 'content-type': 'application/json', ...overrides.headers },
  });
}

beforeEach(() => {
  logLines = [];
  // Powertools writes JSON lines straight to stdout and stderr; capture them to assert on what is logged.
  const capture = (chunk: string | Uint8Array) => {
    for (const line of String(chunk).split('\n')) {
      if (line.startsWith('{')) logLines.push(JSON.parse(line));
    }
    return true;
  };
  vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  vi.spyOn(process.stderr, 'write').mockImplementation(capture);
  logger = new Logger({ serviceName: 'test', logLevel: 'INFO', persistentKeys: { handler: 'addPermits' } });
  seen = [];
  behaviour = async ({ params, body }) => ({
    body: { applicationId: params.applicationId, permitCount: body.permits.length },
  });
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('httpHandler', () => {
  it('passes the parsed input and principal to handle and answers JSON with security headers', async () => {
    // Prepare
    const handler = makeHandler();
    const event = request({
      queryStringParameters: { dryRun: 'true' },
      headers: { 'Idempotency-Key': 'key-0001' },
    });

    // Act
    const response = await invoke(handler, event);

    // Assess
    expect(response.statusCode).toBe(201);
    expect(response.body).toEqual({ applicationId: 'app-1', permitCount: 1 });
    expect(response.headers).toMatchObject({
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'x-correlation-id': 'test-request-id',
    });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({
      body: validBody,
      params: { applicationId: 'app-1' },
      query: { dryRun: 'true' },
      principal: enterprise,
      idempotencyKey: 'key-0001',
      correlationId: 'test-request-id',
    });
  });

  it('is assignable to APIGatewayProxyHandlerV2', () => {
    const handler: APIGatewayProxyHandlerV2 = makeHandler();
    expect(typeof handler).toBe('function');
  });

  it('logs with the correlation ID and the application ID', async () => {
    // Prepare
    behaviour = async (input) => {
      input.logger.info('adding permits');
      return { body: { applicationId: 'app-1', permitCount: 1 } };
    };

    // Act
    await invoke(makeHandler(), request({ headers: { 'x-correlation-id': 'portal-trace-42' } }));

    // Assess
    const line = logLines.find((l) => l.message === 'adding permits');
    expect(line).toMatchObject({
      correlation_id: 'portal-trace-42',
      applicationId: 'app-1',
      handler: 'addPermits',
    });
  });

  it('uses a well-formed x-correlation-id and ignores a malformed one', async () => {
    const handler = makeHandler();

    const honoured = await invoke(handler, request({ headers: { 'x-correlation-id': 'abc-123' } }));
    const ignored = await invoke(handler, request({ headers: { 'x-correlation-id': 'bad id\r\nx: y' } }));

    expect(honoured.headers['x-correlation-id']).toBe('abc-123');
    expect(ignored.headers['x-correlation-id']).toBe('test-request-id');
  });

  it('accepts mixed-case header names and a base64-encoded JSON body', async () => {
    const event = request({
      body: Buffer.from(JSON.stringify(validBody)).toString('base64'),
      isBase64Encoded: true,
      headers: { 'Content-Type': 'application/json; charset=UTF-8' },
    });

    const response = await invoke(makeHandler(), event);

    expect(response.statusCode).toBe(201);
  });

  describe('input validation', () => {
    it('answers 400 VALIDATION_FAILED with dotted field paths, every problem at once', async () => {
      // Prepare
      const event = request({
        pathParameters: { applicationId: 'APP 1' },
        body: {
          projectName: '',
          permits: [{ permitType: 'construction' }, { permitType: 'fishing-licence' }],
        },
      });

      // Act
      const response = await invoke(makeHandler(), event);

      // Assess
      expect(response.statusCode).toBe(400);
      expect(errorBodySchema.parse(response.body)).toBeTruthy();
      expect(response.body.error.code).toBe('VALIDATION_FAILED');
      const paths = response.body.error.issues.map((i: { path: string }) => i.path);
      expect(paths).toEqual(
        expect.arrayContaining(['params.applicationId', 'projectName', 'permits.1.permitType']),
      );
      expect(response.body.error.correlationId).toBe('test-request-id');
      expect(seen).toHaveLength(0);
    });

    it('rejects unknown fields, nested ones included', async () => {
      const event = request({
        body: { ...validBody, priority: 'high', permits: [{ permitType: 'construction', colour: 'red' }] },
      });

      const response = await invoke(makeHandler(), event);

      expect(response.statusCode).toBe(400);
      expect(response.body.error.issues).toEqual(
        expect.arrayContaining([
          { path: 'priority', message: 'unknown field' },
          { path: 'permits.0.colour', message: 'unknown field' },
        ]),
      );
      expect(seen).toHaveLength(0);
    });

    it('rejects unknown query parameters', async () => {
      const response = await invoke(makeHandler(), request({ queryStringParameters: { sort: 'name' } }));

      expect(response.statusCode).toBe(400);
      expect(response.body.error.issues).toEqual([{ path: 'query.sort', message: 'unknown field' }]);
    });

    it.each([
      [
        'a top-level __proto__',
        `{"projectName":"x","permits":[{"permitType":"construction"}],"__proto__":{"polluted":true}}`,
        '__proto__',
      ],
      [
        'an escaped __proto__',
        `{"projectName":"x","permits":[],"\\u005f_proto__":{"polluted":true}}`,
        '__proto__',
      ],
      [
        'a nested constructor',
        `{"projectName":"x","permits":[{"constructor":{"prototype":{"polluted":true}}}]}`,
        'prototype',
      ],
    ])('rejects %s key and nothing is polluted', async (_label, body, key) => {
      // Act
      const response = await invoke(makeHandler(), request({ body }));

      // Assess
      expect(response.statusCode).toBe(400);
      expect(response.body.error.code).toBe('FORBIDDEN_KEY');
      expect(response.body.error.issues[0].path).toBe(key);
      expect(seen).toHaveLength(0);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(Object.prototype).not.toHaveProperty('polluted');
    });

    it('answers 400 MALFORMED_JSON with a clear message', async () => {
      const response = await invoke(makeHandler(), request({ body: '{"projectName": "x",' }));

      expect(response.statusCode).toBe(400);
      expect(response.body.error.code).toBe('MALFORMED_JSON');
      expect(response.body.error.message).toMatch(/^the request body is not valid JSON/);
    });

    it.each([
      ['text/plain', { 'content-type': 'text/plain' }],
      ['form data', { 'content-type': 'application/x-www-form-urlencoded' }],
      ['no content type', {}],
      ['JSON in another charset', { 'content-type': 'application/json; charset=iso-8859-1' }],
    ])('answers 415 for a body sent as %s', async (_label, headers) => {
      // Prepare: a string body keeps apiEvent from adding a JSON content type.
      const event = request({ body: JSON.stringify(validBody), headers });
      if (!('content-type' in headers)) delete event.headers['content-type'];

      // Act
      const response = await invoke(makeHandler(), event);

      // Assess
      expect(response.statusCode).toBe(415);
      expect(response.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    });

    it('answers 413 for a body over 64 KiB, base64 or not', async () => {
      // Prepare
      const big = { ...validBody, projectName: 'x'.repeat(64 * 1024) };
      const encoded = Buffer.from(JSON.stringify(big)).toString('base64');

      // Act
      const plain = await invoke(makeHandler(), request({ body: big }));
      const base64 = await invoke(
        makeHandler(),
        request({ body: encoded, isBase64Encoded: true, headers: { 'content-type': 'application/json' } }),
      );

      // Assess
      expect(plain.statusCode).toBe(413);
      expect(plain.body.error.code).toBe('PAYLOAD_TOO_LARGE');
      expect(base64.statusCode).toBe(413);
    });

    it('honours a smaller maxBodyBytes', async () => {
      const handler = httpHandler({
        ...route,
        name: 'small',
        logger,
        maxBodyBytes: 16,
        handle: async () => ({}),
      });

      const response = await invoke(handler, request());

      expect(response.statusCode).toBe(413);
    });

    it('requires a body when the operation has a body schema, and refuses one when it has none', async () => {
      // Prepare
      const noBodyHandler = httpHandler({
        name: 'ping',
        roles: ['enterprise'],
        logger,
        handle: async () => ({}),
      });

      // Act
      const missing = await invoke(makeHandler(), request({ body: undefined }));
      const unexpected = await invoke(noBodyHandler, request());

      // Assess
      expect(missing.statusCode).toBe(400);
      expect(missing.body.error.issues).toEqual([{ path: '', message: 'a JSON request body is required' }]);
      expect(unexpected.statusCode).toBe(400);
      expect(unexpected.body.error.issues).toEqual([
        { path: '', message: 'this operation takes no request body' },
      ]);
    });

    it.each([
      ['too long', 'k'.repeat(129)],
      ['with a space', 'key 1'],
      ['with a non-ASCII character', 'clé'],
    ])('answers 400 for an Idempotency-Key %s', async (_label, key) => {
      const response = await invoke(makeHandler(), request({ headers: { 'idempotency-key': key } }));

      expect(response.statusCode).toBe(400);
      expect(response.body.error.issues).toEqual([
        { path: 'headers.idempotency-key', message: expect.stringContaining('128 printable') },
      ]);
    });
  });

  describe('identity and roles', () => {
    it('answers 401 without an identity', async () => {
      const response = await invoke(makeHandler(), request({ principal: undefined }));

      expect(response.statusCode).toBe(401);
      expect(response.body.error.code).toBe('UNAUTHORIZED');
      expect(response.headers['www-authenticate']).toBe('Bearer');
      expect(seen).toHaveLength(0);
    });

    it('answers 403 to a caller without a permitted role, before looking at the body', async () => {
      const response = await invoke(makeHandler(), request({ principal: clerk, body: 'not json at all' }));

      expect(response.statusCode).toBe(403);
      expect(response.body.error.code).toBe('FORBIDDEN');
      expect(seen).toHaveLength(0);
    });
  });

  describe('error mapping', () => {
    it.each([
      ['NotFound', () => new NotFound('no such application'), 404, 'NOT_FOUND'],
      ['Conflict', () => new Conflict('the step has moved on', 'STALE_VERSION'), 409, 'STALE_VERSION'],
      ['Gone', () => new Gone('the step expired'), 410, 'GONE'],
    ])('maps a thrown %s to its status and code', async (_label, makeError, status, code) => {
      // Prepare
      const error = makeError();
      behaviour = async () => {
        throw error;
      };

      // Act
      const response = await invoke(makeHandler(), request());

      // Assess
      expect(response.statusCode).toBe(status);
      expect(response.body).toEqual({
        error: { code, message: error.message, correlationId: 'test-request-id' },
      });
      expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    });

    it('answers 500 with only "internal error" and the correlation ID, and logs the real error', async () => {
      // Prepare
      behaviour = async () => {
        throw new Error('connection to db-secret-host.internal refused');
      };

      // Act
      const response = await invoke(makeHandler(), request());

      // Assess
      expect(response.statusCode).toBe(500);
      expect(response.body).toEqual({
        error: { code: 'INTERNAL', message: 'internal error', correlationId: 'test-request-id' },
      });
      expect(response.rawBody).not.toContain('db-secret-host');
      const logged = logLines.find((l) => l.level === 'ERROR');
      expect(JSON.stringify(logged)).toContain('db-secret-host');
      expect(logged).toMatchObject({ correlation_id: 'test-request-id' });
    });

    it('answers 503 with Retry-After and SERVICE_UNAVAILABLE when DynamoDB throttles, and logs the cause', async () => {
      // Prepare
      behaviour = async () => {
        throw new ProvisionedThroughputExceededException({
          message: 'Rate of requests exceeds',
          $metadata: {},
        });
      };

      // Act
      const response = await invoke(makeHandler(), request());

      // Assess
      expect(response.statusCode).toBe(503);
      expect(response.headers['retry-after']).toBe('2');
      expect(response.body).toEqual({
        error: {
          code: 'SERVICE_UNAVAILABLE',
          message: 'The service is busy for a moment; try again shortly',
          correlationId: 'test-request-id',
        },
      });
      expect(errorBodySchema.safeParse(response.body).success).toBe(true);
      const logged = logLines.find((l) => l.level === 'ERROR');
      expect(JSON.stringify(logged)).toContain('ProvisionedThroughputExceededException');
    });

    it('answers 503 when a transaction was cancelled by throttling, 500 when by something else', async () => {
      // Prepare
      const cancelled = (Code: string) =>
        new TransactionCanceledException({
          message: 'Transaction cancelled',
          $metadata: {},
          CancellationReasons: [{ Code: 'None' }, { Code }],
        });
      behaviour = async () => {
        throw cancelled('ThrottlingError');
      };
      const throttled = await invoke(makeHandler(), request());
      behaviour = async () => {
        throw cancelled('ValidationError');
      };

      // Act
      const invalid = await invoke(makeHandler(), request());

      // Assess
      expect([throttled.statusCode, invalid.statusCode]).toEqual([503, 500]);
      expect(invalid.headers['retry-after']).toBeUndefined();
    });

    it('answers 500 when the handler returns fields its response schema does not allow', async () => {
      behaviour = async () => ({ body: { applicationId: 'app-1', permitCount: 1, pk: 'APP#1' } as never });

      const response = await invoke(makeHandler(), request());

      expect(response.statusCode).toBe(500);
      expect(response.rawBody).not.toContain('APP#1');
    });
  });

  it('answers 204 with no body when handle returns none', async () => {
    behaviour = async () => ({});

    const response = await invoke(makeHandler(), request());

    expect(response.statusCode).toBe(204);
    expect(response.rawBody).toBeUndefined();
  });

  it('serves a public route without a token, to an anonymous principal with no role', async () => {
    // Prepare
    let seen: Principal | undefined;
    const open = httpHandler({
      name: 'open',
      roles: 'public',
      handle: async ({ principal }) => {
        seen = principal;
        return { body: { ok: true } };
      },
    });

    // Act
    const response = await invoke(open, apiEvent({ method: 'GET', path: '/open' }));

    // Assess
    expect(response.statusCode).toBe(200);
    expect(seen).toEqual({ userId: 'anonymous', roles: [] });
  });

  it('refuses to define a handler with a lenient schema or without roles', () => {
    expect(() =>
      httpHandler({
        name: 'lenient',
        roles: ['administrator'],
        body: z.strictObject({ inner: z.object({ a: z.string() }) }),
        handle: async () => ({}),
      }),
    ).toThrow(/accepts unknown fields at inner: use z.strictObject/);
    expect(() => httpHandler({ name: 'open', roles: [], handle: async () => ({}) })).toThrow(
      /at least one role/,
    );
  });
});
