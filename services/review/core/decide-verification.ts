// 承诺核查: after permits were issued on the enterprise's commitment (告知承诺), a department officer checks
// that the commitment was kept. Passed: the application is verified. Failed (with a reason): the workflow
// revokes the permits issued on the commitment. Recorded and delivered by the workflow core's decideHumanStep.
import * as z from 'zod';
import { stepActor } from '#shared/access/index';
import type { Principal } from '#shared/auth/principal';
import { decisionSchema, indicatorsSchema, type Application, type IndicatorResult } from '#shared/model';
import { RuleViolation, ValidationError } from '#shared/errors';
import { verifyIndicators } from '#shared/parcels/parcel';
import type { ParcelRegister } from '#shared/parcels/store';
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
    achieved: indicatorsSchema
      .optional()
      .describe(
        'The achieved figure of every committed indicator: each is compared with the commitment and its result ' +
          'recorded; `passed` with an indicator not met is refused (422 INDICATOR_NOT_MET)',
      ),
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
 * @throws ValidationError `achieved` missing a committed indicator, or naming one not committed to
 * @throws RuleViolation (422) `INDICATOR_NOT_MET`: passed although an achieved figure misses its commitment
 */
export async function decideVerification(
  deps: DecisionDeps & { parcels?: Pick<ParcelRegister, 'get'> },
  request: { principal: Principal; applicationId: string; body: VerificationDecisionBody },
): Promise<DecideHumanStepResult> {
  const { principal, body } = request;
  const { application, steps } = await loadVisibleApplication(deps, principal, request.applicationId);
  const step = stepToDecide(steps, ['verification'], 'verification');
  const acting = stepActor(principal, step, application, steps);
  const results = body.achieved ? await indicatorResults(deps, application, body) : undefined;

  return decideHumanStep(deps, {
    applicationId: application.applicationId,
    loaded: { application, steps },
    stepId: step.stepId,
    expectedKinds: ['verification'],
    actor: acting.actor,
    ...(acting.lead ? { authority: { lead: true } } : {}),
    decision: {
      outcome: body.outcome === 'passed' ? 'verified' : 'verification-failed',
      ...(body.reason !== undefined ? { reason: body.reason } : {}),
    },
    applicationUpdate: checkedUpdate(body.expectedVersion, (current) =>
      results ? { ...current, verificationResults: results } : current,
    ),
    eventType: 'verification-decided',
  });
}

/**
 * Achieved against committed, each indicator's result: at least the committed figure, or at most for the parcel's
 * maximums (energy use, emissions; read from the register, minimum when the parcel is not there).
 */
async function indicatorResults(
  deps: { parcels?: Pick<ParcelRegister, 'get'> },
  application: Application,
  body: VerificationDecisionBody,
): Promise<IndicatorResult[]> {
  const committed = application.commitment?.indicators ?? {};
  const parcel = await deps.parcels?.get(application.landParcel.parcelId);
  const bounds = Object.fromEntries(
    Object.entries(parcel?.indicators ?? {}).map(([indicator, rule]) => [indicator, rule.bound]),
  );
  const { results, issues } = verifyIndicators(committed, body.achieved ?? {}, bounds);
  if (issues.length > 0) throw new ValidationError('the request is invalid', issues);
  const missed = results.filter((result) => !result.met);
  if (body.outcome === 'passed' && missed.length > 0) {
    throw new RuleViolation(
      'a verification with an indicator not met cannot pass',
      missed.map((result) => ({
        path: `achieved.${result.indicator}`,
        message: `${result.indicator} achieved ${result.achieved} against ${result.committed} committed`,
      })),
      'INDICATOR_NOT_MET',
    );
  }
  return results;
}
