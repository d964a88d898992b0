import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { defineRoute, openApiDocument, type RouteSpec } from './openapi.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the test walks the document's JSON freely
type Json = any;

const permitType = z.enum(['land-use-planning', 'construction']).meta({ id: 'PermitType' });
const applicationParams = z.strictObject({ applicationId: z.string().describe('Application ID') });

const routes: RouteSpec[] = [
  defineRoute({
    method: 'POST',
    path: '/applications',
    summary: 'Submit an application (一窗受理)',
    roles: ['enterprise', 'agency-officer'],
    tags: ['intake'],
    body: z.strictObject({ projectName: z.string(), permits: z.array(z.strictObject({ permitType })) }),
    response: z.strictObject({ applicationId: z.string(), permits: z.array(permitType) }),
    status: 201,
  }),
  defineRoute({
    method: 'GET',
    path: '/applications/{applicationId}',
    summary: 'Read an application',
    roles: ['enterprise', 'window-clerk', 'department-officer', 'agency-officer', 'administrator'],
    params: applicationParams,
    query: z.strictObject({ include: z.enum(['timeline']).optional(), limit: z.string() }),
    response: z.strictObject({ applicationId: z.string() }),
    errors: [404],
  }),
  defineRoute({
    method: 'POST',
    path: '/applications/{applicationId}/intake/decision',
    summary: 'Decide on intake',
    operationId: 'decideIntake',
    roles: ['window-clerk'],
    params: applicationParams,
    body: z.strictObject({ decision: z.enum(['accept', 'refuse']) }),
    errors: [404, 409, 410],
    status: 204,
  }),
];

/** Every `$ref` in the document, so the test can check each one resolves. */
function refsIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refsIn);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, child]) =>
    key === '$ref' && typeof child === 'string' ? [child] : refsIn(child),
  );
}

function resolve(document: unknown, ref: string): unknown {
  return ref
    .slice(2)
    .split('/')
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], document);
}

describe('openApiDocument', () => {
  it('describes every route with its parameters, body, responses and roles', () => {
    // Act
    const document = openApiDocument(routes, { title: 'Test API', version: '1.2.3' }) as Json;

    // Assess
    expect(document.openapi).toBe('3.1.0');
    expect(document.info).toEqual({
      title: 'Test API',
      version: '1.2.3',
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    });
    expect(document.servers).toEqual([{ url: '/', description: 'The origin that served this document' }]);
    expect(Object.keys(document.paths)).toEqual([
      '/applications',
      '/applications/{applicationId}',
      '/applications/{applicationId}/intake/decision',
    ]);

    const submit = document.paths['/applications'].post;
    expect(submit.operationId).toBe('postApplications');
    expect(submit['x-roles']).toEqual(['enterprise', 'agency-officer']);
    expect(submit.tags).toEqual(['intake']);
    expect(submit.requestBody.content['application/json'].schema).toMatchObject({
      type: 'object',
      additionalProperties: false,
      required: ['projectName', 'permits'],
    });
    expect(submit.responses['201'].content['application/json'].schema.properties.permits.items).toEqual({
      $ref: '#/components/schemas/PermitType',
    });
    expect(Object.keys(submit.responses)).toEqual(['201', '400', '401', '403', '413', '415', '500', '503']);

    const read = document.paths['/applications/{applicationId}'].get;
    expect(read.parameters).toEqual([
      {
        name: 'applicationId',
        in: 'path',
        required: true,
        description: 'Application ID',
        schema: { type: 'string' },
      },
      { name: 'include', in: 'query', required: false, schema: { type: 'string', enum: ['timeline'] } },
      { name: 'limit', in: 'query', required: true, schema: { type: 'string' } },
    ]);
    expect(read.responses['404']).toEqual({ $ref: '#/components/responses/NotFound' });
    expect(read.requestBody).toBeUndefined();

    const decide = document.paths['/applications/{applicationId}/intake/decision'].post;
    expect(decide.operationId).toBe('decideIntake');
    expect(decide.responses['204']).toEqual({ description: 'Success' });
    expect(Object.keys(decide.responses)).toEqual(
      expect.arrayContaining(['400', '401', '403', '404', '409', '410', '413', '415', '500', '503']),
    );
  });

  it('includes the error schema, the error responses and the bearer auth scheme', () => {
    const document = openApiDocument(routes) as Json;

    expect(document.components.schemas.Error).toMatchObject({
      type: 'object',
      required: ['error'],
      properties: { error: { required: ['code', 'message', 'correlationId'] } },
    });
    expect(document.components.responses.Conflict.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/Error',
    });
    expect(document.components.responses.ServiceUnavailable.headers['Retry-After'].schema).toEqual({
      type: 'integer',
      minimum: 1,
    });
    expect(document.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(document.security).toEqual([{ bearerAuth: [] }]);
    expect(document.components.schemas.PermitType).toEqual({
      type: 'string',
      enum: ['land-use-planning', 'construction'],
    });
  });

  it('is plain JSON whose every $ref resolves inside the document', () => {
    // Act
    const document = openApiDocument(routes);
    const roundTripped = JSON.parse(JSON.stringify(document));

    // Assess
    expect(roundTripped).toEqual(document);
    const refs = refsIn(document);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) {
      expect(ref.startsWith('#/components/'), ref).toBe(true);
      expect(resolve(document, ref), ref).toBeDefined();
    }
  });

  it('refuses duplicate routes', () => {
    expect(() => openApiDocument([routes[0]!, routes[0]!])).toThrow(/duplicate route POST \/applications/);
  });
});

describe('defineRoute', () => {
  it('refuses a path whose placeholders differ from the params schema', () => {
    expect(() =>
      defineRoute({
        method: 'GET',
        path: '/applications/{id}',
        summary: 'x',
        roles: ['administrator'],
        params: applicationParams,
      }),
    ).toThrow(/placeholders \[id\] differ from the params schema's fields \[applicationId\]/);
  });

  it('returns the spec unchanged', () => {
    const spec = { method: 'GET', path: '/health', summary: 'Health', roles: ['administrator'] } as const;

    expect(defineRoute(spec)).toBe(spec);
  });
});
