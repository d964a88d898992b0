// GET /verify/{certificateNo}: the public check behind a certificate's QR code (no login). Answers valid,
// revoked or unknown with the certificate's fingerprint, after checking the platform's signature.
import { z } from 'zod';
import { httpHandler, type HttpHandler } from '#shared/http/handler';
import { defineRoute } from '#shared/http/openapi';
import { verifyCertificate } from '../core/certificates.ts';
import { verificationSchema } from '../core/model.ts';
import { lazyDocumentsDeps, type DocumentsDepsSource } from './deps.ts';

export const route = defineRoute({
  method: 'GET',
  path: '/verify/{certificateNo}',
  summary: 'Verify a certificate (电子证照核验), no login',
  description:
    '`valid`, `revoked` (from the moment a commitment verification failed) or `unknown` (never issued, or its ' +
    'signature does not check out). Nothing about the application beyond the permit is disclosed.',
  tags: ['documents'],
  roles: 'public',
  // Any text up to 64 characters: a mistyped number is `unknown`, not an error, as on a paper register.
  params: z.strictObject({ certificateNo: z.string().min(1).max(64) }),
  response: verificationSchema,
});

export function createHandler(deps?: DocumentsDepsSource): HttpHandler {
  const getDeps = lazyDocumentsDeps(deps);
  return httpHandler({
    ...route,
    name: 'verifyCertificate',
    handle: async ({ params }) => ({
      body: await verifyCertificate(getDeps(), params.certificateNo),
      headers: { 'cache-control': 'no-store' },
    }),
  });
}

export const handler = createHandler();
