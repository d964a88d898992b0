import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it, vi } from 'vitest';

const secrets = mockClient(SecretsManagerClient);
afterEach(() => {
  secrets.reset();
  vi.unstubAllEnvs();
  vi.resetModules();
});

describe('cursorKey', () => {
  it('reads the secret once per container and derives a 32-byte key from it', async () => {
    // Prepare
    vi.stubEnv('CURSOR_KEY_SECRET_ARN', 'arn:aws:secretsmanager:ap-east-1:123456789012:secret:cursor-abc');
    secrets.on(GetSecretValueCommand).resolves({ SecretString: 'k'.repeat(64) });
    const { cursorKey } = await import('./cursor-key.ts');

    // Act
    const [first, second] = [await cursorKey(), await cursorKey()];

    // Assess
    expect(first).toHaveLength(32);
    expect(second).toBe(first);
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(1);
    expect(secrets.commandCalls(GetSecretValueCommand)[0]!.args[0].input).toEqual({
      SecretId: 'arn:aws:secretsmanager:ap-east-1:123456789012:secret:cursor-abc',
    });
  });

  it('tries again on the next call when the first read fails', async () => {
    // Prepare
    vi.stubEnv('CURSOR_KEY_SECRET_ARN', 'arn:aws:secretsmanager:ap-east-1:123456789012:secret:cursor-abc');
    secrets
      .on(GetSecretValueCommand)
      .rejectsOnce(new Error('throttled'))
      .resolves({ SecretString: 'k'.repeat(64) });
    const { cursorKey } = await import('./cursor-key.ts');

    // Act & Assess
    await expect(cursorKey()).rejects.toThrow('throttled');
    expect(await cursorKey()).toHaveLength(32);
  });
});
