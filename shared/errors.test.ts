// Which failures of an AWS call are transient: a 503 with Retry-After for the caller instead of a 500.
import {
  ConditionalCheckFailedException,
  InternalServerError,
  ProvisionedThroughputExceededException,
  RequestLimitExceeded,
  ResourceNotFoundException,
  ThrottlingException,
  TransactionCanceledException,
  TransactionConflictException,
} from '@aws-sdk/client-dynamodb';
import { S3ServiceException } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { Conflict, ServiceUnavailable, transientFailureOf } from './errors.ts';

const $metadata = {};
const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata,
    CancellationReasons: codes.map((Code) => ({ Code })),
  });
const withName = (name: string, httpStatusCode: number) =>
  new S3ServiceException({ name, $fault: 'server', $metadata: { httpStatusCode } });
const socketError = (code: string) => Object.assign(new Error(`socket: ${code}`), { code });

describe('transientFailureOf', () => {
  it.each([
    [
      'ProvisionedThroughputExceededException',
      new ProvisionedThroughputExceededException({ message: 'm', $metadata }),
    ],
    ['ThrottlingException', new ThrottlingException({ message: 'm', $metadata })],
    ['RequestLimitExceeded', new RequestLimitExceeded({ message: 'm', $metadata })],
    ['InternalServerError', new InternalServerError({ message: 'm', $metadata })],
    ['TransactionConflictException', new TransactionConflictException({ message: 'm', $metadata })],
    ['a transaction cancelled by throttling', cancelled('None', 'ThrottlingError')],
    ['a transaction cancelled by provisioned throughput', cancelled('ProvisionedThroughputExceeded', 'None')],
    ['a transaction cancelled by another transaction', cancelled('TransactionConflict', 'None')],
    ["S3's SlowDown", withName('SlowDown', 503)],
    ['any service answering 503', withName('ServiceUnavailable', 503)],
    ['any service answering 500', withName('SomethingUnexpected', 500)],
    ['a dropped connection', socketError('ECONNRESET')],
    ['a timed-out connection', socketError('ETIMEDOUT')],
  ])('takes %s for transient: 503 with a retry delay', (_label, error) => {
    // Act
    const mapped = transientFailureOf(error);

    // Assess
    expect(mapped).toBeInstanceOf(ServiceUnavailable);
    expect(mapped).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: 2 });
    expect(mapped!.cause).toBe(error);
  });

  it.each([
    ['a condition that failed', new ConditionalCheckFailedException({ message: 'm', $metadata })],
    ['a transaction cancelled by a condition', cancelled('ConditionalCheckFailed', 'ThrottlingError')],
    ['a transaction cancelled as invalid', cancelled('ValidationError')],
    ['a missing table', new ResourceNotFoundException({ message: 'm', $metadata })],
    ['an error of ours', new Error('undefined is not a function')],
    ['a domain refusal', new Conflict('stale', 'STALE_VERSION')],
    ['a thrown string', 'boom'],
    [
      'a client error of a service',
      new S3ServiceException({ name: 'NoSuchKey', $fault: 'client', $metadata: { httpStatusCode: 404 } }),
    ],
  ])('leaves %s alone', (_label, error) => {
    expect(transientFailureOf(error)).toBeUndefined();
  });
});
