// readSecretString sends GetSecretValue as the SDK's Secrets Manager client does (same operation, body and
// signature scope, a signature that verifies), and reads the answer as the client would.
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { FakeSecretsManager, testCredentials } from '#test/support/fake-secrets-manager';
import { readSecretString } from './secret-string.ts';

const secretArn = 'arn:aws:secretsmanager:ap-east-1:123456789012:secret:origin-abc';
const service = new FakeSecretsManager();

beforeAll(async () => {
  await service.start();
});
afterEach(() => {
  service.reset();
  vi.unstubAllEnvs();
});
afterAll(async () => {
  await service.stop();
});

describe('readSecretString', () => {
  it('sends the request the SDK client sends, signed for the secret’s region, and reads the value', async () => {
    // Prepare
    service.use().put(secretArn, 'current-value', 'previous-value');
    const sdk = new SecretsManagerClient({
      region: 'ap-east-1',
      endpoint: service.endpoint,
      credentials: testCredentials,
    });

    // Act
    const ours = [await readSecretString(secretArn), await readSecretString(secretArn, 'AWSPREVIOUS')];
    const theirs = [
      (await sdk.send(new GetSecretValueCommand({ SecretId: secretArn }))).SecretString,
      (await sdk.send(new GetSecretValueCommand({ SecretId: secretArn, VersionStage: 'AWSPREVIOUS' })))
        .SecretString,
    ];
    sdk.destroy();

    // Assess: every request verified (the stand-in refuses a bad signature), and ours match the SDK's.
    expect(ours).toEqual(['current-value', 'previous-value']);
    expect(theirs).toEqual(ours);
    const [oursCurrent, oursPrevious, sdkCurrent, sdkPrevious] = service.received;
    const shape = (r: typeof oursCurrent) => ({
      target: r!.target,
      contentType: r!.contentType,
      input: r!.input,
      scope: r!.credentialScope?.split('/').slice(1),
      token: r!.headers['x-amz-security-token'],
    });
    expect(shape(oursCurrent)).toEqual(shape(sdkCurrent));
    expect(shape(oursPrevious)).toEqual(shape(sdkPrevious));
    expect(shape(oursCurrent)).toEqual({
      target: 'secretsmanager.GetSecretValue',
      contentType: 'application/x-amz-json-1.1',
      input: { SecretId: secretArn },
      scope: ['ap-east-1', 'secretsmanager', 'aws4_request'],
      token: testCredentials.sessionToken,
    });
    expect(oursPrevious!.input).toEqual({ SecretId: secretArn, VersionStage: 'AWSPREVIOUS' });
  });

  it('answers undefined for a version stage that does not exist, and throws for a secret that does not', async () => {
    // Prepare
    service.use().put(secretArn, 'never-rotated');

    // Act & Assess
    expect(await readSecretString(secretArn, 'AWSPREVIOUS')).toBeUndefined();
    await expect(readSecretString(`${secretArn}-missing`)).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      status: 400,
    });
  });

  it('tries again after a server error or throttling, as the SDK does, up to three attempts', async () => {
    // Prepare
    service.use().put(secretArn, 'value').failNext(500, 429);

    // Act
    const value = await readSecretString(secretArn);

    // Assess
    expect(value).toBe('value');
    expect(service.received).toHaveLength(3);

    // And gives up after the third
    service.failNext(500, 500, 500);
    await expect(readSecretString(secretArn)).rejects.toMatchObject({ name: 'InternalServiceError' });
  });

  it('never retries a refusal: a bad signature is answered once', async () => {
    // Prepare: credentials the service does not know
    service.use().put(secretArn, 'value');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'not-the-key');

    // Act & Assess
    await expect(readSecretString(secretArn)).rejects.toMatchObject({ name: 'InvalidSignatureException' });
    expect(service.requests).toBe(1);
  });
});
