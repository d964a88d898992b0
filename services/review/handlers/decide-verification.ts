// POST /applications/{applicationId}/verification-decision: a department officer records whether the
// enterprise kept its commitment (承诺核查); a failure revokes the permits issued on it.
import type { RuntimeSource } from '#shared/runtime/index';
import { decisionHandler } from '#services/application/decision-handler';
import type { HttpHandler } from '#shared/http/handler';
import { decideVerification } from '../core/decide-verification.ts';
import { decideVerificationRoute as route } from '../routes.ts';

export { route };

export function createHandler(runtime?: RuntimeSource): HttpHandler {
  return decisionHandler({
    route,
    name: 'decideVerification',
    runtime,
    decide: (deps, { principal, params, body }) =>
      decideVerification(deps, { principal, applicationId: params.applicationId, body }),
  });
}

export const handler = createHandler();
