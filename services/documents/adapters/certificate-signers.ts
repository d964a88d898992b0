// Signing certificates (电子证照) with a key the platform holds: an AWS KMS asymmetric key (ECC_NIST_P256,
// SIGN_VERIFY) in the cloud, where the private key never leaves KMS; a P-256 key in a file under `.local/` in
// the embedded runtime, created on first use. Both sign ECDSA with SHA-256 and verify with node:crypto (the
// cloud fetches its public key once, so the public check costs no KMS call).
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { GetPublicKeyCommand, KMSClient, SignCommand } from '@aws-sdk/client-kms';
import type { CertificateSigner, Signature } from '../core/ports.ts';

/** Verifies a DER ECDSA signature with a public key. */
function verifyWith(key: KeyObject, message: Uint8Array, signature: Signature): boolean {
  if (signature.algorithm !== 'ECDSA_SHA_256') return false;
  try {
    return verify('sha256', message, key, Buffer.from(signature.signature, 'base64'));
  } catch {
    return false;
  }
}

/** The embedded runtime's signer: a PEM file (mode 0600), created with a fresh key when missing. */
export class FileCertificateSigner implements CertificateSigner {
  readonly #privateKey: KeyObject;
  readonly #publicKey: KeyObject;
  readonly #keyId: string;

  constructor(path: string) {
    let pem: string;
    try {
      pem = readFileSync(path, 'utf8');
    } catch {
      const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
      pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
      mkdirSync(dirname(path), { recursive: true });
      try {
        writeFileSync(path, pem, { mode: 0o600, flag: 'wx' });
      } catch {
        pem = readFileSync(path, 'utf8'); // another process created it first: use theirs
      }
    }
    this.#privateKey = createPrivateKey(pem);
    this.#publicKey = createPublicKey(this.#privateKey);
    const spki = this.#publicKey.export({ format: 'der', type: 'spki' });
    this.#keyId = `local:${createHash('sha256').update(spki).digest('hex').slice(0, 16)}`;
  }

  async sign(message: Uint8Array): Promise<Signature> {
    return {
      keyId: this.#keyId,
      algorithm: 'ECDSA_SHA_256',
      signature: sign('sha256', message, this.#privateKey).toString('base64'),
    };
  }

  async verify(message: Uint8Array, signature: Signature): Promise<boolean> {
    return signature.keyId === this.#keyId && verifyWith(this.#publicKey, message, signature);
  }
}

/** The cloud's signer: KMS Sign on an ECC_NIST_P256 key; verification with its public key, fetched once. */
export class KmsCertificateSigner implements CertificateSigner {
  readonly #kms: KMSClient;
  readonly #keyId: string;
  #publicKey: Promise<{ key: KeyObject; keyArn: string }> | undefined;

  constructor(options: { keyId: string; client?: KMSClient }) {
    this.#kms = options.client ?? new KMSClient({ maxAttempts: 5 });
    this.#keyId = options.keyId;
  }

  async sign(message: Uint8Array): Promise<Signature> {
    const result = await this.#kms.send(
      new SignCommand({
        KeyId: this.#keyId,
        Message: message,
        MessageType: 'RAW',
        SigningAlgorithm: 'ECDSA_SHA_256',
      }),
    );
    if (!result.Signature || !result.KeyId) throw new Error('KMS Sign returned no signature');
    return {
      keyId: result.KeyId,
      algorithm: 'ECDSA_SHA_256',
      signature: Buffer.from(result.Signature).toString('base64'),
    };
  }

  async verify(message: Uint8Array, signature: Signature): Promise<boolean> {
    const { key, keyArn } = await (this.#publicKey ??= this.#fetchPublicKey());
    return signature.keyId === keyArn && verifyWith(key, message, signature);
  }

  async #fetchPublicKey(): Promise<{ key: KeyObject; keyArn: string }> {
    try {
      const result = await this.#kms.send(new GetPublicKeyCommand({ KeyId: this.#keyId }));
      if (!result.PublicKey || !result.KeyId) throw new Error('KMS GetPublicKey returned no key');
      return {
        key: createPublicKey({ key: Buffer.from(result.PublicKey), format: 'der', type: 'spki' }),
        keyArn: result.KeyId,
      };
    } catch (error) {
      this.#publicKey = undefined; // fetch again next time
      throw error;
    }
  }
}
