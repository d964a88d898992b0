// The HTTP contract of the review routes: documentation and zod schemas, joined to each route's one declaration in
// infra/routes.ts (method, path, role rule, idempotency). Handlers take their route from here, and the OpenAPI
// document is built from here, without importing any handler.
import { declaredRoute } from '#infra/routes';
import * as z from 'zod';
import {
  decisionResultSchema,
  pageQueryShape,
  pageSchema,
  stepViewResponseSchema,
} from '#services/application/core/views';
import { applicationIdSchema, stepIdSchema, departmentIdSchema, userIdSchema } from '#shared/model';
import { defineRoute } from '#shared/http/openapi';
import { stepDecisionBodySchema } from './core/decide-step.ts';
import { verificationDecisionBodySchema } from './core/decide-verification.ts';
import { inboxViewSchema } from './core/list-inbox.ts';
import { permitsViewSchema } from './core/get-permits.ts';

export const decideStepRoute = defineRoute({
  ...declaredRoute('decide-step'),
  summary: 'Decide a review step (并联审批)',
  description:
    'approve, request-supplement (补正: `missingItems`, the complete list at once; the clock stops until ' +
    'the enterprise answers) or reject (不予许可: `reason`). Only the department that owns the step. ' +
    '409 STEP_NOT_OPEN when decided already, UNEXPECTED_STEP_KIND for a step that is no review; 410 when ' +
    'it expired.',
  tags: ['review'],
  params: z.strictObject({ applicationId: applicationIdSchema, stepId: stepIdSchema }),
  body: stepDecisionBodySchema,
  response: decisionResultSchema,
  errors: [404, 409, 410],
});

export const decideVerificationRoute = defineRoute({
  ...declaredRoute('decide-verification'),
  summary: 'Record the commitment verification (承诺核查)',
  description:
    'passed, or failed with a `reason` (the workflow then revokes the permits issued on the commitment). ' +
    'Only the verifying department. 409 STEP_NOT_OPEN when no verification is open (not due yet, or ' +
    'decided already); 410 when it expired.',
  tags: ['review'],
  params: z.strictObject({ applicationId: applicationIdSchema }),
  body: verificationDecisionBodySchema,
  response: decisionResultSchema,
  errors: [404, 409, 410, 422],
});

export const getPermitsRoute = defineRoute({
  ...declaredRoute('get-permits'),
  summary: 'The permits issued for an application',
  description:
    'Certificate numbers, the basis of each (review, or commitment: 告知承诺) and whether it was revoked. ' +
    '404 until the permits are issued, and for an application the caller may not see.',
  tags: ['review'],
  params: z.strictObject({ applicationId: applicationIdSchema }),
  response: permitsViewSchema,
  errors: [404],
});

export const listInboxRoute = defineRoute({
  ...declaredRoute('list-inbox'),
  summary: 'Open steps of a department, earliest due first: all, mine or unassigned',
  description:
    "Window clerks read the window's inbox, department officers their department's; administrators name " +
    'any `department`. Steps waiting on the enterprise (补正) stay in the inbox of the department that ' +
    'asked; steps without a due instant come last. Another department answers 403.',
  tags: ['review'],
  query: z.strictObject({
    department: departmentIdSchema.optional().describe("Whose inbox; defaults to the caller's own"),
    view: inboxViewSchema
      .optional()
      .describe(
        '`department` (default): every open step of the department; `mine`: those the caller holds ' +
          '(指派/认领); `unassigned`: those no officer holds yet',
      ),
    for: userIdSchema
      .optional()
      .describe(
        'With `view=mine`: the officer whose steps to read — one the caller stands in for during its absence ' +
          '(代理), or any officer of the department for a lead; 403 otherwise',
      ),
    ...pageQueryShape,
  }),
  response: pageSchema(stepViewResponseSchema),
});
