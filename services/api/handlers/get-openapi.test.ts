import { describe, expect, it } from 'vitest';
import { apiRoutes } from '#infra/routes';
import { apiEvent, invoke } from '#shared/http/testing';
import { authenticatedRoutes, publicRoutes } from '../routes.ts';
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

  it('documents every authenticated route of the route table, with the same method and path', () => {
    const declared = [...authenticatedRoutes, ...publicRoutes, route]
      .map((r) => `${r.method} ${r.path}`)
      .sort();
    const table = apiRoutes.map((r) => `${r.method} ${r.path}`).sort();
    expect(declared).toEqual(table);
    expect(
      apiRoutes
        .filter((r) => r.public)
        .map((r) => r.path)
        .sort(),
    ).toEqual([...publicRoutes, route].map((r) => r.path).sort());
  });
});
