import { describe, expect, it } from 'vitest';
import { apiRoutes } from '#infra/routes';

describe('apiRoutes entries', () => {
  it.each(apiRoutes.map((r) => [`${r.method} ${r.path}`, r] as const))(
    '%s: its entry exports handler, createHandler and a route with the same method and path',
    async (_key, spec) => {
      const module = (await import(`../../${spec.entry}`)) as Record<string, unknown>;
      expect(typeof module.handler).toBe('function');
      expect(typeof module.createHandler).toBe('function');
      expect(module.route).toMatchObject({ method: spec.method, path: spec.path });
    },
  );
});
