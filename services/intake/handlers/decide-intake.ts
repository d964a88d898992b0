// POST /applications/{applicationId}/intake-decision: the window clerk accepts, accepts with tolerated gaps,
// requests supplements or refuses the application (一窗受理); the waiting workflow is told.
import { z } from 'zod';
import type { DepsSource } from '#services/api/deps';
import { decisionHandler } from '#services/api/decision-handler';
import { applicationIdSchema } from '#shared/model';
import type { HttpHandler } from '#shared/http/handler';
import { defineRoute } from '#shared/http/openapi';
import { decideIntake, intakeDecisionBodySchema } from '../core/decide-intake.ts';
import { decisionResultSchema } from '../core/views.ts';

export const route = defineRoute({
  method: 'POST',
  path: '/applications/{applicationId}/intake-decision',
  summary: 'Decide the intake (一窗受理)',
  description:
    'accept (受理: the regular-track clock starts), accept-with-gaps (容缺受理: `gaps`, each with its due ' +
    'date), request-supplement (补正: `missingItems`, the complete list at once) or refuse (`reason`). ' +
    '409 STEP_NOT_OPEN when no intake step is open (not yet, or decided already); 410 when it expired.',
  tags: ['intake'],
  roles: ['window-clerk'],
  params: z.strictObject({ applicationId: applicationIdSchema }),
  body: intakeDecisionBodySchema,
  response: decisionResultSchema,
  errors: [404, 409, 410],
  idempotent: true,
});

export function createHandler(deps?: DepsSource): HttpHandler {
  return decisionHandler({
    route,
    name: 'decideIntake',
    deps,
    decide: (deps, { principal, params, body }) =>
      decideIntake(deps, { principal, applicationId: params.applicationId, body }),
  });
}

export const handler = createHandler();
