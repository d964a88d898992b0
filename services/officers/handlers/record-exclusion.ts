// POST /applications/{applicationId}/steps/{stepId}/exclusions: record Art. 45 excluded time on a step.
import type { RuntimeSource } from '#shared/runtime/index';
import { routeHandler } from '#shared/handlers/route-handler';
import type { HttpHandler } from '#shared/http/handler';
import { toStepView } from '#shared/model';
import { toApplicationView } from '#services/application/core/views';
import { recordExclusion } from '../core/record-exclusion.ts';
import { recordExclusionRoute as route } from '../routes.ts';

export { route };

export function createHandler(runtime?: RuntimeSource): HttpHandler {
  return routeHandler(route, runtime, {
    name: 'recordExclusion',
    handle: async ({ deps, principal, params, body }) => {
      const { application, step } = await recordExclusion(deps, { principal, ...params, body });
      return { body: { application: toApplicationView(application), step: toStepView(step) } };
    },
  });
}

export const handler = createHandler();
