// Reads one version of a Secrets Manager secret's text: the one place the platform's functions call
// GetSecretValue (the cursor key, the origin verification value).
//
// One signed HTTPS request, not the SDK's Secrets Manager client. Every API function reads the origin
// verification secret, and the client put ~29 KB (plus its share of @smithy/core) into every API bundle for this
// one call. What replaces it is the SDK's own parts the DynamoDB client already brings into each bundle:
// @smithy/signature-v4 signs the request (Signature Version 4, hashed by @smithy/core's Sha256, as the SDK does), @smithy/node-http-handler sends
// it (the SDK's Node.js transport, with timeouts), the credentials are the execution role's from the environment
// (@aws-sdk/credential-provider-env). The request is GetSecretValue in the awsJson1_1 protocol the API
// reference documents (POST /, X-Amz-Target: secretsmanager.GetSecretValue). The test compares it with the
// request the SDK's client sends.
// Considered and not taken: the AWS Parameters and Secrets Lambda Extension (a layer whose HTTP server on
// localhost reads secrets). It adds an extension process to every API function's init and memory, has no arm64
// layer in the China regions (cdk's region facts, 1.0.103) though the functions run on arm64, and caches
// values itself (a second TTL on top of origin-verification.ts's five minutes).
import { fromEnv } from '@aws-sdk/credential-provider-env';
import { Sha256 } from '@smithy/core/checksum';
import { NodeHttpHandler, streamCollector } from '@smithy/node-http-handler';
import { SignatureV4 } from '@smithy/signature-v4';
import type { HttpRequest } from '@smithy/types';

/**
 * Where requests go instead of Secrets Manager's regional endpoint (a test's stand-in). The same variable the
 * SDK's clients read for a service-specific endpoint.
 */
export const secretsManagerEndpointVariable = 'AWS_ENDPOINT_URL_SECRETS_MANAGER';

/** Attempts per read (the first included) for throttling, 5xx and network errors, as the SDK's standard mode. */
const maxAttempts = 3;

/**
 * The secret's SecretString at the given version stage (default: the current one), or undefined when that
 * stage does not exist (a secret never rotated has no AWSPREVIOUS).
 * @param secretId the secret's ARN (its region and partition name the endpoint) or, with AWS_REGION, its name
 */
export async function readSecretString(secretId: string, versionStage?: string): Promise<string | undefined> {
  try {
    const { SecretString } = (await getSecretValue({
      SecretId: secretId,
      ...(versionStage ? { VersionStage: versionStage } : {}),
    })) as { SecretString?: string };
    return SecretString || undefined;
  } catch (error) {
    if (versionStage !== undefined && (error as { name?: string }).name === 'ResourceNotFoundException') {
      return undefined;
    }
    throw error;
  }
}

/** An error answered by Secrets Manager: `name` is its error code (ResourceNotFoundException, ...). */
export class SecretsManagerError extends Error {
  constructor(
    name: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = name;
  }
}

async function getSecretValue(input: { SecretId: string; VersionStage?: string }): Promise<unknown> {
  const { region, endpoint } = whereTo(input.SecretId);
  const body = JSON.stringify(input);
  const signer = new SignatureV4({
    service: 'secretsmanager',
    region,
    credentials: fromEnv(),
    sha256: Sha256,
  });
  const http = new NodeHttpHandler({ requestTimeout: 5000, connectionTimeout: 2000 });
  try {
    for (let attempt = 1; ; attempt++) {
      const request: HttpRequest = {
        method: 'POST',
        protocol: endpoint.protocol,
        hostname: endpoint.hostname,
        ...(endpoint.port ? { port: Number(endpoint.port) } : {}),
        path: '/',
        query: {},
        headers: {
          host: endpoint.host,
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': 'secretsmanager.GetSecretValue',
          'content-length': String(Buffer.byteLength(body)),
        },
        body,
      };
      const signed = await signer.sign(request);
      let status: number;
      let headers: Record<string, string>;
      let text: string;
      try {
        const { response } = await http.handle(signed as Parameters<NodeHttpHandler['handle']>[0]);
        ({ statusCode: status, headers } = response);
        text = Buffer.from(await streamCollector(response.body)).toString('utf8');
      } catch (error) {
        // A network error, a timeout, a dropped connection: worth another attempt.
        if (attempt < maxAttempts) {
          await backOff(attempt);
          continue;
        }
        throw error;
      }
      if (status >= 200 && status < 300) return JSON.parse(text) as unknown;
      const failure = errorOf(status, headers, text);
      if (attempt < maxAttempts && transient(failure)) {
        await backOff(attempt);
        continue;
      }
      throw failure;
    }
  } finally {
    http.destroy();
  }
}

/** Exponential back-off with full jitter (base 100 ms), as the SDK's standard retry strategy. */
function backOff(attempt: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.random() * 100 * 2 ** attempt));
}

/** The endpoint and signing region: the secret ARN's region and partition, or the stand-in's address. */
function whereTo(secretId: string): { region: string; endpoint: URL } {
  // arn:<partition>:secretsmanager:<region>:<account>:secret:<name>
  const [, partition, , arnRegion] = secretId.startsWith('arn:') ? secretId.split(':') : [];
  const region = arnRegion || process.env.AWS_REGION;
  if (!region)
    throw new Error(`No region for the secret ${secretId} (neither its ARN nor AWS_REGION names one)`);
  const override = process.env[secretsManagerEndpointVariable];
  if (override) return { region, endpoint: new URL(override) };
  // The partitions the stack deploys to; another one (ISO regions) names its endpoint by the variable above.
  const dnsSuffix = { aws: 'amazonaws.com', 'aws-cn': 'amazonaws.com.cn', 'aws-us-gov': 'amazonaws.com' }[
    partition ?? 'aws'
  ];
  if (dnsSuffix === undefined) {
    throw new Error(
      `No Secrets Manager endpoint known for partition ${partition}: set ${secretsManagerEndpointVariable}`,
    );
  }
  return { region, endpoint: new URL(`https://secretsmanager.${region}.${dnsSuffix}`) };
}

/** The awsJson1_1 error: its code from the x-amzn-errortype header or the body's __type (either may be qualified). */
function errorOf(status: number, headers: Record<string, string>, text: string): SecretsManagerError {
  let parsed: { __type?: string; code?: string; message?: string; Message?: string } = {};
  try {
    parsed = JSON.parse(text) as typeof parsed;
  } catch {
    // Not JSON (a proxy's page): the status says enough.
  }
  const raw = headers['x-amzn-errortype'] ?? parsed.__type ?? parsed.code ?? `Http${status}`;
  // "aws.protocoltests#Code:http://internal.amazon.com/..." → "Code"
  const code = raw.split(':')[0]!.split('#').pop()!;
  return new SecretsManagerError(
    code,
    parsed.message ?? parsed.Message ?? `GetSecretValue answered ${status}`,
    status,
  );
}

/** Throttling and server errors are worth another attempt; anything else (no such secret, denied) is not. */
function transient(error: SecretsManagerError): boolean {
  return (
    error.status >= 500 ||
    error.status === 429 ||
    ['ThrottlingException', 'TooManyRequestsException', 'RequestLimitExceeded'].includes(error.name)
  );
}
