// POST /applications/{applicationId}/steps/{stepId}/decision: a department officer approves, rejects or asks
// for supplements on its department's review of one permit (并联审批); the waiting workflow is told.
import type { RuntimeSource } from '#shared/runtime/index';
import { decisionHandler } from '#services/application/decision-handler';
import type { HttpHandler } from '#shared/http/handler';
import { decideStep } from '../core/decide-step.ts';
import { decideStepRoute as route } from '../routes.ts';

export { route };

export function createHandler(runtime?: RuntimeSource): HttpHandler {
  return decisionHandler({
    route,
    name: 'decideStep',
    runtime,
    decide: (deps, { principal, params, body }) => decideStep(deps, { principal, ...params, body }),
  });
}

export const handler = createHandler();
