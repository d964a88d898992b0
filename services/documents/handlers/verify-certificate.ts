// GET /verify/{certificateNo}: the public check behind a certificate's QR code (no login). Answers valid,
// revoked or unknown with the certificate's fingerprint, after checking the platform's signature.
import { httpHandler, type HttpHandler } from '#shared/http/handler';
import { verifyCertificateRoute as route } from '../routes.ts';
import { verifyCertificate } from '../core/certificates.ts';
import { lazyDocumentsDeps, type DocumentsDepsSource } from './deps.ts';

export { route };

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
