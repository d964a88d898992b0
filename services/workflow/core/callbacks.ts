// How a decided step answers the waiting state machine task: the callback output its decision means (the
// contract's result per step kind), and the delivery rules for tokens that are no longer valid.
import type { CallbackResult } from '#services/workflow/contract';
import type { DecisionOutcome, Step, StepKind } from '#shared/model';

/** The contract's callback result for a decision on a step of `kind`. */
export function callbackOutputFor(kind: StepKind, outcome: DecisionOutcome): CallbackResult {
  switch (kind) {
    case 'intake':
      if (
        outcome === 'accepted' ||
        outcome === 'accepted-with-gaps' ||
        outcome === 'supplement-requested' ||
        outcome === 'refused'
      ) {
        return { outcome };
      }
      break;
    case 'enterprise-supplement':
    case 'review-supplement':
    case 'gap-closure':
      if (outcome === 'resubmitted') return { outcome };
      break;
    case 'review':
      // 不予许可 is 'refused', as everywhere else.
      if (outcome === 'approved' || outcome === 'supplement-requested' || outcome === 'refused') {
        return { outcome };
      }
      break;
    case 'verification':
      if (outcome === 'verified' || outcome === 'verification-failed') return { outcome };
      break;
  }
  throw new Error(`A ${kind} step cannot end with ${outcome}`);
}

/** The output a closed step's stored decision sends again when its callback has to be redelivered. */
export function storedCallbackOutput(step: Step): CallbackResult {
  if (!step.decision) throw new Error(`Step ${step.stepId} has no decision to deliver`);
  return callbackOutputFor(step.kind, step.decision.outcome);
}
