// A stand-in for Secrets Manager's GetSecretValue on a loopback port, for the tests of what reads secrets
// (shared/secrets/secret-string.ts and its callers). It answers as the service does in the awsJson1_1 protocol
// (the secret's value, or ResourceNotFoundException), and refuses, as AWS does, a request whose Signature
// Version 4 does not verify for the test's credentials. `use()` points readers at it through
// AWS_ENDPOINT_URL_SECRETS_MANAGER and gives them those credentials in the environment.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignatureV4 } from '@smithy/signature-v4';
import { vi } from 'vitest';
import { Sha256 } from '@smithy/core/checksum';

export const testCredentials = {
  accessKeyId: 'AKIDSECRETSTEST',
  secretAccessKey: 'secrets-test-secret-access-key',
  sessionToken: 'secrets-test-session-token',
} as const;

/** A request the stand-in received, signature verified. */
export interface ReceivedRequest {
  target: string | undefined;
  contentType: string | undefined;
  input: { SecretId?: string; VersionStage?: string };
  headers: IncomingHttpHeaders;
  /** The signature's scope: `<date>/<region>/<service>/aws4_request`. */
  credentialScope: string | undefined;
}

export class FakeSecretsManager {
  /** Requests whose signature verified. */
  readonly received: ReceivedRequest[] = [];
  /** Every request, refused ones included. */
  requests = 0;
  /** Version stage → value, per secret id (ARN). */
  readonly #secrets = new Map<string, Partial<Record<'AWSCURRENT' | 'AWSPREVIOUS', string>>>();
  /** Statuses to answer, one per request, before answering normally (a throttled or failing service). */
  readonly #failures: number[] = [];
  #server: Server | undefined;

  /** Sets a secret's current (and previous) value. */
  put(secretId: string, current: string, previous?: string): this {
    this.#secrets.set(secretId, {
      AWSCURRENT: current,
      ...(previous !== undefined ? { AWSPREVIOUS: previous } : {}),
    });
    return this;
  }

  /** The next requests are answered with these statuses (500: InternalServiceError, 400: ThrottlingException). */
  failNext(...statuses: number[]): this {
    this.#failures.push(...statuses);
    return this;
  }

  get endpoint(): string {
    const { port } = this.#server!.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  async start(): Promise<this> {
    this.#server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        void this.#answer(request.method ?? '', request.url ?? '', request.headers, body).then(
          ({ status, payload }) => {
            response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
            response.end(JSON.stringify(payload));
          },
        );
      });
    });
    await new Promise<void>((resolve) => this.#server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  /** Points secret readers at this stand-in, with the test credentials (undone by vi.unstubAllEnvs). */
  use(): this {
    vi.stubEnv('AWS_ENDPOINT_URL_SECRETS_MANAGER', this.endpoint);
    vi.stubEnv('AWS_ACCESS_KEY_ID', testCredentials.accessKeyId);
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', testCredentials.secretAccessKey);
    vi.stubEnv('AWS_SESSION_TOKEN', testCredentials.sessionToken);
    return this;
  }

  reset(): void {
    this.received.length = 0;
    this.requests = 0;
    this.#secrets.clear();
    this.#failures.length = 0;
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.#server?.close(resolve));
  }

  async #answer(
    method: string,
    path: string,
    headers: IncomingHttpHeaders,
    body: string,
  ): Promise<{ status: number; payload: unknown }> {
    this.requests += 1;
    const scope = /Credential=[^/]+\/([^,]+),/.exec(String(headers.authorization))?.[1];
    if (!(await this.#verifies(method, path, headers, body, scope))) {
      return { status: 400, payload: { __type: 'InvalidSignatureException', message: 'Signature mismatch' } };
    }
    const input = JSON.parse(body) as ReceivedRequest['input'];
    this.received.push({
      target: headers['x-amz-target'] as string | undefined,
      contentType: headers['content-type'],
      input,
      headers,
      credentialScope: scope,
    });
    const failure = this.#failures.shift();
    if (failure !== undefined) {
      const type = failure >= 500 ? 'InternalServiceError' : 'ThrottlingException';
      return { status: failure, payload: { __type: type, message: 'try again' } };
    }
    if (headers['x-amz-target'] !== 'secretsmanager.GetSecretValue') {
      return { status: 400, payload: { __type: 'UnknownOperationException' } };
    }
    const value = this.#secrets.get(input.SecretId ?? '')?.[
      (input.VersionStage ?? 'AWSCURRENT') as 'AWSCURRENT' | 'AWSPREVIOUS'
    ];
    if (value === undefined) {
      return {
        status: 400,
        payload: {
          __type: 'ResourceNotFoundException',
          Message: "Secrets Manager can't find the specified secret value for staging label",
        },
      };
    }
    return {
      status: 200,
      payload: {
        ARN: input.SecretId,
        Name: 'secret',
        SecretString: value,
        VersionStages: [input.VersionStage ?? 'AWSCURRENT'],
      },
    };
  }

  /** Signs the request again as received, with the test credentials, and compares the signatures. */
  async #verifies(
    method: string,
    path: string,
    headers: IncomingHttpHeaders,
    body: string,
    scope: string | undefined,
  ): Promise<boolean> {
    const authorization = String(headers.authorization ?? '');
    const signedHeaders = /SignedHeaders=([^,]+),/.exec(authorization)?.[1]?.split(';') ?? [];
    const amzDate = String(headers['x-amz-date'] ?? '');
    const [, region, service] = scope?.split('/') ?? [];
    if (!signedHeaders.includes('host') || !region || !service || amzDate.length !== 16) return false;
    const signingDate = new Date(
      `${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:` +
        `${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`,
    );
    const signer = new SignatureV4({ service, region, credentials: testCredentials, sha256: Sha256 });
    const again = await signer.sign(
      {
        method,
        protocol: 'http:',
        hostname: '127.0.0.1',
        path,
        query: {},
        headers: Object.fromEntries(signedHeaders.map((name) => [name, String(headers[name])])),
        body,
      },
      { signingDate },
    );
    return again.headers.authorization === authorization;
  }
}
