// Opens a human step for a waiting state machine task (`.waitForTaskToken`): the step item with its token, its
// budget and due instant, the application's new status and a 'step-opened' event, in one commit. Idempotent: a
// retried or replayed task finds the step of its round and only swaps the token in.
import { Conflict } from '#shared/errors';
import type {
  Application,
  ApplicationStatus,
  DepartmentId,
  Pause,
  PermitType,
  Step,
  StepKind,
} from '#shared/model';
import { storedCallbackOutput } from './callbacks.ts';
import {
  applicationSlaOf,
  clockEventsFromTimeline,
  clockFacts,
  readStep,
  stepSlaFields,
} from '#services/application/core/clock';
import { auditEvent, withVersionRetry } from '#services/application/core/events';
import type { WorkflowDependencies } from './ports.ts';
import { withConfigOf } from '#services/application/core/config-version';
import { reviewBudgetOf } from '#shared/config';
import { clockIdOf, clockKindOf, planOpening, type OpeningPlan } from '#services/application/core/steps';

export interface OpenHumanStepCommand {
  applicationId: string;
  taskToken: string;
  step: { kind: StepKind; department: DepartmentId; permitType?: PermitType };
}

export type OpenHumanStepResult =
  /** A new step (a new round) was recorded. */
  | { action: 'opened'; step: Step }
  /** The step of this round was open already: a retried task; its token was replaced (no event). */
  | { action: 'token-replaced'; step: Step }
  /** The step of this round was decided already: its decision was sent again on the new token. */
  | { action: 'redelivered'; step: Step }
  /** The application is closed or the chain was cancelled: nothing to open; the task is left waiting. */
  | { action: 'ignored'; reason: string };

/** Closed applications open no steps: a late task (a Map sibling, a replay) must not fill an inbox. */
export const closedStatuses: readonly ApplicationStatus[] = ['refused', 'failed', 'verified', 'revoked'];

export const isRetryableConflict = (error: unknown): boolean =>
  error instanceof Conflict && (error.code === 'STALE_VERSION' || error.code === 'ALREADY_EXISTS');

export async function openHumanStep(
  deps: WorkflowDependencies,
  command: OpenHumanStepCommand,
): Promise<OpenHumanStepResult> {
  return withVersionRetry(() => openOnce(deps, command), isRetryableConflict);
}

async function openOnce(
  deps: WorkflowDependencies,
  command: OpenHumanStepCommand,
): Promise<OpenHumanStepResult> {
  const { repository: store, logger } = deps;
  const { applicationId, taskToken } = command;
  const identity = {
    kind: command.step.kind,
    ...(command.step.permitType ? { permitType: command.step.permitType } : {}),
  };
  const { application, steps } = await store.getApplicationWithSteps(applicationId);
  if (closedStatuses.includes(application.status)) {
    logger.warn('Not opening a step on a closed application', { applicationId, kind: identity.kind });
    return { action: 'ignored', reason: `application ${application.status}` };
  }

  const gapsOpen = (application.toleratedGaps ?? []).some((gap) => gap.closedAt === undefined);
  const plan = planOpening(steps, identity, { gapsOpen });
  switch (plan.action) {
    case 'ignore':
      logger.warn('Not opening a step of a cancelled chain', { applicationId, stepId: plan.step.stepId });
      return { action: 'ignored', reason: `${plan.step.stepId} cancelled` };
    case 'replace-token': {
      const step =
        plan.step.taskToken === taskToken ? plan.step : await store.replaceTaskToken(plan.step, taskToken);
      logger.info('Step already open: task token replaced', { applicationId, stepId: step.stepId });
      return { action: 'token-replaced', step };
    }
    case 'redeliver': {
      // The token is stored first: a decision still waiting on its own (older) token then sees it was answered.
      const step =
        plan.step.taskToken === taskToken ? plan.step : await store.replaceTaskToken(plan.step, taskToken);
      await deps.taskCallbacks.sendTaskSuccess(taskToken, storedCallbackOutput(step));
      logger.warn('Step already decided: decision delivered again', { applicationId, stepId: step.stepId });
      return { action: 'redelivered', step };
    }
    case 'create':
      // Budgets and thresholds of the configuration version the application was accepted under.
      return {
        action: 'opened',
        step: await createStep(await withConfigOf(deps, application), command, application, plan),
      };
  }
}

async function createStep(
  deps: WorkflowDependencies,
  command: OpenHumanStepCommand,
  application: Application,
  plan: Extract<OpeningPlan, { action: 'create' }>,
): Promise<Step> {
  const now = deps.now();
  const at = now.toISOString();
  const { kind, department, permitType } = command.step;
  const ledger = ledgerOf(deps, application, kind, permitType, plan.previous, at);
  const draft: Step = {
    applicationId: application.applicationId,
    stepId: plan.stepId,
    kind,
    department,
    ...(permitType ? { permitType } : {}),
    status: 'open',
    ...ledger,
    taskToken: command.taskToken,
    version: 1,
  };
  const reading = readStep(draft, now, deps, application.track);
  const step: Step = { ...draft, ...stepSlaFields(reading) };

  const status = statusOnOpening(kind, application.status);
  const event = auditEvent({
    application,
    eventId: `${step.stepId}-opened`,
    type: 'step-opened',
    at,
    stepId: step.stepId,
    fromStatus: application.status,
    toStatus: status,
    detail: {
      kind,
      department,
      permitType,
      round: plan.round,
      budgetDays: step.budgetDays,
      dueAt: step.dueAt ?? null,
      paused: reading.paused,
      provisional: step.provisional,
    },
    clock: openingFacts(step, plan.round),
  });
  const timeline = await deps.repository.getTimeline(application.applicationId);
  const next: Application = {
    ...application,
    status,
    updatedAt: at,
    // 经办部门: from now on the department sees the application, and the search files it under it.
    departments: [...new Set([...(application.departments ?? []), department])],
  };
  const sla = applicationSlaOf(next, clockEventsFromTimeline([...timeline, event]), now, deps);
  if (sla) next.sla = sla;

  // Always written, even when the status stays: the version condition keeps a step from opening on an
  // application that a concurrent close-application has just closed.
  const { created } = await deps.repository.commit({ create: [step], update: [next], events: [event] });
  deps.logger.info('Step opened', { applicationId: application.applicationId, stepId: step.stepId });
  return created[0];
}

/**
 * The step's clock ledger (see README, "Pauses"):
 * - intake restarts every round: a fresh budget from the resubmission;
 * - a department's review continues across rounds: the first round's start, its budget, and every pause;
 * - a supplement step is the paused face of the step that asked: the same ledger plus an open 'supplement'
 *   pause from the request (for intake, a ledger of its own, paused from the request);
 * - verification counts from issuance (承诺核查 within N working days of it);
 * - gap closure (容缺) is due when the earliest open gap is; it pauses nothing.
 */
function ledgerOf(
  deps: WorkflowDependencies,
  application: Application,
  kind: StepKind,
  permitType: PermitType | undefined,
  previous: Step | undefined,
  at: string,
): Pick<Step, 'openedAt' | 'budgetDays' | 'pauses' | 'escalatedAt' | 'assignee' | 'assignedAt'> {
  const budgetDays =
    kind === 'review'
      ? reviewBudgetOf(deps.config, application.track, permitType)
      : deps.config.stepBudgets[application.track][clockKindOf(kind)];
  const requestedAt = previous?.decision?.decidedAt ?? previous?.closedAt ?? at;
  const supplementPause: Pause = { from: requestedAt, reason: 'supplement' };
  switch (kind) {
    case 'intake':
      return { openedAt: at, budgetDays, pauses: [] };
    case 'enterprise-supplement':
      return { openedAt: at, budgetDays, pauses: [supplementPause] };
    case 'review-supplement':
      if (!previous) throw new Error('A review supplement follows a review');
      return {
        openedAt: previous.openedAt,
        budgetDays: previous.budgetDays,
        pauses: [...previous.pauses, supplementPause],
        // 督办 is not lifted by asking for a supplement.
        ...(previous.escalatedAt ? { escalatedAt: previous.escalatedAt } : {}),
        ...heldBy(previous),
      };
    case 'review':
      if (!previous) return { openedAt: at, budgetDays, pauses: [] };
      return {
        openedAt: previous.openedAt,
        budgetDays: previous.budgetDays,
        pauses: previous.pauses.map((pause) =>
          pause.to === undefined ? { ...pause, to: previous.closedAt ?? at } : pause,
        ),
        ...(previous.escalatedAt ? { escalatedAt: previous.escalatedAt } : {}),
        ...heldBy(previous),
      };
    case 'verification':
      return { openedAt: application.issuedAt ?? at, budgetDays, pauses: [] };
    case 'gap-closure':
      return { openedAt: at, budgetDays: gapBudget(deps, application, at), pauses: [] };
  }
}

/** Working days from now to the end of the earliest open gap's due day; at least one. */
function gapBudget(deps: WorkflowDependencies, application: Application, at: string): number {
  const dueDays = (application.toleratedGaps ?? [])
    .filter((gap) => gap.closedAt === undefined)
    .map((gap) => gap.dueOn)
    .sort();
  const earliest = dueDays[0];
  if (!earliest) return 1;
  try {
    return Math.max(1, deps.calendar.workingDaysBetween(new Date(at), deps.calendar.startOfDay(earliest)));
  } catch {
    return 1; // a due day in a year without a schedule: the sweeper will show it as due soon
  }
}

/** Clock facts of an opening: a new ledger starts, except for the rounds that continue one. */
function openingFacts(step: Step, round: number): string[] {
  const startsLedger =
    step.kind === 'intake' ||
    step.kind === 'verification' ||
    step.kind === 'gap-closure' ||
    (step.kind === 'review' && round === 1);
  return startsLedger ? [clockFacts.opened(clockIdOf(step), step.kind, step.budgetDays)] : [];
}

/** The application's status while the step is open. */
export function statusOnOpening(kind: StepKind, current: ApplicationStatus): ApplicationStatus {
  switch (kind) {
    case 'intake':
      return 'submitted';
    case 'enterprise-supplement':
      return 'supplement-requested'; // 补正: clock paused
    case 'review':
      return 'in-review';
    case 'review-supplement':
      // The application stays in review; the department's step shows paused.
      return current === 'accepted' ? 'in-review' : current;
    case 'verification':
      return 'under-verification';
    case 'gap-closure':
      // 容缺 gaps do not stop the clock: the application stays where it is.
      return current;
  }
}

/**
 * 指派: the officer who holds a review keeps it through the enterprise's supplement (补正) and the next round,
 * as they keep its ledger: the work does not fall back to the department because the enterprise answered.
 */
function heldBy(previous: Step): Pick<Step, 'assignee' | 'assignedAt'> {
  return previous.assignee !== undefined && previous.assignedAt !== undefined
    ? { assignee: previous.assignee, assignedAt: previous.assignedAt }
    : {};
}
