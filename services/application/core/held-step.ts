// Who may act on a step a named officer holds (指派), with the absence of its assignee read when it matters
// (代理): the one check decisions and recorded excluded time share, so no route can skip it.
import { departmentStepKinds, heldStepDecider, standingInFor } from '#shared/access/index';
import type { ApplicationRepository } from '#shared/data/ports';
import type { Actor, Step } from '#shared/model';

/**
 * @returns `forOfficer` when the actor stands in for the absent assignee (recorded "by X for Y")
 * @throws Forbidden when another officer holds the step and the actor is neither a lead nor its substitute now
 */
export async function actingOnHeldStep(
  deps: { repository: Pick<ApplicationRepository, 'listAbsences'>; now: () => Date },
  acting: { actor: Actor; lead?: boolean | undefined },
  step: Pick<Step, 'assignee' | 'stepId' | 'kind'>,
): Promise<{ forOfficer?: string }> {
  const lead = acting.lead === true;
  const someoneElse =
    step.assignee !== undefined &&
    step.assignee !== acting.actor.userId &&
    departmentStepKinds.includes(step.kind) &&
    !lead;
  // Only then is the assignee's absence worth a read.
  const covering = someoneElse
    ? standingInFor(await deps.repository.listAbsences(step.assignee!), acting.actor.userId, deps.now())
    : [];
  return heldStepDecider(acting.actor, { lead, covering }, step);
}
