// The ends of an application: refused (at intake or by a department: every other open step is cancelled and
// leaves its inbox), verified (承诺核查 passed), revoked (承诺核查 failed: the permits issued on commitment are
// revoked and a credit mark is recorded against the enterprise) or failed (the workflow broke; the error is kept
// in the logs and in admin-only fields of the event// for administrators, while everyone else sees a stable code and a support reference: shared/access/
// event-disclosure.ts). Idempotent: closing again with the same outcome writes nothing.
import { failureSupportReference, workflowFailedCode } from '#shared/access/event-disclosure';
import { Conflict } from '#shared/errors';
import type { CounterIncrement } from '#shared/data/ports';
import {
  applicationSchema,
  applicationStatusSchema,
  stepSchema,
  type Application,
  type ApplicationStatus,
  type AuditEvent,
  type Step,
} from '#shared/model';
import {
  applicationSlaOf,
  clockEventsFromTimeline,
  clockFacts,
  monthOf,
} from '#services/application/core/clock';
import { closingCounters } from '#services/application/core/counters';
import { auditEvent, withVersionRetry } from '#services/application/core/events';
import { closedStatuses } from './open-human-step.ts';
import type { WorkflowDependencies } from './ports.ts';
import { clockIdOf } from '#services/application/core/steps';
import { withConfigOf } from '#services/application/core/config-version';
import { noticeContextOf, noticesOf } from '#shared/notices/model';

export type CloseOutcome = 'refused' | 'verified' | 'revoked' | 'failed';

export interface CloseApplicationCommand {
  applicationId: string;
  outcome: CloseOutcome;
  /** What the state machine caught (required for 'failed'). */
  error?: { Error: string; Cause?: string };
}

export interface CloseApplicationResult {
  outcome: CloseOutcome;
  status: ApplicationStatus;
  /** Steps this call cancelled. */
  cancelledSteps: string[];
  /** Nothing was written: the application was closed this way already (or, for 'failed', closed otherwise). */
  unchanged: boolean;
}

/** DynamoDB's 100 actions per transaction, less the application, its event and two counters. */
const maxCancellationsPerCommit = 48;

const allowedFrom: Record<CloseOutcome, (status: ApplicationStatus) => boolean> = {
  refused: (status) => ['submitted', 'supplement-requested', 'accepted', 'in-review'].includes(status),
  verified: (status) => status === 'under-verification' || status === 'issued',
  revoked: (status) => status === 'under-verification' || status === 'issued',
  failed: (status) => !closedStatuses.includes(status),
};

/**
 * @throws Conflict `INVALID_TRANSITION` when the application cannot end this way from where it stands
 */
export async function closeApplication(
  deps: WorkflowDependencies,
  command: CloseApplicationCommand,
): Promise<CloseApplicationResult> {
  return withVersionRetry(
    () => closeOnce(deps, command),
    (error) => error instanceof Conflict && error.code === 'STALE_VERSION',
  );
}

async function closeOnce(
  deps: WorkflowDependencies,
  command: CloseApplicationCommand,
): Promise<CloseApplicationResult> {
  const { repository: store, logger } = deps;
  const { outcome } = command;
  const { application, steps } = await store.getApplicationWithSteps(command.applicationId);
  const unchanged = { outcome, status: application.status, cancelledSteps: [], unchanged: true };
  if (application.status === outcome) return unchanged;
  if (!allowedFrom[outcome](application.status)) {
    if (outcome === 'failed') {
      // A failure after the application reached its end (say, a broken notification) must not hide that end.
      logger.error('Workflow failed after the application was closed', {
        applicationId: application.applicationId,
        status: application.status,
        error: command.error?.Error,
      });
      return unchanged;
    }
    throw new Conflict(
      `Application ${application.applicationId} is ${application.status}; it cannot become ${outcome}`,
      'INVALID_TRANSITION',
    );
  }
  if (outcome === 'failed' && !applicationSchema.safeParse(application).success) {
    return failDamaged(deps, command, application, steps);
  }

  const now = deps.now();
  const at = now.toISOString();
  // A damaged step (one the store would refuse to write back) must not keep the application from failing.
  const open = steps.filter((step) => step.status === 'open' && (outcome !== 'failed' || isValidStep(step)));
  const cancellations = open.map((step) => cancellation(application, step, at, outcome));
  // More open steps than one transaction holds: cancel the surplus first. A crash in between leaves them
  // cancelled and the application as it was, and the replay finishes the job.
  while (cancellations.length > maxCancellationsPerCommit) {
    const batch = cancellations.splice(0, maxCancellationsPerCommit);
    await store.commit({ update: batch.map((c) => c.step), events: batch.map((c) => c.event) });
  }

  const month = monthOf(now, deps);
  const counters: CounterIncrement[] = closingCounters({ track: application.track, month, outcome });
  const closing = closingChange(application, steps, command, at);
  const timeline = await store.getTimeline(application.applicationId);
  const closed: Application = { ...closing.application, status: outcome, updatedAt: at };
  if (outcome === 'refused') {
    const sla = applicationSlaOf(
      closed,
      clockEventsFromTimeline([...timeline, ...cancellations.map((c) => c.event), closing.event]),
      now,
      deps,
    );
    if (sla) closed.sla = sla;
  }

  // 公示: a revocation is published with it, one notice per permit it revokes.
  const notices =
    outcome === 'revoked'
      ? noticesOf(
          closed,
          'revoked',
          noticeContextOf((await withConfigOf(deps, closed)).config, deps.calendar),
          at,
        )
      : [];
  await store.commit({
    update: [closed, ...cancellations.map((c) => c.step)],
    events: [closing.event, ...cancellations.map((c) => c.event)],
    counters,
    ...(notices.length > 0 ? { notices } : {}),
  });
  logger.info('Application closed', { applicationId: application.applicationId, outcome });
  if (outcome === 'failed') {
    // The cause goes to the logs under the reference the enterprise sees (the event keeps it for administrators).
    logger.error('Workflow failed', {
      applicationId: application.applicationId,
      supportReference: failureSupportReference(application.applicationId),
      error: command.error?.Error,
      cause: command.error?.Cause,
    });
  }
  return {
    outcome,
    status: outcome,
    cancelledSteps: open.map((step) => step.stepId),
    unchanged: false,
  };
}

/**
 * A poison input: the application item fails its own schema (damaged outside the application, or written by an
 * older version), so the store refuses any whole-item write of it. Only its status becomes 'failed' (the
 * repository's `failApplication`), the damage stays for administrators to see, the valid open steps are
 * cancelled, and the event names the error and the invalid fields. No counters: the item's track may be the
 * damaged part.
 */
async function failDamaged(
  deps: WorkflowDependencies,
  command: CloseApplicationCommand,
  application: Application,
  steps: readonly Step[],
): Promise<CloseApplicationResult> {
  const at = deps.now().toISOString();
  const invalidFields = (applicationSchema.safeParse(application).error?.issues ?? [])
    .slice(0, 20)
    .map((issue) => issue.path.map(String).join('.') || '(item)');
  const fromStatus = applicationStatusSchema.safeParse(application.status);
  const open = steps.filter((step) => step.status === 'open' && isValidStep(step));
  const cancellations = open.map((step) => cancellation(application, step, at, 'failed'));
  while (cancellations.length > maxCancellationsPerCommit) {
    const batch = cancellations.splice(0, maxCancellationsPerCommit);
    await deps.repository.commit({ update: batch.map((c) => c.step), events: batch.map((c) => c.event) });
  }
  const event = auditEvent({
    application,
    eventId: 'application-failed',
    type: 'application-failed',
    at,
    ...(fromStatus.success ? { fromStatus: fromStatus.data } : {}),
    toStatus: 'failed',
    detail: {
      ...failureDetail(application.applicationId, command),
      invalidItem: true,
      invalidFields,
    },
  });
  await deps.repository.commit({
    update: cancellations.map((c) => c.step),
    events: [event, ...cancellations.map((c) => c.event)],
    failApplication: { applicationId: application.applicationId, version: application.version, at },
  });
  deps.logger.error('ALARM: an application item fails its schema; it was marked failed as it is', {
    applicationId: application.applicationId,
    invalidFields,
  });
  return {
    outcome: 'failed',
    status: 'failed',
    cancelledSteps: open.map((step) => step.stepId),
    unchanged: false,
  };
}

const isValidStep = (step: Step): boolean => stepSchema.safeParse(step).success;

function cancellation(
  application: Application,
  step: Step,
  at: string,
  outcome: CloseOutcome,
): { step: Step; event: AuditEvent } {
  return {
    step: { ...step, status: 'cancelled', closedAt: at },
    event: auditEvent({
      application,
      eventId: `${step.stepId}-cancelled`,
      type: 'step-cancelled',
      at,
      stepId: step.stepId,
      detail: {
        reason: `application ${outcome}`,
        kind: step.kind,
        department: step.department,
        permitType: step.permitType,
      },
      clock: [clockFacts.closed(clockIdOf(step))],
    }),
  };
}

/** The application's own change and its event, per outcome. */
function closingChange(
  application: Application,
  steps: readonly Step[],
  command: CloseApplicationCommand,
  at: string,
): { application: Application; event: AuditEvent } {
  const base = { application, at, fromStatus: application.status, toStatus: command.outcome } as const;
  switch (command.outcome) {
    case 'refused': {
      const refusal = latestDecided(steps, (step) => step.decision?.outcome === 'refused');
      return {
        application,
        event: auditEvent({
          ...base,
          eventId: 'application-refused',
          type: 'application-refused',
          stepId: refusal?.stepId,
          detail: {
            reason: refusal?.decision?.reason,
            kind: refusal?.kind,
            department: refusal?.department,
            permitType: refusal?.permitType,
          },
          clock: [clockFacts.refused],
        }),
      };
    }
    case 'verified': {
      const verification = latestDecided(steps, (step) => step.kind === 'verification');
      return {
        application,
        event: auditEvent({
          ...base,
          eventId: 'application-verified',
          type: 'verification-decided',
          stepId: verification?.stepId,
          detail: { outcome: 'verified', decidedBy: verification?.decision?.decidedBy },
        }),
      };
    }
    case 'revoked': {
      const verification = latestDecided(steps, (step) => step.kind === 'verification');
      const permits = (application.permits ?? []).map((permit) =>
        permit.basis === 'commitment' && !permit.revokedAt ? { ...permit, revokedAt: at } : permit,
      );
      const revoked = permits.filter((permit) => permit.revokedAt === at);
      return {
        application: { ...application, permits },
        event: auditEvent({
          ...base,
          eventId: 'permits-revoked',
          type: 'permits-revoked',
          stepId: verification?.stepId,
          detail: {
            permitTypes: revoked.map((permit) => permit.permitType),
            certificateNos: revoked.map((permit) => permit.certificateNo),
            reason: verification?.decision?.reason,
            // 信用记录: the failed commitment counts against the enterprise.
            creditMark: true,
            enterpriseId: application.enterpriseId,
          },
        }),
      };
    }
    case 'failed':
      return {
        application,
        event: auditEvent({
          ...base,
          eventId: 'application-failed',
          type: 'application-failed',
          detail: failureDetail(application.applicationId, command),
        }),
      };
  }
}

/**
 * A failed application's event detail: the code and support reference every reader sees, and what the state
 * machine caught, which only administrators read (discloseEvent).
 */
function failureDetail(applicationId: string, command: CloseApplicationCommand) {
  return {
    code: workflowFailedCode,
    supportReference: failureSupportReference(applicationId),
    error: (command.error?.Error ?? 'unknown').slice(0, 1000),
    cause: command.error?.Cause?.slice(0, 1000),
  };
}

function latestDecided(steps: readonly Step[], predicate: (step: Step) => boolean): Step | undefined {
  return steps
    .filter((step) => step.status === 'closed' && predicate(step))
    .sort((a, b) => (a.closedAt ?? '').localeCompare(b.closedAt ?? ''))
    .at(-1);
}
