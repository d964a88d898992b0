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
