// 一窗受理: the window clerk's decision on a filed application. Accept (受理: the regular track's clock
// starts), accept with tolerated gaps (容缺受理: each gap has its own due date and must be closed before
// issuance), request supplements (补正: the complete list at once, 一次性告知), or refuse (不予受理, with a
// reason). Recorded and delivered to the workflow by the workflow core's decideHumanStep.
//
// Not here: Art. 32 deemed acceptance (an intake undecided past 5 days counts as accepted from receipt) is
// the SLA sweeper's, which decides the open intake step as the system.
import * as z from 'zod';
import { stepActor } from '#shared/access/index';
import type { Principal } from '#shared/auth/principal';
import { RuleViolation, ValidationError, type FieldIssue } from '#shared/errors';
import { intolerableGaps } from './catalogue-rules.ts';
import {
  calendarDateSchema,
  decisionSchema,
  documentKindSchema,
  type DecisionOutcome,
  type ToleratedGap,
} from '#shared/model';
import {
  decideHumanStep,
  type DecideHumanStepResult,
  type DecisionDeps,
} from '#services/workflow/core/decide-human-step';
import {
  checkedUpdate,
  expectedVersionDescription,
  stepToDecide,
  checkSupplementList,
  supplementList,
  supplementListFields,
} from '#services/application/core/decisions';
import { loadVisibleApplication } from '#services/application/core/get-application';

const intakeOutcomes = {
  accept: 'accepted',
  'accept-with-gaps': 'accepted-with-gaps',
  'request-supplement': 'supplement-requested',
  refuse: 'refused',
} as const satisfies Record<string, DecisionOutcome>;

export const intakeDecisionBodySchema = z
  .strictObject({
    outcome: z.enum(['accept', 'accept-with-gaps', 'request-supplement', 'refuse']),
    gaps: z
      .array(z.strictObject({ documentKind: documentKindSchema, dueOn: calendarDateSchema }))
      .min(1)
      .max(100)
      .optional()
      .describe('容缺: the documents that may follow, each with its due date; only with accept-with-gaps'),
    // 一次性告知: everything missing in one request (one of the two required with request-supplement).
    ...supplementListFields,
    reason: decisionSchema.shape.reason.describe('Required with refuse'),
    expectedVersion: z.number().int().min(1).optional().describe(expectedVersionDescription),
  })
  .superRefine((body, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    checkSupplementList(body, 'request-supplement', issue);
    if (body.outcome === 'refuse' && body.reason === undefined)
      issue('reason', 'a refusal states its reason');
    if (body.outcome === 'accept-with-gaps' && body.gaps === undefined) {
      issue('gaps', 'accepting with gaps names each gap');
    }
    if (body.outcome !== 'accept-with-gaps' && body.gaps !== undefined) {
      issue('gaps', 'only accept-with-gaps tolerates gaps');
    }
    body.gaps?.forEach((gap, i) => {
      if (body.gaps!.findIndex((other) => other.documentKind === gap.documentKind) !== i) {
        ctx.addIssue({ code: 'custom', path: ['gaps', i, 'documentKind'], message: 'named twice' });
      }
    });
  });
export type IntakeDecisionBody = z.infer<typeof intakeDecisionBodySchema>;

/**
 * Decides the application's open intake step.
 * @throws NotFound when the caller may not see the application
 * @throws Forbidden when the caller is not a window clerk
 * @throws ValidationError a gap due in the past, or a gap for a kind already tolerated and still open
 * @throws RuleViolation (422) `GAP_NOT_TOLERABLE`: a gap the permits do not require, the catalogue does not let
 *   follow, or that was submitted
 * @throws Conflict `STEP_NOT_OPEN` (no intake step open: not yet opened, or decided already), `STALE_VERSION`
 * @throws Gone the intake step expired before the decision arrived
 */
export async function decideIntake(
  deps: DecisionDeps,
  request: { principal: Principal; applicationId: string; body: IntakeDecisionBody },
): Promise<DecideHumanStepResult> {
  const { principal, body } = request;
  const { application, steps } = await loadVisibleApplication(deps, principal, request.applicationId);
  const step = stepToDecide(steps, ['intake'], 'intake');
  const acting = stepActor(principal, step, application, steps);

  const gaps: ToleratedGap[] = body.gaps ?? [];
  const today = deps.calendar.localDate(deps.now());
  const issues: FieldIssue[] = [];
  gaps.forEach((gap, i) => {
    if (gap.dueOn < today) issues.push({ path: `gaps.${i}.dueOn`, message: `must not be before ${today}` });
    if (application.toleratedGaps?.some((g) => g.documentKind === gap.documentKind && !g.closedAt)) {
      issues.push({ path: `gaps.${i}.documentKind`, message: 'is tolerated already' });
    }
  });
  if (issues.length > 0) throw new ValidationError('the request is invalid', issues);
  // 容缺 only for what the catalogue in force lets follow ("明确什么可以容缺,什么不能容缺").
  const intolerable = intolerableGaps(deps.config, application, gaps);
  if (intolerable.length > 0) {
    throw new RuleViolation('a gap may not be tolerated', intolerable, 'GAP_NOT_TOLERABLE');
  }

  return decideHumanStep(deps, {
    applicationId: application.applicationId,
    loaded: { application, steps },
    stepId: step.stepId,
    expectedKinds: ['intake'],
    actor: acting.actor,
    ...(acting.onBehalfOf !== undefined ? { onBehalfOf: acting.onBehalfOf } : {}),
    decision: {
      outcome: intakeOutcomes[body.outcome],
      ...(body.reason !== undefined ? { reason: body.reason } : {}),
      ...(await supplementList(deps, application, body)),
    },
    applicationUpdate: checkedUpdate(body.expectedVersion, (current) =>
      gaps.length === 0
        ? current
        : { ...current, toleratedGaps: [...(current.toleratedGaps ?? []), ...gaps] },
    ),
  });
}
