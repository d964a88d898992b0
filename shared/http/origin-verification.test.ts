import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Principal } from '#shared/auth/principal';
import { FakeSecretsManager } from '#test/support/fake-secrets-manager';
import { apiEvent, invoke } from '#test/support/http';

const secrets = new FakeSecretsManager();
const secretArn = 'arn:aws:secretsmanager:ap-east-1:123456789012:secret:origin-abc';
const enterprise: Principal = { userId: 'user-1', roles: ['enterprise'], enterpriseId: 'ent-1' };

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

/** A fresh module graph per test (the accepted values are cached per container), and one handler per role rule. */
async function handlers() {
  const { httpHandler } = await import('./handler.ts');
  const calls: string[] = [];
  const make = (roles: Principal['roles'] | 'public', name: string) =>
    httpHandler({
      name,
      roles,
      handle: async () => {
        calls.push(name);
        return { body: { ok: true } };
      },
    });
  return { calls, signedIn: make(['enterprise'], 'signedIn'), publicRoute: make('public', 'verify') };
}

function withHeader(value?: string, principal?: Principal) {
  return apiEvent({
    ...(principal ? { principal } : {}),
    ...(value !== undefined ? { headers: { 'x-origin-verify': value } } : {}),
  });
}

describe('origin verification', () => {
  it('refuses with 403 a request without the header, or with a wrong one, before the handler runs: signed-in and public routes', async () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'origin-'));
    writeFileSync(join(dir, 'origin-verify'), 'the-edge-secret-value\n');
    vi.stubEnv('ORIGIN_VERIFY_SECRET_FILE', join(dir, 'origin-verify'));
    const { calls, signedIn, publicRoute } = await handlers();

    // Act
    const answers = [
      await invoke(signedIn, withHeader(undefined, enterprise)),
      await invoke(signedIn, withHeader('wrong', enterprise)),
      await invoke(publicRoute, withHeader()),
      await invoke(publicRoute, withHeader('')),
      // Without a token and without the header: 403 for the origin comes before 401 for the token.
      await invoke(signedIn, withHeader()),
    ];

    // Assess
    expect(answers.map((a) => a.statusCode)).toEqual([403, 403, 403, 403, 403]);
    expect(answers[0]!.body).toMatchObject({ error: { code: 'FORBIDDEN' } });
    expect(calls).toEqual([]);
  });

  it('lets through a request carrying the value, on signed-in and public routes', async () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'origin-'));
    writeFileSync(join(dir, 'origin-verify'), 'the-edge-secret-value\n');
    vi.stubEnv('ORIGIN_VERIFY_SECRET_FILE', join(dir, 'origin-verify'));
    const { calls, signedIn, publicRoute } = await handlers();

    // Act
    const answers = [
      await invoke(signedIn, withHeader('the-edge-secret-value', enterprise)),
      await invoke(publicRoute, withHeader('the-edge-secret-value')),
    ];

    // Assess
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200]);
    expect(calls).toEqual(['signedIn', 'verify']);
  });

  it('reads the secret (current and previous version) once per container, so a rotation in progress refuses nobody', async () => {
    // Prepare
    vi.stubEnv('ORIGIN_VERIFY_SECRET_ARN', secretArn);
    secrets.use().put(secretArn, 'new-value', 'old-value');
    const { signedIn } = await handlers();

    // Act
    const statuses = [
      (await invoke(signedIn, withHeader('new-value', enterprise))).statusCode,
      (await invoke(signedIn, withHeader('old-value', enterprise))).statusCode,
      (await invoke(signedIn, withHeader('older-value', enterprise))).statusCode,
    ];

    // Assess
    expect(statuses).toEqual([200, 200, 403]);
    expect(secrets.received.map((r) => r.input)).toEqual(
      expect.arrayContaining([{ SecretId: secretArn }, { SecretId: secretArn, VersionStage: 'AWSPREVIOUS' }]),
    );
    expect(secrets.received).toHaveLength(2);
  });

  it('accepts the current value alone when the secret was never rotated', async () => {
    // Prepare
    vi.stubEnv('ORIGIN_VERIFY_SECRET_ARN', secretArn);
    // No AWSPREVIOUS: the service answers ResourceNotFoundException for that stage.
    secrets.use().put(secretArn, 'first-value');
    const { signedIn } = await handlers();

    // Act & Assess
    expect((await invoke(signedIn, withHeader('first-value', enterprise))).statusCode).toBe(200);
    expect((await invoke(signedIn, withHeader(undefined, enterprise))).statusCode).toBe(403);
  });

  it('checks nothing when no source is configured (a handler called directly, as unit tests do)', async () => {
    // Prepare
    const { signedIn } = await handlers();

    // Act & Assess
    expect((await invoke(signedIn, withHeader(undefined, enterprise))).statusCode).toBe(200);
  });
});
