// The runtime's portal site: which requests are the site's, content types, caching and security headers.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { portalContentSecurityPolicy, portalSite } from './portal-site.ts';

const text = (s: string) => new TextEncoder().encode(s);
let server: Server;
let url: string;
let builds = 0;

beforeAll(async () => {
  const site = portalSite({
    build: async () => {
      builds++;
      return {
        firstScreen: [],
        files: new Map([
          [
            '/index.html',
            { body: text('<!doctype html>'), contentType: 'text/html; charset=utf-8', immutable: false },
          ],
          [
            '/assets/app-ABC.js',
            { body: text('1'), contentType: 'text/javascript; charset=utf-8', immutable: true },
          ],
        ]),
      };
    },
  });
  server = createServer((request, response) => {
    if (site.handles(request)) return void site.serve(request, response);
    response.writeHead(418).end();
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((done) => server.close(() => done())));

describe('portalSite', () => {
  it('serves index.html at / uncached, with the strict CSP', async () => {
    // Act
    const response = await fetch(`${url}/`);

    // Assess
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('<!doctype html>');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(response.headers.get('content-security-policy')).toBe(portalContentSecurityPolicy);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('serves hashed assets cached for a year, and 404 for an unknown asset', async () => {
    const asset = await fetch(`${url}/assets/app-ABC.js`);
    expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await fetch(`${url}/assets/app-OLD.js`)).status).toBe(404);
  });

  it('leaves every other path and method to the API, and builds once', async () => {
    expect((await fetch(`${url}/applications`)).status).toBe(418);
    expect((await fetch(`${url}/`, { method: 'POST' })).status).toBe(418);
    expect((await fetch(`${url}/index.html`, { method: 'HEAD' })).status).toBe(200);
    expect(builds).toBe(1);
  });
});
