// The one middleware stack every API handler uses (API Gateway HTTP API, payload v2), so handler files stay
// thin: declare schemas and roles, then parse → call the domain function → return the result. Errors thrown
// anywhere become responses in one place (./response.ts).
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy, { type MiddyfiedHandler } from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { z } from 'zod';
import { ValidationError, type FieldIssue } from '#shared/errors';
import { principalFromEvent, requireAnyRole, type Principal, type Role } from '#shared/auth/principal';
import {
  assertStrictSchema,
  correlationIdOf,
  DEFAULT_MAX_BODY_BYTES,
  idempotencyKeyOf,
  parsePart,
  readJsonBody,
} from './request.ts';
import {
  errorResponse,
  jsonResponse,
  textResponse,
  type ResponseHeaders,
  type TextBody,
} from './response.ts';
import { verifyOrigin } from './origin-verification.ts';
import { checkDefinitions } from './definition-checks.ts';
import type { IdempotencyStore, StoredResponse } from './idempotency.ts';
import type { JSONValue } from '@aws-lambda-powertools/commons/types';

type Schema = z.ZodType | undefined;
type Parsed<S extends Schema> = S extends z.ZodType ? z.output<S> : undefined;
type ResponseBody<S extends Schema> = S extends z.ZodType ? z.input<S> : unknown;

export interface HandlerInput<B extends Schema, P extends Schema, Q extends Schema> {
  body: Parsed<B>;
  params: Parsed<P>;
  query: Parsed<Q>;
  principal: Principal;
  /** The validated `Idempotency-Key` header, when the caller sent one. */
  idempotencyKey: string | undefined;
  correlationId: string;
  logger: Logger;
  event: APIGatewayProxyEventV2;
}

export interface HandlerResult<R extends Schema> {
  /** @default the handler's `status`, else 200 (204 when there is no body) */
  status?: number;
  body?: ResponseBody<R>;
  headers?: ResponseHeaders;
  /** A body that is not JSON (a CSV export), sent as it is; `response` does not check it. */
  text?: TextBody;
}

export interface HttpHandlerOptions<B extends Schema, P extends Schema, Q extends Schema, R extends Schema> {
  /** Operation name for logs, e.g. 'acceptApplication'. */
  name: string;
  /**
   * The caller must hold at least one of these roles, else 403. No default: every route states its rule.
   * 'public' (the OpenAPI document, nothing with case data) skips authentication; the handler then sees the
   * anonymous principal, which holds no role.
   */
  roles: readonly Role[] | 'public';
  /** Strict zod schemas (z.strictObject); a lenient one throws when the handler is defined. */
  body?: B;
  params?: P;
  query?: Q;
  /** When given, the handler's body is checked against it, so internal fields cannot leak out. */
  response?: R;
  /** Success status when `handle` returns none. @default 200 */
  status?: number;
  /** @default 65536 (64 KiB) */
  maxBodyBytes?: number;
  /** @default a Logger named after the handler */
  logger?: Logger;
  /**
   * Documents the route as idempotent (OpenAPI); must agree with `idempotency`. Usually spread in from the
   * route's spec.
   */
  idempotent?: boolean;
  /**
   * Where the route keeps idempotency records (./idempotency.ts). Given, a request with an `Idempotency-Key`
   * runs at most once per caller and key: a replay answers with the first response (header
   * `idempotent-replayed: true`). Called per request, so handlers can build their dependencies lazily.
   */
  idempotency?: () => IdempotencyStore | Promise<IdempotencyStore>;
  handle: (input: HandlerInput<B, P, Q>) => Promise<HandlerResult<R>>;
}

export type HttpHandler = MiddyfiedHandler<
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  Error,
  Context
>;

export function httpHandler<
  B extends Schema = undefined,
  P extends Schema = undefined,
  Q extends Schema = undefined,
  R extends Schema = undefined,
>(options: HttpHandlerOptions<B, P, Q, R>): HttpHandler {
  const { name, roles, body, params, query, response, handle, idempotency } = options;
  if (roles.length === 0) {
    throw new Error(`httpHandler(${name}): roles must name at least one role, or be 'public'`);
  }
  if ((options.idempotent === true) !== (idempotency !== undefined)) {
    throw new Error(`httpHandler(${name}): an idempotent route needs an idempotency store, and only it`);
  }
  if (idempotency !== undefined && process.env.ONE_WINDOW_USES_IDEMPOTENCY === 'false') {
    throw new Error(
      `httpHandler(${name}): an idempotent route bundled without idempotency (infra/routes.ts)`,
    );
  }
  for (const [part, schema] of [
    ['body', body],
    ['params', params],
    ['query', query],
  ] as const) {
    if (checkDefinitions && schema !== undefined) {
      assertStrictSchema(schema, `httpHandler(${name}) ${part} schema`);
    }
  }
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const logger =
    options.logger ??
    new Logger({
      serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'one-window',
      persistentKeys: { handler: name },
    });

  // Computed once per invocation and shared by the handler and `onError`. Keyed by the event object rather
  // than read back from the logger, because the embedded runtime may run one handler concurrently.
  const correlationIds = new WeakMap<object, string>();
  const correlationIdFor = (event: APIGatewayProxyEventV2, context?: Context): string => {
    let id = correlationIds.get(event);
    if (id === undefined) {
      id = correlationIdOf(event, context?.awsRequestId);
      correlationIds.set(event, id);
    }
    return id;
  };

  return (
    middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Error, Context>()
      // Adds the Lambda context to every log line and drops per-request keys afterwards.
      .use(injectLambdaContext(logger, { resetKeys: true }))
      // API Gateway already lower-cases header names; the local adapter and hand-made events may not.
      .use(httpHeaderNormalizer())
      .use({
        before: (request) => {
          logger.setCorrelationId(correlationIdFor(request.event, request.context));
          const applicationId = request.event.pathParameters?.applicationId;
          if (applicationId !== undefined && applicationId.length <= 128) {
            logger.appendKeys({ applicationId });
          }
        },
        onError: (request) => {
          request.response = errorResponse(
            request.error,
            correlationIdFor(request.event, request.context),
            logger,
          );
        },
      })
      // Only requests that came through CloudFront (and its WAF) go further: 403 before authentication,
      // validation or any read, on public routes too (./origin-verification.ts).
      .use({ before: (request) => verifyOrigin(request.event.headers) })
      // Authentication, the role rule, body reading and validation stay in this one function rather than in
      // separate middlewares: middy passes state between middlewares untyped, and the order matters
      // (401/403 before anything about the body is revealed). @middy/http-json-body-parser is not used: it
      // answers malformed JSON with 415, needs a body on every request, has no size limit and no guard
      // against prototype-pollution keys.
      .handler(async (event, context) => {
        const correlationId = correlationIdFor(event, context);
        const principal = roles === 'public' ? anonymous : principalFromEvent(event);
        if (roles !== 'public') requireAnyRole(principal, roles);

        const rawBody = readJsonBody(event, maxBodyBytes);
        const issues: FieldIssue[] = [];
        let idempotencyKey: string | undefined;
        try {
          idempotencyKey = idempotencyKeyOf(event.headers);
        } catch (error) {
          if (!(error instanceof ValidationError)) throw error;
          issues.push(...error.issues);
        }

        const parts = {
          params: await parseOptional(params, event.pathParameters ?? {}, 'params', issues),
          query: await parseOptional(query, event.queryStringParameters ?? {}, 'query', issues),
          body: await parseBody(body, rawBody, issues),
        };
        if (query === undefined && event.queryStringParameters !== undefined) {
          for (const key of Object.keys(event.queryStringParameters)) {
            issues.push({ path: `query.${key}`, message: 'unknown field' });
          }
        }
        if (issues.length > 0) throw new ValidationError('the request is invalid', issues);

        const execute = async (): Promise<StoredResponse> => {
          const result = await handle({
            body: parts.body as Parsed<B>,
            params: parts.params as Parsed<P>,
            query: parts.query as Parsed<Q>,
            principal,
            idempotencyKey,
            correlationId,
            logger,
            event,
          });
          if (result.text !== undefined) {
            return {
              status: result.status ?? options.status ?? 200,
              text: result.text,
              ...(result.headers !== undefined ? { headers: result.headers } : {}),
            };
          }
          let responseBody: unknown = result.body;
          if (response !== undefined && responseBody !== undefined) {
            const checked = await response.safeParseAsync(responseBody);
            if (!checked.success) {
              throw new Error(`httpHandler(${name}): response does not match its schema`, {
                cause: checked.error,
              });
            }
            responseBody = checked.data;
          }
          return {
            status: result.status ?? (responseBody === undefined ? 204 : (options.status ?? 200)),
            ...(responseBody !== undefined ? { body: responseBody as JSONValue } : {}),
            ...(result.headers !== undefined ? { headers: result.headers } : {}),
          };
        };

        // Authentication, the role rule and validation come first: a refused request never takes a key.
        const { response: answer, replayed } =
          // The flag is 'false' only in the bundle of a route that is not idempotent (checked above), where
          // esbuild drops this branch with its import(): a static import would keep Powertools idempotency and
          // its JMESPath, which declare no sideEffects, in every bundle (shared/runtime/optional-adapters.ts).
          process.env.ONE_WINDOW_USES_IDEMPOTENCY !== 'false' &&
          idempotency !== undefined &&
          idempotencyKey !== undefined
            ? await (
                await import('./idempotency.ts')
              ).runIdempotent(
                await idempotency(),
                {
                  operation: name,
                  caller: principal.userId,
                  key: idempotencyKey,
                  request: {
                    params: (event.pathParameters ?? {}) as JSONValue,
                    query: (event.queryStringParameters ?? {}) as JSONValue,
                    body: (rawBody ?? null) as JSONValue,
                  },
                },
                execute,
                { context },
              )
            : { response: await execute(), replayed: false };
        if (replayed) logger.info('idempotent replay', { idempotencyKey });
        const headers = { ...answer.headers, ...(replayed ? { 'idempotent-replayed': 'true' } : {}) };
        if (answer.text !== undefined)
          return textResponse(answer.status, answer.text, correlationId, headers);
        return jsonResponse(answer.status, answer.body, correlationId, headers);
      })
  );
}

/** Who calls a public route: nobody in particular, with no role, so no rule can let it through by accident. */
const anonymous: Principal = Object.freeze({ userId: 'anonymous', roles: [] as Role[] });

async function parseOptional(
  schema: z.ZodType | undefined,
  value: unknown,
  prefix: string,
  issues: FieldIssue[],
): Promise<unknown> {
  if (schema === undefined) return undefined;
  const result = await parsePart(schema, value, prefix);
  if (result.ok) return result.value;
  issues.push(...result.issues);
  return undefined;
}

async function parseBody(
  schema: z.ZodType | undefined,
  raw: unknown,
  issues: FieldIssue[],
): Promise<unknown> {
  if (schema === undefined) {
    if (raw !== undefined) issues.push({ path: '', message: 'this operation takes no request body' });
    return undefined;
  }
  if (raw === undefined) {
    issues.push({ path: '', message: 'a JSON request body is required' });
    return undefined;
  }
  return parseOptional(schema, raw, '', issues);
}
