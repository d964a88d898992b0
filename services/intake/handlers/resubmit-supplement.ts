// POST /applications/{applicationId}/supplement: the enterprise, or its agency officer, answers a supplement
// request (补正) with updated documents, and closes tolerated gaps (容缺) by supplying their documents.
import type { RuntimeSource } from '#shared/runtime/index';
import { decisionHandler } from '#services/application/decision-handler';
import type { HttpHandler } from '#shared/http/handler';
import { resubmitSupplement } from '../core/resubmit-supplement.ts';
import { resubmitSupplementRoute as route } from '../routes.ts';

export { route };

export function createHandler(runtime?: RuntimeSource): HttpHandler {
  return decisionHandler({
    route,
    name: 'resubmitSupplement',
    runtime,
    decide: (deps, { principal, params, body }) =>
      resubmitSupplement(deps, { principal, applicationId: params.applicationId, body }),
  });
}

export const handler = createHandler();
