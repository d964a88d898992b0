import { describe, expect, it } from 'vitest';
import { apiRoutes } from '#infra/routes';

describe('apiRoutes entries', () => {
  it.each(apiRoutes.map((r) => [`${r.method} ${r.path}`, r] as const))(
    '%s: its entry exports handler, createHandler and the route declared in the table',
    async (_key, spec) => {
      const module = (await import(`../../${spec.entry}`)) as Record<string, unknown>;
      expect(typeof module.handler).toBe('function');
      expect(typeof module.createHandler).toBe('function');
      expect(module.route).toMatchObject({
        method: spec.method,
        path: spec.path,
        roles: spec.roles,
        idempotent: spec.idempotent,
      });
    },
  );
});
