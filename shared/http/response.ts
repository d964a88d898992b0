// Building HTTP responses, and the ONE place where errors become HTTP: a DomainError keeps its status and
// code; a transient failure of an AWS call (throttling, a service failing for a moment: shared/errors.ts
// `transientFailureOf`) is a 503 with Retry-After; anything else is a 500 that says only "internal error" and the
// correlation ID.
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import * as z from 'zod';
import {
  DomainError,
  ServiceUnavailable,
  transientFailureOf,
  Unauthorized,
  ValidationError,
} from '#shared/errors';

/** The body of every error response (also the OpenAPI `Error` schema). */
export const errorBodySchema = z.strictObject({
  error: z.strictObject({
    code: z.string().describe('Stable, machine-readable code, e.g. VALIDATION_FAILED, NOT_FOUND, CONFLICT'),
    message: z.string().describe('Safe to show to the caller'),
    issues: z
      .array(
        z.strictObject({
          path: z.string().describe('Dotted field path, e.g. permits.2.permitType; empty for the whole body'),
          message: z.string(),
        }),
      )
      .optional(),
    correlationId: z.string().describe('Quote this when reporting a problem'),
  }),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

export type ResponseHeaders = Record<string, string>;

/** Headers every response carries; API responses hold personal and case data, so nothing is cached. */
const SECURITY_HEADERS: ResponseHeaders = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
};

/** Minimal logging surface, so callers can pass a Powertools Logger or a test double. */
export interface ErrorLogger {
  info(message: string, ...extra: unknown[]): void;
  error(message: string, ...extra: unknown[]): void;
}

export function jsonResponse(
  status: number,
  body: unknown,
  correlationId: string,
  headers: ResponseHeaders = {},
): APIGatewayProxyStructuredResultV2 {
  const noContent = status === 204 || status === 304 || body === undefined;
  return {
    statusCode: status,
    headers: {
      ...SECURITY_HEADERS,
      ...lowerCaseKeys(headers),
      'content-type': 'application/json; charset=utf-8',
      'x-content-type-options': 'nosniff',
      'x-correlation-id': correlationId,
    },
    ...(noContent ? {} : { body: JSON.stringify(body) }),
  };
}

/** A response body that is not JSON, e.g. `{ body: csv, contentType: 'text/csv; charset=utf-8' }`. */
export interface TextBody {
  body: string;
  contentType: string;
}

export function textResponse(
  status: number,
  text: TextBody,
  correlationId: string,
  headers: ResponseHeaders = {},
): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: status,
    headers: {
      ...SECURITY_HEADERS,
      ...lowerCaseKeys(headers),
      'content-type': text.contentType,
      'x-content-type-options': 'nosniff',
      'x-correlation-id': correlationId,
    },
    body: text.body,
  };
}

/**
 * Maps any thrown value to its response and logs it: a refusal (DomainError) as info, a transient failure of a
 * dependency (503 with Retry-After) and everything else (500) as error with the cause.
 */
export function errorResponse(
  error: unknown,
  correlationId: string,
  logger: ErrorLogger,
): APIGatewayProxyStructuredResultV2 {
  const transient = transientFailureOf(error);
  // Logged as an error: a throttled table or a failing service is the operators' to see, not the caller's.
  if (transient)
    logger.error('dependency unavailable', error instanceof Error ? error : { error: String(error) });
  const refusal = transient ?? (error instanceof DomainError ? error : undefined);
  if (refusal) {
    if (!transient) {
      logger.info('request refused', { status: refusal.status, code: refusal.code, reason: refusal.message });
    }
    const body: ErrorBody = { error: { code: refusal.code, message: refusal.message, correlationId } };
    if (refusal instanceof ValidationError && refusal.issues.length > 0) body.error.issues = refusal.issues;
    const headers: ResponseHeaders =
      refusal instanceof Unauthorized
        ? { 'www-authenticate': 'Bearer' }
        : refusal instanceof ServiceUnavailable
          ? { 'retry-after': String(refusal.retryAfterSeconds) }
          : {};
    return jsonResponse(refusal.status, body, correlationId, headers);
  }
  logger.error('unhandled error', error instanceof Error ? error : { error: String(error) });
  const body: ErrorBody = { error: { code: 'INTERNAL', message: 'internal error', correlationId } };
  return jsonResponse(500, body, correlationId);
}

function lowerCaseKeys(headers: ResponseHeaders): ResponseHeaders {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}
