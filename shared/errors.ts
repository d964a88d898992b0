// The one error hierarchy of the platform. Domain code throws these; the HTTP layer maps them to status
// codes in exactly one place (shared/http). Messages are safe to show to the caller.

export interface FieldIssue {
  /** Dotted path of the offending field, e.g. `permits.2.permitType`; empty for the body as a whole. */
  path: string;
  message: string;
}

export abstract class DomainError extends Error {
  /** Stable, machine-readable code clients can branch on. */
  abstract readonly code: string;
  abstract readonly status: number;
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

export class ValidationError extends DomainError {
  readonly code: string;
  readonly status: number = 400;
  constructor(
    message: string,
    readonly issues: FieldIssue[] = [],
    code = 'VALIDATION_FAILED',
  ) {
    super(message);
    this.code = code;
  }
}

/**
 * 422: the request is well-formed but breaks a rule of the service centre's configuration (a permit not in the
 * catalogue, 容缺 of a document that may not be tolerated, a parcel not registered or not available, a committed
 * figure below the parcel's control value). Carries field paths like a ValidationError.
 */
export class RuleViolation extends ValidationError {
  override readonly status = 422;
  constructor(message: string, issues: FieldIssue[], code: string) {
    super(message, issues, code);
  }
}

/** Also used for resources the caller may not see, so that existence does not leak. */
export class NotFound extends DomainError {
  readonly code = 'NOT_FOUND';
  readonly status = 404;
}

export class Forbidden extends DomainError {
  readonly code = 'FORBIDDEN';
  readonly status = 403;
}

export class Unauthorized extends DomainError {
  readonly code = 'UNAUTHORIZED';
  readonly status = 401;
}

/** A stale version, a decision on a step that is no longer open, a duplicate. */
export class Conflict extends DomainError {
  readonly code: string;
  readonly status = 409;
  constructor(message: string, code = 'CONFLICT') {
    super(message);
    this.code = code;
  }
}

/** The step expired before the decision arrived. */
export class Gone extends DomainError {
  readonly code = 'GONE';
  readonly status = 410;
}

export class PayloadTooLarge extends DomainError {
  readonly code = 'PAYLOAD_TOO_LARGE';
  readonly status = 413;
}

export class UnsupportedMediaType extends DomainError {
  readonly code = 'UNSUPPORTED_MEDIA_TYPE';
  readonly status = 415;
}

/**
 * 503: a service the platform depends on (DynamoDB, S3, KMS, Step Functions, ...) was busy or failing for a moment
 * and the SDK's own retries ran out. The request was valid and the same request may be sent again after
 * `retryAfterSeconds` (write routes take an Idempotency-Key and a failed request releases it).
 */
export class ServiceUnavailable extends DomainError {
  readonly code = 'SERVICE_UNAVAILABLE';
  readonly status = 503;
  constructor(
    message = 'The service is busy for a moment; try again shortly',
    readonly retryAfterSeconds = 2,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

// Which failures of an AWS call are transient (worth the same request again shortly), by the error's name as the
// AWS SDK sets it. DynamoDB: throttling (ProvisionedThroughputExceededException, ThrottlingException,
// RequestLimitExceeded), InternalServerError, TransactionInProgressException (the same ClientRequestToken is still
// running), TransactionConflictException (a single write met an item a transaction holds: nothing was written). Any AWS service: the SDK's throttling names, ServiceUnavailable / InternalFailure / InternalError (S3),
// KMSInternalException, timeouts and dropped connections. Also what the SDK itself marks retryable (`$retryable`)
// and answers 429 / 500 / 502 / 503 / 504. Not transient: everything else (a 4xx of AWS is a bug of ours).
const transientNames = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'RequestThrottled',
  'RequestThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'SlowDown',
  'TransactionInProgressException',
  'TransactionConflictException',
  'ReplicatedWriteConflictException',
  'InternalServerError',
  'InternalServerException',
  'InternalFailure',
  'InternalError',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'KMSInternalException',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
]);
const transientSocketCodes = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT']);
const transientStatuses = new Set([429, 500, 502, 503, 504]);
/**
 * Reasons of a cancelled DynamoDB transaction that say "try again", nothing about the data: throttling, and a
 * conflict with another transaction. The application repository's versioned `commit` retries a conflict itself and
 * then answers 409 STALE_VERSION (the winner most likely changed the item, so the caller must reload); a conflict
 * that reaches the mapping from any other write changed nothing and the same request will go through: 503.
 */
const transientCancellations = new Set([
  'ThrottlingError',
  'ProvisionedThroughputExceeded',
  'TransactionConflict',
]);

/** `ServiceUnavailable` for a transient failure of an AWS call (see the list above), else undefined. */
export function transientFailureOf(error: unknown): ServiceUnavailable | undefined {
  if (typeof error !== 'object' || error === null || error instanceof DomainError) return undefined;
  const failure = error as {
    name?: unknown;
    code?: unknown;
    $retryable?: unknown;
    $metadata?: { httpStatusCode?: unknown };
    CancellationReasons?: { Code?: string }[];
  };
  const reasons = (failure.CancellationReasons ?? []).map((reason) => reason.Code ?? 'None');
  const transient =
    failure.name === 'TransactionCanceledException'
      ? reasons.some((code) => transientCancellations.has(code)) &&
        reasons.every((code) => code === 'None' || transientCancellations.has(code))
      : (typeof failure.name === 'string' && transientNames.has(failure.name)) ||
        (typeof failure.code === 'string' && transientSocketCodes.has(failure.code)) ||
        failure.$retryable !== undefined ||
        (typeof failure.$metadata?.httpStatusCode === 'number' &&
          transientStatuses.has(failure.$metadata.httpStatusCode));
  return transient ? new ServiceUnavailable(undefined, undefined, { cause: error }) : undefined;
}
