// POST /applications/{applicationId}/supplement: the enterprise, or its agency officer, answers a supplement
// request (补正) with updated documents, and closes tolerated gaps (容缺) by supplying their documents.
import { z } from 'zod';
import type { DepsSource } from '#services/api/deps';
import { decisionHandler } from '#services/api/decision-handler';
import { applicationIdSchema } from '#shared/model';
import type { HttpHandler } from '#shared/http/handler';
import { defineRoute } from '#shared/http/openapi';
import { resubmitSupplement, supplementBodySchema } from '../core/resubmit-supplement.ts';
import { decisionResultSchema } from '../core/views.ts';

export const route = defineRoute({
  method: 'POST',
  path: '/applications/{applicationId}/supplement',
  summary: 'Answer a supplement request (补正), close tolerated gaps (容缺)',
  description:
    'Answers the open supplement request (name `stepId` when several are open) with `documents` (same ' +
    'documentId replaces); the clock resumes. `closesGaps` closes tolerated gaps, each with a document of ' +
    'its kind, also when no supplement request is open. 409 STEP_NOT_OPEN when there is nothing to answer.',
  tags: ['intake'],
  roles: ['enterprise', 'agency-officer'],
  params: z.strictObject({ applicationId: applicationIdSchema }),
  body: supplementBodySchema,
  response: decisionResultSchema,
  errors: [404, 409, 410],
  idempotent: true,
});

export function createHandler(deps?: DepsSource): HttpHandler {
  return decisionHandler({
    route,
    name: 'resubmitSupplement',
    deps,
    decide: (deps, { principal, params, body }) =>
      resubmitSupplement(deps, { principal, applicationId: params.applicationId, body }),
  });
}

export const handler = createHandler();
