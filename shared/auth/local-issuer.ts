// The embedded runtime's token issuer: signs the same claims Cognito would put in an ID token, so the local
// HTTP adapter can verify a bearer token and hand handlers an event shaped exactly like API Gateway's.
//
// LOCAL ONLY. The cloud never runs this: API Gateway's JWT authorizer verifies Cognito's tokens before the
// Lambda is invoked, and handlers trust that. The key is never hard-coded: pass a secret (e.g. generated
// once into the git-ignored .local/ folder so tokens survive a restart) or an ES256 key pair; with neither, a
// random secret lives as long as the process. Creating an issuer inside a Lambda function throws.
import { randomBytes } from 'node:crypto';
import { errors, jwtVerify, SignJWT, type CryptoKey, type JWTPayload, type KeyObject } from 'jose';
import { Unauthorized } from '#shared/errors';
import type { IdentityClaims } from './principal.ts';

export interface LocalIssuerOptions {
  /** HS256 secret, at least 32 bytes. */
  secret?: string | Uint8Array;
  /** ES256 key pair (e.g. from jose's `generateKeyPair('ES256')`). */
  keyPair?: { privateKey: CryptoKey | KeyObject; publicKey: CryptoKey | KeyObject };
  /** @default 'one-window-local' */
  issuer?: string;
  /** @default 'one-window' */
  audience?: string;
}

export interface IssueOptions {
  /** Seconds, or a jose time span such as '8h'. @default '1h' */
  expiresIn?: number | string;
}

export type VerifiedClaims = JWTPayload & IdentityClaims;

export interface LocalIssuer {
  issue(claims: IdentityClaims, options?: IssueOptions): Promise<string>;
  /** @throws Unauthorized for a token that is malformed, tampered with, expired or from another issuer. */
  verify(token: string): Promise<VerifiedClaims>;
}

const MIN_SECRET_BYTES = 32;

export function createLocalIssuer(options: LocalIssuerOptions = {}): LocalIssuer {
  if (process.env.AWS_LAMBDA_FUNCTION_NAME !== undefined) {
    throw new Error(
      'the local token issuer must not run in Lambda: the cloud verifies tokens in API Gateway',
    );
  }
  if (options.secret !== undefined && options.keyPair !== undefined) {
    throw new Error('createLocalIssuer takes a secret or a key pair, not both');
  }
  const issuer = options.issuer ?? 'one-window-local';
  const audience = options.audience ?? 'one-window';

  let algorithm: 'HS256' | 'ES256';
  let signingKey: CryptoKey | KeyObject | Uint8Array;
  let verifyingKey: CryptoKey | KeyObject | Uint8Array;
  if (options.keyPair !== undefined) {
    algorithm = 'ES256';
    signingKey = options.keyPair.privateKey;
    verifyingKey = options.keyPair.publicKey;
  } else {
    const secret =
      options.secret === undefined
        ? new Uint8Array(randomBytes(MIN_SECRET_BYTES))
        : typeof options.secret === 'string'
          ? new TextEncoder().encode(options.secret)
          : options.secret;
    if (secret.byteLength < MIN_SECRET_BYTES) {
      throw new Error(`the local issuer's secret must be at least ${MIN_SECRET_BYTES} bytes`);
    }
    algorithm = 'HS256';
    signingKey = secret;
    verifyingKey = secret;
  }

  return {
    async issue(claims, { expiresIn = '1h' } = {}) {
      const { sub, ...rest } = claims;
      return (
        new SignJWT({ ...rest, token_use: 'id' })
          .setProtectedHeader({ alg: algorithm, typ: 'JWT' })
          .setSubject(sub)
          .setIssuer(issuer)
          .setAudience(audience)
          .setIssuedAt()
          // jose reads a bare number as an absolute timestamp; a relative span must be a string.
          .setExpirationTime(typeof expiresIn === 'number' ? `${expiresIn}s` : expiresIn)
          .sign(signingKey)
      );
    },

    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, verifyingKey, {
          algorithms: [algorithm],
          issuer,
          audience,
          requiredClaims: ['sub', 'exp'],
        });
        return payload as VerifiedClaims;
      } catch (error) {
        if (error instanceof errors.JOSEError) throw new Unauthorized('invalid token', { cause: error });
        throw error;
      }
    },
  };
}

/**
 * Flattens verified claims the way API Gateway's JWT authorizer does before invoking Lambda: every value
 * becomes a string, arrays as `[a b]`. The local adapter puts the result on
 * `event.requestContext.authorizer.jwt.claims`, so local requests exercise the same parsing as the cloud.
 */
export function toApiGatewayClaims(payload: JWTPayload): Record<string, string> {
  const claims: Record<string, string> = {};
  for (const [name, value] of Object.entries(payload)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) claims[name] = `[${value.map(String).join(' ')}]`;
    else if (typeof value === 'object') claims[name] = JSON.stringify(value);
    else claims[name] = String(value);
  }
  return claims;
}

/** Reads the bearer token from an `authorization` header value; undefined when absent or not a bearer token. */
export function bearerToken(authorization: string | undefined): string | undefined {
  const match = /^Bearer\s+([A-Za-z0-9._~+/=-]+)\s*$/i.exec(authorization ?? '');
  return match?.[1];
}
