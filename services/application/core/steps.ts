// Human steps come in chains: a department's step and the enterprise's supplement (补正) that may follow it,
// round after round (intake-1, enterprise-supplement-1, intake-2, ...). Step ids are derived from the chain and
// the round, so a retried or replayed task finds the step it opened before instead of opening another.
import { Conflict } from '#shared/errors';
import type { PermitType, Step, StepKind } from '#shared/model';
import type { StepKind as ClockStepKind } from '#shared/sla/index';

export interface StepIdentity {
  kind: StepKind;
  permitType?: PermitType;
}

/** The department's side of a chain, and the enterprise's side that may follow it. */
const partnerOf: Record<StepKind, StepKind | undefined> = {
  intake: 'enterprise-supplement',
  'enterprise-supplement': 'intake',
  review: 'review-supplement',
  'review-supplement': 'review',
  verification: undefined,
  'gap-closure': undefined,
};

export const isSupplementKind = (kind: StepKind): boolean =>
  kind === 'enterprise-supplement' || kind === 'review-supplement';

/** `intake-2`, `review-construction-1`, `review-supplement-construction-1`, `verification-1`. */
export function stepIdFor(identity: StepIdentity, round: number): string {
  if (!Number.isInteger(round) || round < 1)
    throw new RangeError(`round must be a positive integer: ${round}`);
  return identity.permitType === undefined
    ? `${identity.kind}-${round}`
    : `${identity.kind}-${identity.permitType}-${round}`;
}

export function roundOf(step: Pick<Step, 'stepId'>): number {
  const match = /-(\d+)$/.exec(step.stepId);
  if (!match) throw new Error(`Step ${step.stepId} has no round`);
  return Number(match[1]);
}

/**
 * The clock ledger a step belongs to. A department's review keeps one clock across its supplement rounds (the
 * paused time is not charged); intake restarts with every round (see README: Art. 32), so each intake round
 * is a clock of its own, paused while its supplement is owed.
 */
export function clockIdOf(step: Pick<Step, 'kind' | 'permitType' | 'stepId'>): string {
  switch (step.kind) {
    case 'intake':
    case 'enterprise-supplement':
      return `intake-${roundOf(step)}`;
    case 'review':
    case 'review-supplement':
      return `review-${step.permitType}`;
    case 'verification':
      return 'verification';
    case 'gap-closure':
      return `gap-closure-${roundOf(step)}`;
  }
}

/** The shared SLA clock's name for the budget a step kind draws on. */
export function clockKindOf(kind: StepKind): ClockStepKind {
  switch (kind) {
    case 'intake':
    case 'enterprise-supplement':
      return 'intake';
    case 'review':
    case 'review-supplement':
      return 'review';
    case 'verification':
      return 'commitment-verification';
    case 'gap-closure':
      // 容缺 documents owed at issuance; the application clock keeps running meanwhile.
      return 'issuance';
  }
}

/** The steps of one chain, in the order they were opened. */
export function chainOf(steps: readonly Step[], identity: StepIdentity): Step[] {
  const kinds = new Set([identity.kind, partnerOf[identity.kind]]);
  return steps
    .filter((step) => kinds.has(step.kind) && step.permitType === identity.permitType)
    .sort(
      (a, b) =>
        roundOf(a) - roundOf(b) || (isSupplementKind(a.kind) ? 1 : 0) - (isSupplementKind(b.kind) ? 1 : 0),
    );
}

export type OpeningPlan =
  /** Open a new step; `previous` is the chain's last step, whose clock a review round continues. */
  | { action: 'create'; stepId: string; round: number; previous?: Step }
  /** The step of this round is open already: a retried task; only the token changes. */
  | { action: 'replace-token'; step: Step }
  /** The step of this round was decided, but the workflow asks again (a replay lost the callback). */
  | { action: 'redeliver'; step: Step }
  /** The chain was cancelled (the application was closed): nothing more to open. */
  | { action: 'ignore'; step: Step };

/**
 * What opening `identity` means given the chain so far. A gap-closure step loops on itself (issuance found
 * gaps, the enterprise closed some, issuance looks again), so a decided one means a new round while gaps are
 * still open, and a lost callback when none is.
 * @throws Conflict `STEP_OUT_OF_SEQUENCE` when the workflow asks for a step its chain cannot be at
 */
export function planOpening(
  steps: readonly Step[],
  identity: StepIdentity,
  context: { gapsOpen: boolean } = { gapsOpen: false },
): OpeningPlan {
  const chain = chainOf(steps, identity);
  const last = chain.at(-1);
  const outOfSequence = (why: string) =>
    new Conflict(`Cannot open a ${identity.kind} step: ${why}`, 'STEP_OUT_OF_SEQUENCE');
  if (!last) {
    if (isSupplementKind(identity.kind)) throw outOfSequence('no step asked for a supplement');
    return { action: 'create', stepId: stepIdFor(identity, 1), round: 1 };
  }
  if (last.status === 'cancelled') return { action: 'ignore', step: last };
  if (last.kind === identity.kind) {
    if (last.status === 'open') return { action: 'replace-token', step: last };
    if (identity.kind === 'gap-closure' && context.gapsOpen) {
      const round = roundOf(last) + 1;
      return { action: 'create', stepId: stepIdFor(identity, round), round, previous: last };
    }
    return { action: 'redeliver', step: last };
  }
  if (last.status === 'open') throw outOfSequence(`${last.stepId} is still open`);
  const outcome = last.decision?.outcome;
  if (isSupplementKind(identity.kind)) {
    if (outcome !== 'supplement-requested') throw outOfSequence(`${last.stepId} ended ${outcome}`);
    const round = roundOf(last);
    return { action: 'create', stepId: stepIdFor(identity, round), round, previous: last };
  }
  if (outcome !== 'resubmitted') throw outOfSequence(`${last.stepId} ended ${outcome}`);
  const round = roundOf(last) + 1;
  return { action: 'create', stepId: stepIdFor(identity, round), round, previous: last };
}
