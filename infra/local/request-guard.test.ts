import { describe, expect, it } from 'vitest';
import { refuseForeignRequest } from './request-guard.ts';

describe('refuseForeignRequest', () => {
  it.each(['localhost', 'localhost:3000', '127.0.0.1:3000', '[::1]:3000', 'LOCALHOST'])(
    'serves the loopback host %s',
    (host) => {
      expect(
        refuseForeignRequest({ method: 'GET', path: '/local/tokens', headers: { host } }),
      ).toBeUndefined();
    },
  );

  it.each([
    undefined,
    '',
    'rebind.example',
    'rebind.example:3000',
    '127.0.0.1.nip.io',
    '0.0.0.0',
    'localhost@x',
  ])('refuses the host %s with 421', (host) => {
    expect(refuseForeignRequest({ method: 'GET', path: '/local/tokens', headers: { host } })?.status).toBe(
      421,
    );
  });

  it.each([undefined, 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'])(
    'refuses a local route that changes something sent as %s with 415',
    (type) => {
      const headers = { host: 'localhost', ...(type !== undefined ? { 'content-type': type } : {}) };
      expect(refuseForeignRequest({ method: 'POST', path: '/local/clock', headers })?.status).toBe(415);
    },
  );

  it('takes JSON on local routes, and leaves API routes to their handlers', () => {
    const json = { host: 'localhost', 'content-type': 'application/json; charset=utf-8' };
    expect(refuseForeignRequest({ method: 'POST', path: '/local/clock', headers: json })).toBeUndefined();
    expect(
      refuseForeignRequest({ method: 'POST', path: '/applications', headers: { host: 'localhost' } }),
    ).toBeUndefined();
  });
});
