// Origin verification (#16): the API answers only requests that came through its CloudFront distribution, so
// WAF's per-IP rate rules and managed rule groups cannot be walked around by calling the execute-api endpoint.
// CloudFront adds a header whose value is a generated Secrets Manager secret; every handler refuses a request
// without the right value with 403, before authentication, validation or any read. Public routes included.
//
// Where the expected value comes from (one of, checked in this order):
// - cloud: ORIGIN_VERIFY_SECRET_ARN, the secret's ARN (set by the stack on every API function). The current
//   and the previous version are both accepted, so rotating the secret and then redeploying (which resolves
//   the new value into CloudFront) never refuses a request in between; values are re-read every 5 minutes.
// - embedded runtime: ORIGIN_VERIFY_SECRET_FILE, a file in its data folder; the local HTTP server plays the
//   edge and adds the header (infra/local/http-api.ts).
// - neither (unit tests calling a handler with a hand-made event): no check. The stack cannot forget the
//   variable: test/infra/hardening.test.ts asserts it on every API function.
import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Forbidden } from '#shared/errors';
import { readSecretString } from '#shared/secrets/secret-string';

export const originVerification = {
  /** The header CloudFront sends to the API origin (lower case, as API Gateway passes names). */
  header: 'x-origin-verify',
  secretArn: 'ORIGIN_VERIFY_SECRET_ARN',
  file: 'ORIGIN_VERIFY_SECRET_FILE',
} as const;

/** How long a container trusts the values it read before reading them again (rotation takes effect). */
const maxAgeMs = 5 * 60 * 1000;

let cached: { source: string; values: readonly string[]; readAt: number } | undefined;
let loading: Promise<readonly string[]> | undefined;

/** The header values a request may carry, or undefined when no source is configured (no check). */
export async function acceptedOriginValues(): Promise<readonly string[] | undefined> {
  const secretArn = process.env[originVerification.secretArn];
  const file = process.env[originVerification.file];
  const source = secretArn ? `arn:${secretArn}` : file ? `file:${file}` : undefined;
  if (source === undefined) return undefined;
  if (cached?.source === source && Date.now() - cached.readAt < maxAgeMs) return cached.values;
  loading ??= (secretArn ? readFromSecret(secretArn) : Promise.resolve([readFileSync(file!, 'utf8').trim()]))
    .then((values) => {
      cached = { source, values, readAt: Date.now() };
      return values;
    })
    .finally(() => {
      loading = undefined;
    });
  return loading;
}

/** Throws Forbidden unless the request carries an accepted origin value (or no check is configured). */
export async function verifyOrigin(headers: Readonly<Record<string, string | undefined>> | undefined) {
  const accepted = await acceptedOriginValues();
  if (accepted === undefined) return;
  const sent = headers?.[originVerification.header];
  if (sent !== undefined && accepted.some((value) => sameSecret(sent, value))) return;
  throw new Forbidden('This API is reached through its CloudFront distribution only');
}

async function readFromSecret(secretArn: string): Promise<readonly string[]> {
  const [current, previous] = await Promise.all([
    readSecretString(secretArn),
    readSecretString(secretArn, 'AWSPREVIOUS'),
  ]);
  if (current === undefined) throw new Error('The origin verification secret has no value');
  return previous === undefined ? [current] : [current, previous];
}

/** Constant-time comparison of two strings of any length (hashes first, so lengths do not leak). */
function sameSecret(a: string, b: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return b.length > 0 && timingSafeEqual(digest(a), digest(b));
}
