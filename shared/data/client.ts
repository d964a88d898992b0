// The DynamoDB document client every handler, task and test uses. Transient errors (throttling, 5xx,
// timeouts) are retried by the SDK's own retry strategy, configured here once.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface DocumentClientOptions {
  /** DynamoDB Local, for instance `http://127.0.0.1:8000`. Omit in the cloud. */
  endpoint?: string;
  /** @default process.env.AWS_REGION, or 'local' with a local endpoint */
  region?: string;
  /** Attempts per request, the first included. @default 5 */
  maxAttempts?: number;
  /** Milliseconds before a request is abandoned (and retried). @default 5000 */
  requestTimeoutMs?: number;
}

const isLoopback = (endpoint: string): boolean => {
  try {
    return ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(endpoint).hostname);
  } catch {
    return false;
  }
};

export function createDocumentClient(options: DocumentClientOptions = {}): DynamoDBDocumentClient {
  const { endpoint } = options;
  const local = endpoint !== undefined && isLoopback(endpoint);
  const region = options.region ?? process.env.AWS_REGION ?? (endpoint !== undefined ? 'local' : undefined);
  const client = new DynamoDBClient({
    ...(region !== undefined ? { region } : {}),
    ...(endpoint !== undefined ? { endpoint } : {}),
    // DynamoDB Local accepts any credentials; none need to exist on the machine.
    ...(local ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
    // Adaptive: standard exponential back-off with jitter plus client-side rate limiting under throttling.
    retryMode: 'adaptive',
    maxAttempts: options.maxAttempts ?? 5,
    requestHandler: { requestTimeout: options.requestTimeoutMs ?? 5000, connectionTimeout: 2000 },
  });
  return DynamoDBDocumentClient.from(client, {
    // Optional domain fields are often present as `undefined` after a spread; they are simply not stored.
    marshallOptions: { removeUndefinedValues: true, convertEmptyValues: false },
  });
}
