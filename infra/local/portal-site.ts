// Serves the portal on the API's origin, as CloudFront does in the cloud: `/` and `/index.html` (never cached,
// so a new release shows at once), `/assets/*` (content-hashed: cached for a year), with the security
// headers the distribution sends, strict CSP included, so local browser tests prove the portal runs under it.
// The site is built in memory from web/src at the first request, so `npm start` always serves the current
// source and nothing is written into the checkout. Every other path stays the API's (the portal routes by hash).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { buildPortal, type PortalBuild } from '../../web/build/build.ts';

/**
 * The portal's Content-Security-Policy; the CloudFront response headers policy must send the same. Uploads and
 * downloads go straight to the document store with presigned URLs, so its origin joins `connect-src`
 * (`contentSecurityPolicy`); with no store given this is the policy.
 */
export const portalContentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ');

/** The policy with more origins the portal may connect to (the document store's, for presigned PUT/GET). */
export function contentSecurityPolicy(connectTo: readonly string[]): string {
  if (connectTo.length === 0) return portalContentSecurityPolicy;
  return portalContentSecurityPolicy.replace(
    "connect-src 'self'",
    `connect-src 'self' ${connectTo.join(' ')}`,
  );
}

function securityHeadersFor(connectTo: readonly string[]): Record<string, string> {
  return {
    'content-security-policy': contentSecurityPolicy(connectTo),
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
  };
}

export interface PortalSite {
  /** Whether the request is the site's (GET or HEAD of `/`, `/index.html` or `/assets/...`). */
  handles(request: IncomingMessage): boolean;
  serve(request: IncomingMessage, response: ServerResponse): Promise<void>;
}

export function portalSite(
  options: {
    build?: () => Promise<PortalBuild>;
    log?: (message: string) => void;
    /** Origins the portal may also connect to, read per response (the document store starts later). */
    connectTo?: () => readonly string[];
  } = {},
): PortalSite {
  const build = options.build ?? buildPortal;
  let site: Promise<PortalBuild> | undefined;
  const pathOf = (request: IncomingMessage) => new URL(request.url ?? '/', 'http://localhost').pathname;
  return {
    handles(request) {
      const method = request.method ?? 'GET';
      if (method !== 'GET' && method !== 'HEAD') return false;
      const path = pathOf(request);
      return path === '/' || path === '/index.html' || path.startsWith('/assets/');
    },
    async serve(request, response) {
      let files: PortalBuild['files'];
      try {
        site ??= build();
        files = (await site).files;
      } catch (error) {
        site = undefined; // a fixed source builds at the next request
        options.log?.(`portal build failed: ${error instanceof Error ? error.message : String(error)}`);
        response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
        response.end('The portal failed to build; see the runtime log.');
        return;
      }
      const securityHeaders = securityHeadersFor(options.connectTo?.() ?? []);
      const path = pathOf(request);
      const file = files.get(path === '/' ? '/index.html' : path);
      if (!file) {
        response.writeHead(404, {
          'content-type': 'text/plain; charset=utf-8',
          'cache-control': 'no-store',
          ...securityHeaders,
        });
        response.end('Not Found');
        return;
      }
      response.writeHead(200, {
        'content-type': file.contentType,
        'content-length': String(file.body.byteLength),
        'cache-control': file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
        ...securityHeaders,
      });
      response.end(request.method === 'HEAD' ? undefined : file.body);
    },
  };
}
