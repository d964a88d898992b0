import { describe, expect, it } from 'vitest';
import { apiRoutes } from '#infra/routes';
import { apiEvent, invoke } from '#test/support/http';
import { routeContracts } from '../document.ts';
import { createHandler, route } from './get-openapi.ts';

describe('getOpenApi', () => {
  it('serves the OpenAPI document without a token', async () => {
    const response = await invoke(createHandler(), apiEvent({ method: 'GET', path: '/openapi.json' }));

    expect(response.statusCode).toBe(200);
    expect(response.body.openapi).toBe('3.1.0');
    expect(Object.keys(response.body.paths)).toEqual(
      expect.arrayContaining(['/applications', '/applications/{applicationId}/intake-decision', '/inbox']),
    );
    expect(response.body.paths['/applications'].post['x-roles']).toEqual(['enterprise', 'agency-officer']);
    expect(response.body.paths['/openapi.json'].get.security).toEqual([]);
    expect(response.body.paths['/verify/{certificateNo}'].get.security).toEqual([]);
    expect(response.body.paths['/applications/{applicationId}/documents'].post['x-roles']).toEqual([
      'enterprise',
      'agency-officer',
    ]);
    expect(response.headers['cache-control']).toBe('public, max-age=300');
  });

  it('documents every route of the route table with the declaration it has there', () => {
    const documented = routeContracts().map(({ method, path, roles, idempotent }) => ({
      method,
      path,
      roles,
      idempotent,
    }));
    expect(documented).toEqual(
      apiRoutes.map(({ method, path, roles, idempotent }) => ({ method, path, roles, idempotent })),
    );
    expect(apiRoutes.filter((r) => r.public).map((r) => r.path)).toEqual([
      '/verify/{certificateNo}',
      // The public face (services/public).
      '/public/guides',
      '/public/guides/{permitType}',
      '/public/performance',
      '/public/notices',
      route.path,
    ]);
  });
});
