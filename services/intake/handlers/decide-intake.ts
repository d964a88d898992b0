// POST /applications/{applicationId}/intake-decision: the window clerk accepts, accepts with tolerated gaps,
// requests supplements or refuses the application (一窗受理); the waiting workflow is told.
import type { RuntimeSource } from '#shared/runtime/index';
import { decisionHandler } from '#services/application/decision-handler';
import type { HttpHandler } from '#shared/http/handler';
import { decideIntake } from '../core/decide-intake.ts';
import { decideIntakeRoute as route } from '../routes.ts';

export { route };

export function createHandler(runtime?: RuntimeSource): HttpHandler {
  return decisionHandler({
    route,
    name: 'decideIntake',
    runtime,
    decide: (deps, { principal, params, body }) =>
      decideIntake(deps, { principal, applicationId: params.applicationId, body }),
  });
}

export const handler = createHandler();
