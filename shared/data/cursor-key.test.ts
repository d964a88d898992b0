import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { FakeSecretsManager } from '#test/support/fake-secrets-manager';

const secrets = new FakeSecretsManager();
const secretArn = 'arn:aws:secretsmanager:ap-east-1:123456789012:secret:cursor-abc';

beforeAll(async () => {
  await secrets.start();
});
afterEach(() => {
  secrets.reset();
  vi.unstubAllEnvs();
  vi.resetModules();
});
afterAll(async () => {
  await secrets.stop();
});

describe('cursorKey', () => {
  it('reads the secret once per container and derives a 32-byte key from it', async () => {
    // Prepare
    vi.stubEnv('CURSOR_KEY_SECRET_ARN', secretArn);
    secrets.use().put(secretArn, 'k'.repeat(64));
    const { cursorKey } = await import('./cursor-key.ts');

    // Act
    const [first, second] = [await cursorKey(), await cursorKey()];

    // Assess
    expect(first).toHaveLength(32);
    expect(second).toBe(first);
    expect(secrets.received).toHaveLength(1);
    expect(secrets.received[0]!.input).toEqual({ SecretId: secretArn });
  });

  it('tries again on the next call when the first read fails', async () => {
    // Prepare
    vi.stubEnv('CURSOR_KEY_SECRET_ARN', secretArn);
    // Throttled on every attempt of the first read (the reader itself tries three times).
    secrets.use().put(secretArn, 'k'.repeat(64)).failNext(429, 429, 429);
    const { cursorKey } = await import('./cursor-key.ts');

    // Act & Assess
    await expect(cursorKey()).rejects.toMatchObject({ name: 'ThrottlingException' });
    expect(await cursorKey()).toHaveLength(32);
  });
});
