// The API's OpenAPI 3.1 document, built from the same zod schemas the handlers validate with (zod 4's
// z.toJSONSchema, JSON Schema 2020-12, which OpenAPI 3.1 uses), so documentation cannot drift from code.
// Each handler file exports `route = defineRoute({...})` next to its handler; one place gathers the routes.
import { isDeepStrictEqual } from 'node:util';
import * as z from 'zod';
import { checkDefinitions } from './definition-checks.ts';
import type { Role } from '#shared/auth/principal';
import { errorBodySchema } from './response.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Error statuses an operation may add to the ones every operation has (400, 401, 403, 500, 503). */
export type OperationErrorStatus = 404 | 409 | 410 | 422;

export interface RouteSpec {
  method: HttpMethod;
  /** API Gateway style template, e.g. '/applications/{applicationId}/intake/decision'. */
  path: string;
  summary: string;
  /** Who may call it; the same list httpHandler enforces. */
  /** 'public': no token needed (the operation's `security` is empty). */
  roles: readonly Role[] | 'public';
  /** @default derived from method and path */
  operationId?: string;
  description?: string;
  tags?: readonly string[];
  body?: z.ZodType;
  params?: z.ZodType;
  query?: z.ZodType;
  response?: z.ZodType;
  /** Success status. @default 200 */
  status?: number;
  errors?: readonly OperationErrorStatus[];
  /** Accepts an `Idempotency-Key` header (./idempotency.ts); documented as a header parameter. */
  idempotent?: boolean;
}

/**
 * Declares a route; returns the spec unchanged (with its exact schema types) so it can be spread into
 * httpHandler: `httpHandler({ ...route, name: 'acceptApplication', handle })`.
 * @throws when the path's `{placeholders}` and the params schema's fields differ.
 */
export function defineRoute<const S extends RouteSpec>(spec: S): S {
  if (checkDefinitions) checkPathParameters(spec);
  return spec;
}

export interface OpenApiInfo {
  /** @default 'One-window approval API' */
  title?: string;
  /** @default '0.1.0' */
  version?: string;
  description?: string;
  servers?: { url: string; description?: string }[];
}

type JsonObject = { [key: string]: unknown };

const ERROR_RESPONSES: Record<number, { name: string; description: string; headers?: JsonObject }> = {
  400: { name: 'BadRequest', description: 'The request is malformed or failed validation' },
  401: { name: 'Unauthorized', description: 'No valid identity' },
  403: {
    name: 'Forbidden',
    description: 'The caller lacks a permitted role or may not act on this resource',
  },
  404: { name: 'NotFound', description: 'No such resource, or one the caller may not see' },
  409: { name: 'Conflict', description: 'A stale version, a decision on a closed step, or a duplicate' },
  410: { name: 'Gone', description: 'The step expired before the decision arrived' },
  413: { name: 'PayloadTooLarge', description: 'The request body is too large' },
  415: { name: 'UnsupportedMediaType', description: 'The request body is not JSON' },
  422: {
    name: 'UnprocessableEntity',
    description: "The request breaks a rule of the service centre's configuration (issues name the fields)",
  },
  500: { name: 'InternalError', description: 'Internal error; quote the correlation ID' },
  503: {
    name: 'ServiceUnavailable',
    description:
      'A service the platform depends on is busy for a moment (SERVICE_UNAVAILABLE): send the same request again after Retry-After seconds',
    headers: {
      'Retry-After': {
        description: 'Seconds to wait before trying again',
        schema: { type: 'integer', minimum: 1 },
      },
    },
  },
};

export function openApiDocument(routes: readonly RouteSpec[], info: OpenApiInfo = {}): JsonObject {
  const schemas: Record<string, unknown> = { Error: toSchema(errorBodySchema, 'output', {}) };
  const paths: Record<string, Record<string, unknown>> = {};
  const operationIds = new Set<string>();

  for (const route of routes) {
    checkPathParameters(route);
    const method = route.method.toLowerCase();
    const pathItem = (paths[route.path] ??= {});
    if (pathItem[method] !== undefined) throw new Error(`duplicate route ${route.method} ${route.path}`);
    const operationId = route.operationId ?? defaultOperationId(route);
    if (operationIds.has(operationId)) throw new Error(`duplicate operationId ${operationId}`);
    operationIds.add(operationId);

    const parameters = [
      ...parametersOf(route.params, 'path', schemas),
      ...parametersOf(route.query, 'query', schemas),
      ...(route.idempotent ? [idempotencyKeyParameter] : []),
    ];
    const status = route.status ?? 200;
    const authStatuses = route.roles === 'public' ? [] : [401, 403];
    const errorStatuses = [
      400,
      ...authStatuses,
      ...(route.errors ?? []),
      ...(route.idempotent ? [409] : []),
      ...(route.body ? [413, 415] : []),
      500,
      503,
    ];

    const operation: JsonObject = {
      operationId,
      summary: route.summary,
      description: [
        route.description,
        route.roles === 'public' ? 'Public: no token needed.' : `Roles: ${route.roles.join(', ')}.`,
      ]
        .filter(Boolean)
        .join('\n\n'),
      ...(route.tags ? { tags: [...route.tags] } : {}),
      'x-roles': route.roles === 'public' ? [] : [...route.roles],
      ...(route.roles === 'public' ? { security: [] } : {}),
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(route.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: toSchema(route.body, 'input', schemas) } },
            },
          }
        : {}),
      responses: {
        [String(status)]: {
          description: 'Success',
          ...(route.response && status !== 204
            ? { content: { 'application/json': { schema: toSchema(route.response, 'output', schemas) } } }
            : {}),
        },
        ...Object.fromEntries(
          [...new Set(errorStatuses)]
            .sort((a, b) => a - b)
            .map((code) => [String(code), { $ref: `#/components/responses/${ERROR_RESPONSES[code]!.name}` }]),
        ),
      },
    };
    pathItem[method] = operation;
  }

  return {
    openapi: '3.1.0',
    info: {
      title: info.title ?? 'One-window approval API',
      version: info.version ?? '0.1.0',
      ...(info.description ? { description: info.description } : {}),
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    // The portal and the API share one origin (CloudFront in the cloud, the embedded runtime locally), so a
    // relative server is true everywhere the document is served.
    servers: info.servers ?? [{ url: '/', description: 'The origin that served this document' }],
    security: [{ bearerAuth: [] }],
    paths,
    components: {
      schemas,
      responses: Object.fromEntries(
        Object.values(ERROR_RESPONSES).map(({ name, description, headers }) => [
          name,
          {
            description,
            ...(headers ? { headers } : {}),
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
          },
        ]),
      ),
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'Cognito ID token in the cloud; the local issuer in the embedded runtime',
        },
      },
    },
  };
}

const idempotencyKeyParameter: JsonObject = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description:
    'Makes a retry safe: a replay by the same caller with the same key and the same request answers with the ' +
    'first response (header `idempotent-replayed: true`) and changes nothing; the same key with another ' +
    'request answers 409 IDEMPOTENCY_KEY_REUSED; a replay while the first request still runs waits for it, ' +
    'else 409 IDEMPOTENCY_IN_PROGRESS. Only successes are kept, for 24 hours.',
  schema: { type: 'string', minLength: 1, maxLength: 128, pattern: '^[\\x21-\\x7e]+$' },
};

function parametersOf(
  schema: z.ZodType | undefined,
  location: 'path' | 'query',
  schemas: Record<string, unknown>,
): JsonObject[] {
  if (schema === undefined) return [];
  const json = toSchema(schema, 'input', schemas);
  const properties = (json.properties ?? {}) as Record<string, JsonObject>;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: location,
      required: location === 'path' || required.has(name),
      ...(typeof description === 'string' ? { description } : {}),
      schema: rest,
    };
  });
}

/**
 * Converts one zod schema; named sub-schemas (`.meta({ id })`) and recursive ones land in `$defs`, which are
 * hoisted into components.schemas with their references rewritten (a `#/$defs/...` pointer would resolve
 * against the document root and break).
 */
function toSchema(
  schema: z.ZodType,
  io: 'input' | 'output',
  components: Record<string, unknown>,
): JsonObject {
  const {
    $schema: _ignored,
    $defs,
    ...json
  } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonObject;
  const renames = new Map<string, string>();
  for (const [name, definition] of Object.entries(($defs ?? {}) as Record<string, unknown>)) {
    let target = name;
    for (
      let n = 2;
      components[target] !== undefined && !isDeepStrictEqual(components[target], definition);
      n++
    ) {
      target = `${name}_${n}`;
    }
    renames.set(name, target);
  }
  const rewrite = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(rewrite);
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(
      Object.entries(value).map(([key, child]) => {
        if (key === '$ref' && typeof child === 'string' && child.startsWith('#/$defs/')) {
          const name = child.slice('#/$defs/'.length);
          return [key, `#/components/schemas/${renames.get(name) ?? name}`];
        }
        return [key, rewrite(child)];
      }),
    );
  };
  for (const [name, definition] of Object.entries(($defs ?? {}) as Record<string, unknown>)) {
    components[renames.get(name)!] = rewrite(definition);
  }
  return rewrite(json) as JsonObject;
}

function checkPathParameters(route: RouteSpec): void {
  const placeholders = [...route.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!).sort();
  const fields = route.params
    ? Object.keys(
        ((z.toJSONSchema(route.params, { io: 'input', unrepresentable: 'any' }) as JsonObject).properties ??
          {}) as JsonObject,
      ).sort()
    : [];
  if (!isDeepStrictEqual(placeholders, fields)) {
    throw new Error(
      `route ${route.method} ${route.path}: path placeholders [${placeholders.join(', ')}] ` +
        `differ from the params schema's fields [${fields.join(', ')}]`,
    );
  }
}

function defaultOperationId(route: RouteSpec): string {
  const words = route.path
    .split('/')
    .filter(Boolean)
    .map((segment) =>
      segment.replace(/[{}]/g, '').replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string = '') => c.toUpperCase()),
    );
  return [route.method.toLowerCase(), ...words.map((w) => w.charAt(0).toUpperCase() + w.slice(1))].join('');
}
