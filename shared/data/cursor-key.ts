// The key that seals pagination cursors (cursor.ts), read once per container. In the cloud: a Secrets Manager
// secret the stack generates (its ARN in CURSOR_KEY_SECRET_ARN; only the functions that hand cursors to
// callers may read it). In the embedded runtime: a key file it creates once under its data folder
// (CURSOR_KEY_FILE). Anywhere else (tests, functions that page only inside one invocation, such as the
// sweeper): a random key for the life of the process, which is all an internal cursor needs.
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readSecretString } from '#shared/secrets/secret-string';

/** Environment variables that name where the key comes from. */
export const cursorKeyEnvironment = {
  secretArn: 'CURSOR_KEY_SECRET_ARN',
  file: 'CURSOR_KEY_FILE',
} as const;

let loading: Promise<Uint8Array> | undefined;

/** The 32-byte cursor key; the first call reads it, later calls reuse it (a failed read is tried again). */
export function cursorKey(): Promise<Uint8Array> {
  loading ??= readKey().catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

async function readKey(): Promise<Uint8Array> {
  const secretArn = process.env[cursorKeyEnvironment.secretArn];
  if (secretArn) {
    const secret = await readSecretString(secretArn);
    if (!secret) throw new Error('The cursor key secret has no value');
    return derive(secret);
  }
  const file = process.env[cursorKeyEnvironment.file];
  if (file) return derive(readFileSync(file, 'utf8').trim());
  return new Uint8Array(randomBytes(32));
}

/** Whatever the secret's text, an AES-256 key of exactly 32 bytes. */
function derive(secret: string): Uint8Array {
  if (secret.length < 32) throw new Error('The cursor key secret is shorter than 32 characters');
  return new Uint8Array(createHash('sha256').update(`one-window cursor key\u0000${secret}`).digest());
}
