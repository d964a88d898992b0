// 承诺核查: after permits were issued on the enterprise's commitment (告知承诺), a department officer checks
// that the commitment was kept. Passed: the application is verified. Failed (with a reason): the workflow
// revokes the permits issued on the commitment. Recorded and delivered by the workflow core's decideHumanStep.
import { z } from 'zod';
import { stepActor } from '#shared/access/index';
import type { Principal } from '#shared/auth/principal';
import { decisionSchema } from '#shared/model';
import {
  decideHumanStep,
  type DecideHumanStepResult,
  type DecisionDeps,
} from '#services/workflow/core/decide-human-step';
import {
  checkedUpdate,
  expectedVersionDescription,
  stepToDecide,
} from '#services/application/core/decisions';
import { loadVisibleApplication } from '#services/application/core/get-application';

export const verificationDecisionBodySchema = z
  .strictObject({
    outcome: z.enum(['passed', 'failed']),
    reason: decisionSchema.shape.reason.describe('Required when the verification failed'),
    expectedVersion: z.number().int().min(1).optional().describe(expectedVersionDescription),
  })
  .superRefine((body, ctx) => {
    if (body.outcome === 'failed' && body.reason === undefined) {
      ctx.addIssue({ code: 'custom', path: ['reason'], message: 'a failed verification states its reason' });
    }
  });
export type VerificationDecisionBody = z.infer<typeof verificationDecisionBodySchema>;

/**
 * Decides the application's open verification step.
 * @throws NotFound the caller may not see the application
 * @throws Forbidden the verification belongs to another department
 * @throws Conflict `STEP_NOT_OPEN` (no verification open: not due yet, or decided already), `STALE_VERSION`
 * @throws Gone the step expired before the decision arrived
 */
export async function decideVerification(
  deps: DecisionDeps,
  request: { principal: Principal; applicationId: string; body: VerificationDecisionBody },
): Promise<DecideHumanStepResult> {
  const { principal, body } = request;
  const { application, steps } = await loadVisibleApplication(deps, principal, request.applicationId);
  const step = stepToDecide(steps, ['verification'], 'verification');
  const acting = stepActor(principal, step, application, steps);

  return decideHumanStep(deps, {
    applicationId: application.applicationId,
    loaded: { application, steps },
    stepId: step.stepId,
    expectedKinds: ['verification'],
    actor: acting.actor,
    decision: {
      outcome: body.outcome === 'passed' ? 'verified' : 'verification-failed',
      ...(body.reason !== undefined ? { reason: body.reason } : {}),
    },
    applicationUpdate: checkedUpdate(body.expectedVersion),
    eventType: 'verification-decided',
  });
}
