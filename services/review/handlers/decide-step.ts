// POST /applications/{applicationId}/steps/{stepId}/decision: a department officer approves, rejects or asks
// for supplements on its department's review of one permit (并联审批); the waiting workflow is told.
import { z } from 'zod';
import type { DepsSource } from '#services/api/deps';
import { decisionHandler } from '#services/api/decision-handler';
import { decisionResultSchema } from '#services/intake/core/views';
import { applicationIdSchema, stepIdSchema } from '#shared/model';
import type { HttpHandler } from '#shared/http/handler';
import { defineRoute } from '#shared/http/openapi';
import { decideStep, stepDecisionBodySchema } from '../core/decide-step.ts';

export const route = defineRoute({
  method: 'POST',
  path: '/applications/{applicationId}/steps/{stepId}/decision',
  summary: 'Decide a review step (并联审批)',
  description:
    'approve, request-supplement (补正: `missingItems`, the complete list at once; the clock stops until ' +
    'the enterprise answers) or reject (不予许可: `reason`). Only the department that owns the step. ' +
    '409 STEP_NOT_OPEN when decided already, UNEXPECTED_STEP_KIND for a step that is no review; 410 when ' +
    'it expired.',
  tags: ['review'],
  roles: ['department-officer'],
  params: z.strictObject({ applicationId: applicationIdSchema, stepId: stepIdSchema }),
  body: stepDecisionBodySchema,
  response: decisionResultSchema,
  errors: [404, 409, 410],
  idempotent: true,
});

export function createHandler(deps?: DepsSource): HttpHandler {
  return decisionHandler({
    route,
    name: 'decideStep',
    deps,
    decide: (deps, { principal, params, body }) => decideStep(deps, { principal, ...params, body }),
  });
}

export const handler = createHandler();
