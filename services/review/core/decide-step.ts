// 并联审批: a department officer decides its department's review of one permit: approve, request supplements
// (补正: the complete list at once, 一次性告知; the clock stops until the enterprise answers) or reject
// (不予许可, with a reason; the application is refused). Recorded and delivered to the workflow by the workflow
// core's decideHumanStep.
// Art. 45 excluded time on an open review is recorded by services/officers (record-exclusion).
import * as z from 'zod';
import { stepActor } from '#shared/access/index';
import type { Principal } from '#shared/auth/principal';
import { NotFound } from '#shared/errors';
import { decisionSchema, type DecisionOutcome } from '#shared/model';
import {
  decideHumanStep,
  type DecideHumanStepResult,
  type DecisionDeps,
} from '#services/workflow/core/decide-human-step';
import {
  checkedUpdate,
  expectedVersionDescription,
  checkSupplementList,
  supplementList,
  supplementListFields,
} from '#services/application/core/decisions';
import { loadVisibleApplication } from '#services/application/core/get-application';

const reviewOutcomes = {
  approve: 'approved',
  'request-supplement': 'supplement-requested',
  reject: 'refused', // 不予许可
} as const satisfies Record<string, DecisionOutcome>;

export const stepDecisionBodySchema = z
  .strictObject({
    outcome: z.enum(['approve', 'request-supplement', 'reject']),
    // 一次性告知: everything missing in one request (one of the two required with request-supplement).
    ...supplementListFields,
    reason: decisionSchema.shape.reason.describe('Required with reject'),
    expectedVersion: z.number().int().min(1).optional().describe(expectedVersionDescription),
  })
  .superRefine((body, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    checkSupplementList(body, 'request-supplement', issue);
    if (body.outcome === 'reject' && body.reason === undefined)
      issue('reason', 'a rejection states its reason');
  });
export type StepDecisionBody = z.infer<typeof stepDecisionBodySchema>;

/**
 * @throws NotFound the caller may not see the application, or it has no such step
 * @throws Forbidden the step belongs to another department, or the caller is no department officer
 * @throws Conflict `STEP_NOT_OPEN`, `UNEXPECTED_STEP_KIND` (not a review step), `STALE_VERSION`
 * @throws Gone the step expired before the decision arrived
 */
export async function decideStep(
  deps: DecisionDeps,
  request: { principal: Principal; applicationId: string; stepId: string; body: StepDecisionBody },
): Promise<DecideHumanStepResult> {
  const { principal, body } = request;
  const { application, steps } = await loadVisibleApplication(deps, principal, request.applicationId);
  const step = steps.find((candidate) => candidate.stepId === request.stepId);
  if (!step) throw new NotFound(`Step ${request.stepId} not found`);
  const acting = stepActor(principal, step, application, steps);

  return decideHumanStep(deps, {
    applicationId: application.applicationId,
    loaded: { application, steps },
    stepId: step.stepId,
    expectedKinds: ['review'],
    actor: acting.actor,
    ...(acting.lead ? { authority: { lead: true } } : {}),
    decision: {
      outcome: reviewOutcomes[body.outcome],
      ...(body.reason !== undefined ? { reason: body.reason } : {}),
      ...(await supplementList(deps, application, body)),
    },
    applicationUpdate: checkedUpdate(body.expectedVersion),
  });
}
