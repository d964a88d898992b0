// Art. 45 excluded time (不计入审批期限): an officer records an interval of a hearing, testing, inspection, expert
// review or public notice (公示) on an open review or verification step. It enters the step's ledger as a pause
// and the application's timeline as clock facts dated by the interval itself, so both clocks leave it out
// exactly as they leave out a supplement (补正) pause; the due instants are recomputed in the same commit, and
// the enterprise sees the interval on its timeline. Each kind has a configurable legal maximum.
import * as z from 'zod';
import { stepActor } from '#shared/access/index';
import type { Principal } from '#shared/auth/principal';
import { exclusionLimitOf } from '#shared/config';
import { Conflict, NotFound, ValidationError } from '#shared/errors';
import { departmentStepKinds } from '#shared/access/index';
import { pauseSchema, timestampSchema, type Application, type AuditEvent, type Step } from '#shared/model';
import { exclusionReasons } from '#shared/sla/index';
import {
  applicationSlaOf,
  clockEventsFromTimeline,
  clockFacts,
  readStep,
  stepSlaFields,
} from '#services/application/core/clock';
import { auditEvent, withVersionRetry } from '#services/application/core/events';
import { actingOnHeldStep } from '#services/application/core/held-step';
import { loadVisibleApplication } from '#services/application/core/get-application';
import type { ApplicationDeps, CoreDeps } from '#services/application/core/ports';
import { clockIdOf } from '#services/application/core/steps';

export const exclusionBodySchema = z
  .strictObject({
    kind: z
      .enum(exclusionReasons)
      .describe(
        '听证 hearing, 检验/检测 testing, 勘验 inspection, 专家评审 expert review, 公示 public notice',
      ),
    start: timestampSchema.describe('When the excluded interval began (not before the step opened)'),
    end: timestampSchema.describe('When it ended: recorded once it is over, so not after now'),
    note: pauseSchema.shape.note.describe(
      'What it was: the hearing, the test, the notice (shown on the timeline)',
    ),
  })
  .superRefine((body, ctx) => {
    if (body.end <= body.start) {
      ctx.addIssue({ code: 'custom', path: ['end'], message: 'must be after start' });
    }
  });
export type ExclusionBody = z.infer<typeof exclusionBodySchema>;

export type ExclusionDeps = Pick<CoreDeps, 'repository' | 'now' | 'newId'> &
  Pick<ApplicationDeps, 'calendar' | 'config' | 'logger'>;

export interface RecordExclusionRequest {
  principal: Principal;
  applicationId: string;
  stepId: string;
  body: ExclusionBody;
}

export interface ExclusionResult {
  application: Application;
  step: Step;
  event: AuditEvent;
}

class Raced extends Error {
  constructor(readonly conflict: Conflict) {
    super(conflict.message);
  }
}

/**
 * @throws NotFound the caller may not see the application, or it has no such step
 * @throws Forbidden not the department's step, or another officer holds it (same rule as a decision)
 * @throws Conflict `STEP_NOT_OPEN`, `UNEXPECTED_STEP_KIND` (not a review or verification),
 *   `EXCLUSION_OVERLAPS` (the interval overlaps a pause the step already has), `STALE_VERSION`
 * @throws ValidationError `body.end` after now or the interval longer than its kind's maximum; `body.start`
 *   before the step opened
 */
export async function recordExclusion(
  deps: ExclusionDeps,
  request: RecordExclusionRequest,
): Promise<ExclusionResult> {
  return withVersionRetry(
    () => attempt(deps, request),
    (error) => error instanceof Raced,
    3,
  ).catch((error: unknown) => {
    throw error instanceof Raced ? error.conflict : error;
  });
}

async function attempt(deps: ExclusionDeps, request: RecordExclusionRequest): Promise<ExclusionResult> {
  const { principal, body } = request;
  const { application, steps } = await loadVisibleApplication(deps, principal, request.applicationId);
  const step = steps.find((candidate) => candidate.stepId === request.stepId);
  if (!step) throw new NotFound(`Step ${request.stepId} not found`);
  const acting = stepActor(principal, step, application, steps);
  if (!departmentStepKinds.includes(step.kind)) {
    throw new Conflict(`Step ${step.stepId} is a ${step.kind} step`, 'UNEXPECTED_STEP_KIND');
  }
  if (step.status !== 'open') throw new Conflict(`Step ${step.stepId} is ${step.status}`, 'STEP_NOT_OPEN');
  // The same hands that decide the step record its excluded time.
  await actingOnHeldStep(deps, acting, step);

  const now = deps.now();
  const from = new Date(body.start);
  const to = new Date(body.end);
  if (to > now) {
    throw new ValidationError('The excluded interval is not over yet', [
      { path: 'body.end', message: 'must not be after now: record the interval once it has ended' },
    ]);
  }
  if (body.start < step.openedAt) {
    throw new ValidationError('The excluded interval began before the step', [
      { path: 'body.start', message: `must not be before the step opened (${step.openedAt})` },
    ]);
  }
  const overlapping = step.pauses.find((pause) => pause.from < body.end && (pause.to ?? '~') > body.start);
  if (overlapping) {
    throw new Conflict(
      `The interval overlaps the step's ${overlapping.reason} pause from ${overlapping.from}`,
      'EXCLUSION_OVERLAPS',
    );
  }
  // Counted as the clock counts paused time: the working days after the start day, up to the end day.
  const workingDays = deps.calendar.workingDaysBetween(from, to);
  const limit = exclusionLimitOf(deps.config, body.kind);
  if (workingDays > limit) {
    throw new ValidationError('The excluded interval is longer than the law allows', [
      {
        path: 'body.end',
        message: `${body.kind} excludes at most ${limit} working days; this interval holds ${workingDays}`,
      },
    ]);
  }

  const at = now.toISOString();
  const pauses = [
    ...step.pauses,
    { from: body.start, to: body.end, reason: body.kind, ...(body.note ? { note: body.note } : {}) },
  ].sort((a, b) => a.from.localeCompare(b.from));
  const draft: Step = { ...step, pauses };
  const changedStep: Step = { ...draft, ...stepSlaFields(readStep(draft, now, deps, application.track)) };
  const clock = clockIdOf(step);
  const event = auditEvent({
    application,
    eventId: `exc-${deps.newId()}`,
    type: 'time-excluded',
    at,
    actor: acting.actor,
    stepId: step.stepId,
    detail: {
      kind: body.kind,
      from: body.start,
      to: body.end,
      workingDays,
      maximumWorkingDays: limit,
      note: body.note,
      department: step.department,
      permitType: step.permitType,
      dueAtBefore: step.dueAt ?? null,
      dueAt: changedStep.dueAt ?? null,
    },
    clock: [
      clockFacts.exclusionStarted(clock, body.kind, from),
      clockFacts.exclusionEnded(clock, body.kind, to),
    ],
  });

  const timeline = await deps.repository.getTimeline(application.applicationId);
  const sla = applicationSlaOf(application, clockEventsFromTimeline([...timeline, event]), now, deps);
  const applicationChanged = sla !== undefined && JSON.stringify(sla) !== JSON.stringify(application.sla);
  const changedApplication: Application = applicationChanged
    ? { ...application, sla, updatedAt: at }
    : application;
  const { updated } = await deps.repository
    .commit({
      update: applicationChanged ? [changedStep, changedApplication] : [changedStep],
      events: [event],
    })
    .catch((error: unknown) => {
      if (error instanceof Conflict && error.code === 'STALE_VERSION') throw new Raced(error);
      throw error;
    });
  return {
    step: updated[0] as Step,
    application: applicationChanged ? (updated[1] as Application) : application,
    event,
  };
}
