// POST /applications/{applicationId}/verification-decision: a department officer records whether the
// enterprise kept its commitment (承诺核查); a failure revokes the permits issued on it.
import { z } from 'zod';
import type { DepsSource } from '#services/api/deps';
import { decisionHandler } from '#services/api/decision-handler';
import { decisionResultSchema } from '#services/intake/core/views';
import { applicationIdSchema } from '#shared/model';
import type { HttpHandler } from '#shared/http/handler';
import { defineRoute } from '#shared/http/openapi';
import { decideVerification, verificationDecisionBodySchema } from '../core/decide-verification.ts';

export const route = defineRoute({
  method: 'POST',
  path: '/applications/{applicationId}/verification-decision',
  summary: 'Record the commitment verification (承诺核查)',
  description:
    'passed, or failed with a `reason` (the workflow then revokes the permits issued on the commitment). ' +
    'Only the verifying department. 409 STEP_NOT_OPEN when no verification is open (not due yet, or ' +
    'decided already); 410 when it expired.',
  tags: ['review'],
  roles: ['department-officer'],
  params: z.strictObject({ applicationId: applicationIdSchema }),
  body: verificationDecisionBodySchema,
  response: decisionResultSchema,
  errors: [404, 409, 410],
  idempotent: true,
});

export function createHandler(deps?: DepsSource): HttpHandler {
  return decisionHandler({
    route,
    name: 'decideVerification',
    deps,
    decide: (deps, { principal, params, body }) =>
      decideVerification(deps, { principal, applicationId: params.applicationId, body }),
  });
}

export const handler = createHandler();
