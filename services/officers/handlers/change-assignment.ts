// POST /applications/{applicationId}/steps/{stepId}/assignment: claim, release, assign or reassign a step.
import type { RuntimeSource } from '#shared/runtime/index';
import { routeHandler } from '#shared/handlers/route-handler';
import type { HttpHandler } from '#shared/http/handler';
import { toStepView } from '#shared/model';
import { toApplicationView } from '#services/application/core/views';
import { changeAssignment } from '../core/change-assignment.ts';
import { changeAssignmentRoute as route } from '../routes.ts';

export { route };

export function createHandler(runtime?: RuntimeSource): HttpHandler {
  return routeHandler(route, runtime, {
    name: 'changeAssignment',
    handle: async ({ deps, principal, params, body }) => {
      const { application, step } = await changeAssignment(deps, { principal, ...params, body });
      return { body: { application: toApplicationView(application), step: toStepView(step) } };
    },
  });
}

export const handler = createHandler();
