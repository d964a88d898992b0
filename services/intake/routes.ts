// The HTTP contract of the intake routes: documentation and zod schemas, joined to each route's one declaration in
// infra/routes.ts (method, path, role rule, idempotency). Handlers take their route from here, and the OpenAPI
// document is built from here, without importing any handler.
import { declaredRoute } from '#infra/routes';
import * as z from 'zod';
import { applicationIdSchema, enterpriseIdSchema } from '#shared/model';
import { defineRoute } from '#shared/http/openapi';
import { intakeDecisionBodySchema } from './core/decide-intake.ts';
import {
  pageQueryShape,
  decisionResultSchema,
  applicationDetailSchema,
  applicationPageSchema,
  applicationViewSchema,
} from '#services/application/core/views';
import { supplementBodySchema } from './core/resubmit-supplement.ts';
import { signCommitmentBodySchema } from './core/sign-commitment.ts';
import { submitApplicationBodySchema } from './core/submit-application.ts';

export const decideIntakeRoute = defineRoute({
  ...declaredRoute('decide-intake'),
  summary: 'Decide the intake (一窗受理)',
  description:
    'accept (受理: the regular-track clock starts), accept-with-gaps (容缺受理: `gaps`, each with its due ' +
    'date), request-supplement (补正: `missingItems`, the complete list at once) or refuse (`reason`). ' +
    '409 STEP_NOT_OPEN when no intake step is open (not yet, or decided already); 410 when it expired. ' +
    '422 GAP_NOT_TOLERABLE when a gap is not a document the permits require, may not be tolerated under the ' +
    'permit catalogue, or was submitted (the issue names the gap).',
  tags: ['intake'],
  params: z.strictObject({ applicationId: applicationIdSchema }),
  body: intakeDecisionBodySchema,
  response: decisionResultSchema,
  errors: [404, 409, 410, 422],
});

export const getApplicationRoute = defineRoute({
  ...declaredRoute('get-application'),
  summary: 'Read an application with its steps, timeline and deadlines',
  description:
    'Deadlines are read now from the step budgets, their pauses and the working-day calendar. An ' +
    'application the caller may not see answers 404, like an unknown one.',
  tags: ['intake'],
  params: z.strictObject({ applicationId: applicationIdSchema }),
  response: applicationDetailSchema,
  errors: [404],
});

export const listApplicationsRoute = defineRoute({
  ...declaredRoute('list-applications'),
  summary: 'List applications',
  description:
    'Enterprises get their own; agency officers those of each enterprise they represent, one enterprise ' +
    'after another. Window clerks, administrators and department officers name the enterprise in ' +
    '`enterpriseId` (there is no platform-wide listing: it would need a table scan); department officers ' +
    'get only applications with a step of their department, so a page may hold fewer than `limit` items, ' +
    'and find their work through /inbox. An enterprise the caller may not list answers 404.',
  tags: ['intake'],
  query: z.strictObject({
    enterpriseId: enterpriseIdSchema
      .optional()
      .describe('Whose applications; optional for the enterprise side'),
    ...pageQueryShape,
  }),
  response: applicationPageSchema,
  errors: [404],
});

export const resubmitSupplementRoute = defineRoute({
  ...declaredRoute('resubmit-supplement'),
  summary: 'Answer a supplement request (补正), close tolerated gaps (容缺)',
  description:
    'Answers the open supplement request (name `stepId` when several are open) with `documents` (same ' +
    'documentId replaces); the clock resumes. `closesGaps` closes tolerated gaps, each with a document of ' +
    'its kind, also when no supplement request is open. 409 STEP_NOT_OPEN when there is nothing to answer.',
  tags: ['intake'],
  params: z.strictObject({ applicationId: applicationIdSchema }),
  body: supplementBodySchema,
  response: decisionResultSchema,
  errors: [404, 409, 410],
});

export const signCommitmentRoute = defineRoute({
  ...declaredRoute('sign-commitment'),
  summary: 'Sign the standard-land commitment (承诺书)',
  description:
    'Standard-land track only, until the intake is decided; signing again replaces the indicators. ' +
    '409 NOT_STANDARD_LAND, INTAKE_DECIDED or STALE_VERSION (with `expectedVersion`). 422 ' +
    'COMMITMENT_BELOW_CONTROL when a figure is below a control value of the registered parcel (above, for a ' +
    'maximum such as energy use), the indicator named in the issue; PARCEL_NOT_REGISTERED.',
  tags: ['intake'],
  params: z.strictObject({ applicationId: applicationIdSchema }),
  body: signCommitmentBodySchema,
  response: applicationViewSchema,
  errors: [404, 409, 422],
});

export const submitApplicationRoute = defineRoute({
  ...declaredRoute('submit-application'),
  summary: 'File an application',
  description:
    'Writes the application (status submitted) and starts its approval workflow. Agency officers name the ' +
    "enterprise they act for in `enterpriseId`; a project's approval secretary (审批秘书) files for that " +
    "project's enterprise when it names the project in `projectId`. Send an `Idempotency-Key` header to make retries safe: a " +
    'replay answers with the first response (header `idempotent-replayed: true`), and the same key with a ' +
    'different body answers 409. The key also names the application, so a retry after a failed attempt ' +
    'finishes that attempt instead of filing a second application. 422 PERMIT_NOT_IN_CATALOGUE for a permit ' +
    "the service centre's catalogue does not list; 400 for a land acquisition date in the future or before the " +
    'working-day calendar has data.',
  tags: ['intake'],
  body: submitApplicationBodySchema,
  response: applicationViewSchema,
  status: 201,
  errors: [409, 422],
});
