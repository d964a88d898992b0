import { generateKeyPair } from 'jose';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Unauthorized } from '#shared/errors';
import { apiEvent } from '#test/support/http';
import { bearerToken, createLocalIssuer, toApiGatewayClaims } from './local-issuer.ts';
import { principalFromEvent, type IdentityClaims } from './principal.ts';

const clerk: IdentityClaims = { sub: 'clerk-1', 'cognito:groups': ['window-clerk', 'dept-planning'] };

function tamper(token: string): string {
  const [header, payload, signature] = token.split('.') as [string, string, string];
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  claims['cognito:groups'] = ['administrator'];
  return [header, Buffer.from(JSON.stringify(claims)).toString('base64url'), signature].join('.');
}

describe('createLocalIssuer', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('issues a token that verifies back to the same claims (HS256)', async () => {
    // Prepare
    const issuer = createLocalIssuer({ secret: 'a-local-development-secret-of-32+bytes' });

    // Act
    const claims = await issuer.verify(await issuer.issue(clerk, { expiresIn: '5m' }));

    // Assess
    expect(claims).toMatchObject(clerk);
    expect(claims.iss).toBe('one-window-local');
    expect(claims.aud).toBe('one-window');
    expect(claims.exp! - claims.iat!).toBe(300);
  });

  it('issues and verifies with an ES256 key pair', async () => {
    const issuer = createLocalIssuer({ keyPair: await generateKeyPair('ES256') });

    const claims = await issuer.verify(await issuer.issue(clerk, { expiresIn: 60 }));

    expect(claims.sub).toBe('clerk-1');
    expect(claims.exp! - claims.iat!).toBe(60);
  });

  it('rejects a tampered token', async () => {
    const issuer = createLocalIssuer();
    const token = await issuer.issue(clerk);

    await expect(issuer.verify(tamper(token))).rejects.toBeInstanceOf(Unauthorized);
  });

  it('rejects a token signed with another key, an expired token and garbage', async () => {
    // Prepare
    const issuer = createLocalIssuer();
    const other = createLocalIssuer();
    const expired = await issuer.issue(clerk, { expiresIn: -10 });

    // Act & Assess
    await expect(issuer.verify(await other.issue(clerk))).rejects.toBeInstanceOf(Unauthorized);
    await expect(issuer.verify(expired)).rejects.toBeInstanceOf(Unauthorized);
    await expect(issuer.verify('not.a.token')).rejects.toBeInstanceOf(Unauthorized);
  });

  it('refuses a short secret, both key kinds at once, and running inside Lambda', async () => {
    expect(() => createLocalIssuer({ secret: 'short' })).toThrow(/at least 32 bytes/);
    expect(() => createLocalIssuer({ secret: 'x'.repeat(32), keyPair: {} as never })).toThrow(/not both/);
    vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', 'prod-function');
    expect(() => createLocalIssuer()).toThrow(/must not run in Lambda/);
  });
});

describe('toApiGatewayClaims', () => {
  it('flattens claims the way API Gateway does, so principalFromEvent reads local tokens like cloud ones', async () => {
    // Prepare
    const issuer = createLocalIssuer();
    const verified = await issuer.verify(
      await issuer.issue({
        sub: 'ent-user',
        'cognito:groups': ['enterprise'],
        'custom:enterpriseId': 'ent-7',
      }),
    );

    // Act
    const claims = toApiGatewayClaims(verified);
    const principal = principalFromEvent(apiEvent({ claims }));

    // Assess
    expect(claims['cognito:groups']).toBe('[enterprise]');
    expect(claims.exp).toMatch(/^\d+$/);
    expect(principal).toEqual({ userId: 'ent-user', roles: ['enterprise'], enterpriseId: 'ent-7' });
  });
});

describe('bearerToken', () => {
  it('reads a bearer token and ignores other schemes', () => {
    expect(bearerToken('Bearer abc.def.ghi')).toBe('abc.def.ghi');
    expect(bearerToken('bearer abc.def.ghi ')).toBe('abc.def.ghi');
    expect(bearerToken('Basic dXNlcjpwYXNz')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });
});
