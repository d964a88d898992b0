// 指派 · 认领 · 退回: who holds a department's open step. The one mechanism every change of holder goes through
// (one step at a time from the API, and each item of a bulk reassignment): who may make it (shared/access), the
// step's state, and one versioned commit of the step with its audit event, so two officers claiming at once
// cannot both win.
import * as z from 'zod';
import { assignmentActor, type AssignmentAction } from '#shared/access/index';
import type { Principal } from '#shared/auth/principal';
import { Conflict, NotFound, ValidationError } from '#shared/errors';
import { decisionSchema, userIdSchema, type Application, type AuditEvent, type Step } from '#shared/model';
import { auditEvent, withVersionRetry } from '#services/application/core/events';
import { loadVisibleApplication } from '#services/application/core/get-application';
import type { CoreDeps } from '#services/application/core/ports';

const reason = decisionSchema.shape.reason;
const expectedVersion = z
  .number()
  .int()
  .min(1)
  .optional()
  .describe("The step's version the caller read; 409 STALE_VERSION when it changed since");

export const assignmentBodySchema = z.discriminatedUnion('action', [
  z
    .strictObject({ action: z.literal('claim'), expectedVersion })
    .describe('认领: the caller takes an unassigned step of its department'),
  z
    .strictObject({
      action: z.literal('release'),
      reason: reason.describe('Why it is given back'),
      expectedVersion,
    })
    .describe('退回: the assignee (or a lead) gives the step back to the department'),
  z
    .strictObject({
      action: z.literal('assign'),
      assignee: userIdSchema.describe('The officer of the department who is to hold the step'),
      reason: reason.describe('Required when the step is held by another officer (reassignment)'),
      expectedVersion,
    })
    .describe('指派: a lead names the officer who holds the step'),
]);
export type AssignmentBody = z.infer<typeof assignmentBodySchema>;

export interface AssignmentResult {
  application: Application;
  step: Step;
  /** Absent when nothing changed (a claim of one's own step, an assignment to the officer who holds it). */
  event?: AuditEvent;
}

export interface ChangeAssignmentRequest {
  principal: Principal;
  applicationId: string;
  stepId: string;
  body: AssignmentBody;
}

/** A lost race on the step's version: worth reading again (the state may now answer the request). */
class Raced extends Error {
  constructor(readonly conflict: Conflict) {
    super(conflict.message);
  }
}

/**
 * @throws NotFound the caller may not see the application, or it has no such step
 * @throws Forbidden not an officer of the step's department; a release by someone other than the assignee or a
 *   lead; an assignment by someone other than a lead
 * @throws Conflict `STEP_NOT_OPEN`, `STEP_ASSIGNED` (someone else holds it: claimed first), `STEP_NOT_ASSIGNED`
 *   (release of a step no one holds), `STALE_VERSION`
 * @throws ValidationError `body.reason` for a reassignment without a reason
 */
export async function changeAssignment(
  deps: Pick<CoreDeps, 'repository' | 'now' | 'newId'>,
  request: ChangeAssignmentRequest,
): Promise<AssignmentResult> {
  let first = true;
  return withVersionRetry(
    async () => {
      const fresh = first;
      first = false;
      return attempt(deps, request, fresh);
    },
    (error) => error instanceof Raced,
    3,
  ).catch((error: unknown) => {
    throw error instanceof Raced ? error.conflict : error;
  });
}

async function attempt(
  deps: Pick<CoreDeps, 'repository' | 'now' | 'newId'>,
  request: ChangeAssignmentRequest,
  firstAttempt: boolean,
): Promise<AssignmentResult> {
  const { principal, body } = request;
  const { application, steps } = await loadVisibleApplication(deps, principal, request.applicationId);
  const step = steps.find((candidate) => candidate.stepId === request.stepId);
  if (!step) throw new NotFound(`Step ${request.stepId} not found`);
  const actor = assignmentActor(principal, step, application, steps, body.action);
  if (step.status !== 'open') throw new Conflict(`Step ${step.stepId} is ${step.status}`, 'STEP_NOT_OPEN');
  // Only the caller's own read is checked against what it expected: a retry after a lost race reads afresh
  // and answers from the state it finds.
  if (firstAttempt && body.expectedVersion !== undefined && body.expectedVersion !== step.version) {
    throw new Conflict(
      `The step is at version ${step.version}, not ${body.expectedVersion}; reload and try again`,
      'STALE_VERSION',
    );
  }

  const next = nextHolder(step, body, principal.userId);
  if (next === step.assignee) return { application, step };

  const at = deps.now().toISOString();
  const { assignee: _from, assignedAt: _since, ...unheld } = step;
  const changed: Step = next === undefined ? unheld : { ...unheld, assignee: next, assignedAt: at };
  const event = auditEvent({
    application,
    eventId: `asg-${deps.newId()}`,
    type: eventTypeOf(body.action),
    at,
    actor,
    stepId: step.stepId,
    detail: {
      kind: step.kind,
      department: step.department,
      permitType: step.permitType,
      from: step.assignee ?? null,
      to: next ?? null,
      reassigned: body.action === 'assign' && step.assignee !== undefined,
      reason: 'reason' in body ? body.reason : undefined,
    },
  });
  const { updated } = await deps.repository
    .commit({ update: [changed], events: [event] })
    .catch((error: unknown) => {
      if (error instanceof Conflict && error.code === 'STALE_VERSION') throw new Raced(error);
      throw error;
    });
  return { application, step: updated[0] as Step, event };
}

/** Who holds the step after the change; the same holder means nothing to do. */
function nextHolder(step: Step, body: AssignmentBody, caller: string): string | undefined {
  switch (body.action) {
    case 'claim':
      if (step.assignee !== undefined && step.assignee !== caller) {
        throw new Conflict(`Step ${step.stepId} is held by another officer`, 'STEP_ASSIGNED');
      }
      return caller;
    case 'release':
      if (step.assignee === undefined) {
        throw new Conflict(`Step ${step.stepId} is held by no one`, 'STEP_NOT_ASSIGNED');
      }
      return undefined;
    case 'assign':
      if (step.assignee !== undefined && step.assignee !== body.assignee && body.reason === undefined) {
        throw new ValidationError('A reassignment states its reason', [
          { path: 'body.reason', message: 'required when another officer holds the step' },
        ]);
      }
      return body.assignee;
  }
}

function eventTypeOf(action: AssignmentAction): AuditEvent['type'] {
  switch (action) {
    case 'claim':
      return 'step-claimed';
    case 'release':
      return 'step-released';
    case 'assign':
      return 'step-assigned';
  }
}
