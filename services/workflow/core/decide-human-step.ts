// The one way a decision ends a human step: the decision, the step's SLA result, the application's change and
// the audit event are recorded in one conditional commit; only then is the waiting state machine task told
// (SendTaskSuccess). A step that expired meanwhile has its decision voided (410); a token that Step Functions
// does not know is an operator's problem, logged as an error, while the decision stands.
import { isDeepStrictEqual } from 'node:util';
import { callbackResultSchemas, type CallbackResult } from '#services/workflow/contract';
import type { HeldStepAuthority } from '#shared/access/index';
import { Conflict, Gone, NotFound, ValidationError } from '#shared/errors';
import type { AcceptanceFold, CounterIncrement } from '#shared/data/ports';
import {
  decisionSchema,
  outcomesByStepKind,
  type Actor,
  type Application,
  type AuditEvent,
  type AuditEventType,
  type EventDetail,
  type DecisionOutcome,
  type Step,
  type StepKind,
} from '#shared/model';
import { callbackOutputFor, storedCallbackOutput } from './callbacks.ts';
import {
  VOIDS_DETAIL,
  applicationSlaOf,
  clockEventsFromTimeline,
  clockFacts,
  closePauses,
  monthOf,
  readStep,
  slaStatusOf,
} from '#services/application/core/clock';
import { decisionCounter } from '#services/application/core/counters';
import { actingOnHeldStep } from '#services/application/core/held-step';
import { auditEvent, withVersionRetry } from '#services/application/core/events';
import type { CoreDeps } from '#services/application/core/ports';
import { isTaskCallbackError, type WorkflowDependencies } from './ports.ts';

/** What a decision needs: the workflow core's dependencies, plus fresh ids for what the decision creates. */
export type DecisionDeps = WorkflowDependencies & Pick<CoreDeps, 'newId'>;
import { clockIdOf, isSupplementKind, roundOf } from '#services/application/core/steps';

export interface DecideHumanStepCommand {
  applicationId: string;
  stepId: string;
  /** The kinds of step this caller may decide (an intake decision cannot end a review step). */
  expectedKinds: readonly StepKind[];
  actor: Actor;
  /** The enterprise an agency officer acts for (代办). */
  onBehalfOf?: string;
  /**
   * How the actor stands to a step a named officer holds (a lead of its department). Without it, a held step
   * is decided by its assignee (or the assignee's substitute) only: see `heldStepDecider`.
   */
  authority?: Pick<HeldStepAuthority, 'lead'>;
  decision: { outcome: DecisionOutcome; reason?: string; missingItems?: string[] };
  /**
   * The application's change that goes with the decision, applied to the application as read. May run more
   * than once (the commit is retried after a concurrent change of the application), so keep it pure.
   */
  applicationUpdate?: (application: Application) => Application;
  /** What the waiting task receives. @default the contract's result for the decision's outcome */
  callbackOutput?: CallbackResult;
  /** @default by step kind and outcome: 'intake-accepted', 'supplement-requested', 'step-decided', ... */
  eventType?: AuditEventType;
  /** More detail for the decision's event, from the application as read and as changed (e.g. document hashes). */
  eventDetail?: (before: Application, after: Application) => EventDetail;
  /**
   * The application and its steps as the caller read them to check who may decide: the first attempt decides
   * on them instead of reading them again (a lost race reads afresh; the commit's version conditions hold
   * either way).
   */
  loaded?: { application: Application; steps: readonly Step[] };
}

export interface StepSlaResult {
  budgetDays: number;
  usedDays: number;
  pausedDays: number;
  dueAt: string;
  /** Closed within its budget; absent while the step's clock continues in a later round (补正 during review). */
  met?: boolean;
}

export interface DecideHumanStepResult {
  step: Step;
  application: Application;
  event: AuditEvent;
  sla: StepSlaResult;
}

/**
 * The commit lost a race (the step or the application changed since they were read): worth reading again and
 * redoing, unlike a Conflict the caller's applicationUpdate throws on purpose.
 */
class CommitRaced extends Error {
  constructor(readonly conflict: Conflict) {
    super(conflict.message);
  }
}

interface Recorded extends DecideHumanStepResult {
  before: Application;
  applicationChanged: boolean;
  counters: CounterIncrement[];
  output: CallbackResult;
}

/**
 * @throws NotFound the application or the step does not exist
 * @throws Conflict `UNEXPECTED_STEP_KIND` the step is of another kind; `STEP_NOT_OPEN` it was decided or
 *   cancelled already; `STALE_VERSION` it kept changing under us
 * @throws ValidationError the outcome does not fit the step, or the decision is incomplete
 * @throws Gone the step had expired: the workflow no longer waits for it (the decision is voided)
 */
export async function decideHumanStep(
  deps: WorkflowDependencies,
  command: DecideHumanStepCommand,
): Promise<DecideHumanStepResult> {
  let loaded = command.loaded;
  const recorded = await withVersionRetry(
    () => {
      const attempt = recordDecision(deps, command, loaded);
      loaded = undefined;
      return attempt;
    },
    (error) => error instanceof CommitRaced,
    3,
  ).catch((error: unknown) => {
    throw error instanceof CommitRaced ? error.conflict : error;
  });
  await deliver(deps, recorded);
  // Counted once delivered: a decision voided on expiry (410) closed nothing.
  if (recorded.sla.met !== undefined) {
    deps.metrics?.count(recorded.sla.met ? 'StepsClosedOnTime' : 'StepsClosedLate');
  }
  return { step: recorded.step, application: recorded.application, event: recorded.event, sla: recorded.sla };
}

async function recordDecision(
  deps: WorkflowDependencies,
  command: DecideHumanStepCommand,
  loaded: DecideHumanStepCommand['loaded'],
): Promise<Recorded> {
  const { repository: store } = deps;
  const [application, step] = loaded
    ? [loaded.application, loaded.steps.find((candidate) => candidate.stepId === command.stepId)]
    : await Promise.all([
        store.getApplication(command.applicationId),
        store.findStep(command.applicationId, command.stepId),
      ]);
  if (!step) throw new NotFound(`Step ${command.stepId} of application ${command.applicationId} not found`);
  if (!command.expectedKinds.includes(step.kind)) {
    throw new Conflict(`Step ${step.stepId} is a ${step.kind} step`, 'UNEXPECTED_STEP_KIND');
  }
  const now = deps.now();
  const at = now.toISOString();
  const validated = validDecision(command, step.kind, at);
  const output = validOutput(command, step.kind);
  if (step.status !== 'open') {
    if (step.status === 'closed') await redeliver(deps, step);
    throw new Conflict(`Step ${step.stepId} is ${step.status}`, 'STEP_NOT_OPEN');
  }
  // 指派: a step a named officer holds is theirs to decide (or a lead's, or their substitute's while they are
  // away: 代理); read on the step as it is now, so a reassignment that got in first is honoured.
  const { forOfficer } = await actingOnHeldStep(
    deps,
    { actor: command.actor, lead: command.authority?.lead },
    step,
  );
  const decision = forOfficer ? { ...validated, decidedFor: forOfficer } : validated;

  // The enterprise's answer ends the pause it was asked for (补正: the clock resumes).
  const draft: Step = {
    ...step,
    status: 'closed',
    closedAt: at,
    decision,
    pauses: isSupplementKind(step.kind) ? closePauses(step.pauses, at) : step.pauses,
  };
  const reading = readStep(draft, now, deps, application.track);
  const final = endsTheClock(step.kind, decision.outcome);
  const sla: StepSlaResult = {
    budgetDays: reading.budgetDays,
    usedDays: reading.usedDays,
    pausedDays: reading.pausedDays,
    dueAt: reading.dueAt.toISOString(),
    ...(final ? { met: reading.status === 'met' } : {}),
  };
  const closed: Step = {
    ...draft,
    dueAt: sla.dueAt,
    calendarVersion: reading.calendarVersion,
    provisional: reading.provisional,
    slaStatus: slaStatusOf(reading.status),
  };

  // The document versions the decision rests on (材料), recorded with it: a later version cannot blur what was seen.
  const documents = (await store.listCurrentDocumentVersions?.(command.applicationId)) ?? [];
  const changed = applyDefaults(
    step,
    decision.outcome,
    applicationChange(command, application),
    at,
    deps.config.revision,
  );
  const applicationChanged = !isDeepStrictEqual(changed, application);
  const event = auditEvent({
    application,
    eventId: `${step.stepId}-decided`,
    type: command.eventType ?? eventTypeOf(step.kind, decision.outcome),
    at,
    actor: command.actor,
    onBehalfOf: command.onBehalfOf,
    stepId: step.stepId,
    fromStatus: application.status,
    toStatus: changed.status,
    detail: {
      kind: step.kind,
      outcome: decision.outcome,
      department: step.department,
      permitType: step.permitType,
      round: roundOf(step),
      reason: decision.reason,
      missingItems: decision.missingItems,
      decidedFor: decision.decidedFor,
      // Bounded (a reason and a full supplement list must still fit the 8 KiB of detail); `documentCount`
      // says when there were more than listed.
      ...(documents.length > 0
        ? { documents: withinBudget(documents), documentCount: documents.length }
        : {}),
      budgetDays: sla.budgetDays,
      usedDays: sla.usedDays,
      pausedDays: sla.pausedDays,
      dueAt: sla.dueAt,
      met: sla.met,
      ...command.eventDetail?.(application, changed),
    },
    clock: decisionFacts(step, decision.outcome, changed.acceptedAt === at ? undefined : changed.acceptedAt),
  });

  let next = changed;
  if (applicationChanged) {
    next = { ...changed, updatedAt: at };
    const timeline = await store.getTimeline(application.applicationId);
    const appSla = applicationSlaOf(next, clockEventsFromTimeline([...timeline, event]), now, deps);
    if (appSla) next.sla = appSla;
  }
  const counter = decisionCounter({
    step,
    outcome: decision.outcome,
    track: application.track,
    month: monthOf(now, deps),
    ...(final ? { result: { usedDays: sla.usedDays, met: sla.met === true } } : {}),
  });
  const counters: CounterIncrement[] = counter ? [counter] : [];

  // 受理: the acceptance rides on the intake step it closes (three writes, not four); the application item keeps
  // its state until its next write stores it, and every read through the repository folds it in meanwhile.
  const acceptance = applicationChanged ? acceptanceOf(step, application, next) : undefined;
  const { updated } = await store
    .commit({
      update: !applicationChanged || acceptance ? [closed] : [closed, next],
      ...(acceptance ? { acceptance } : {}),
      events: [event],
      counters,
    })
    .catch((error: unknown) => {
      if (error instanceof Conflict && error.code === 'STALE_VERSION') throw new CommitRaced(error);
      throw error;
    });
  const storedStep = updated[0] as Step;
  const storedApplication = !applicationChanged
    ? application
    : acceptance
      ? next
      : (updated[1] as Application);
  deps.logger.info('Step decided', {
    applicationId: application.applicationId,
    stepId: step.stepId,
    outcome: decision.outcome,
  });
  return {
    step: storedStep,
    application: storedApplication,
    event,
    sla,
    before: application,
    applicationChanged: applicationChanged && !acceptance,
    counters,
    output,
  };
}

/**
 * The acceptance an intake decision makes, when it is all that changes on the application (status, the clock's
 * start, the configuration, the tolerated gaps, the application clock, the time): what the closed intake step
 * carries instead of a rewrite of the application. Anything else changed: undefined, the application is written.
 */
function acceptanceOf(step: Step, before: Application, after: Application): AcceptanceFold | undefined {
  if (step.kind !== 'intake' || after.acceptedAt === undefined || before.acceptedAt !== undefined) {
    return undefined;
  }
  const acceptance: AcceptanceFold = {
    applicationId: after.applicationId,
    status: after.status,
    acceptedAt: after.acceptedAt,
    updatedAt: after.updatedAt,
    ...(after.configRevision !== undefined ? { configRevision: after.configRevision } : {}),
    ...(after.toleratedGaps !== undefined ? { toleratedGaps: after.toleratedGaps } : {}),
    ...(after.sla !== undefined ? { sla: after.sla } : {}),
  };
  return isDeepStrictEqual({ ...before, ...acceptance }, after) ? acceptance : undefined;
}

function validDecision(
  command: DecideHumanStepCommand,
  kind: StepKind,
  at: string,
): NonNullable<Step['decision']> {
  const allowed: readonly DecisionOutcome[] = outcomesByStepKind[kind];
  if (!allowed.includes(command.decision.outcome)) {
    throw new ValidationError('The decision does not fit this step', [
      { path: 'decision.outcome', message: `a ${kind} step ends with one of: ${allowed.join(', ')}` },
    ]);
  }
  const result = decisionSchema.safeParse({
    ...command.decision,
    decidedBy: command.actor.userId,
    ...(command.onBehalfOf ? { onBehalfOf: command.onBehalfOf } : {}),
    decidedAt: at,
  });
  if (!result.success) {
    throw new ValidationError(
      'The decision is incomplete',
      result.error.issues.map((issue) => ({
        path: ['decision', ...issue.path.map(String)].join('.'),
        message: issue.message,
      })),
    );
  }
  return result.data;
}

function validOutput(command: DecideHumanStepCommand, kind: StepKind): CallbackResult {
  if (command.callbackOutput === undefined) return callbackOutputFor(kind, command.decision.outcome);
  const result = callbackResultSchemas[kind].safeParse(command.callbackOutput);
  if (!result.success)
    throw new Error(`The callback output does not fit a ${kind} step`, { cause: result.error });
  return result.data;
}

function applicationChange(command: DecideHumanStepCommand, application: Application): Application {
  if (!command.applicationUpdate) return application;
  const changed = command.applicationUpdate(structuredClone(application));
  if (
    changed.applicationId !== application.applicationId ||
    changed.enterpriseId !== application.enterpriseId ||
    changed.version !== application.version
  ) {
    throw new Error('applicationUpdate may not change the application id, enterprise or version');
  }
  return changed;
}

/**
 * 受理: acceptance starts the regular track's clock, whatever else the caller changes, and fixes the configuration
 * version the application is handled under from now on (its permits' departments and budgets, its limit).
 */
function applyDefaults(
  step: Step,
  outcome: DecisionOutcome,
  application: Application,
  at: string,
  configRevision: number,
): Application {
  if (step.kind === 'intake' && (outcome === 'accepted' || outcome === 'accepted-with-gaps')) {
    return {
      ...application,
      status: application.status === 'submitted' ? 'accepted' : application.status,
      acceptedAt: application.acceptedAt ?? at,
      configRevision: application.configRevision ?? configRevision,
    };
  }
  return application;
}

/**
 * Whether the decision ends the step's clock, which is when it counts in the audit figures. A review that asks
 * for a supplement does not: its clock continues in the next round. Every intake round counts on its own.
 */
function endsTheClock(kind: StepKind, outcome: DecisionOutcome): boolean {
  // The enterprise's own steps are not a department's work.
  if (isSupplementKind(kind) || kind === 'gap-closure') return false;
  return kind === 'intake' || outcome !== 'supplement-requested';
}

export function eventTypeOf(kind: StepKind, outcome: DecisionOutcome): AuditEventType {
  if (kind === 'gap-closure') return 'gap-closed';
  if (isSupplementKind(kind)) return 'supplement-resubmitted';
  if (outcome === 'supplement-requested') return 'supplement-requested';
  if (kind === 'intake') {
    if (outcome === 'accepted') return 'intake-accepted';
    if (outcome === 'accepted-with-gaps') return 'intake-accepted-with-gaps';
    if (outcome === 'refused') return 'intake-refused';
  }
  return 'step-decided';
}

/** The clock facts of a decision (see clock.ts). */
function decisionFacts(step: Step, outcome: DecisionOutcome, acceptedAt?: string): string[] {
  const clock = clockIdOf(step);
  if (outcome === 'supplement-requested') return [clockFacts.supplementRequested(clock)];
  if (step.kind === 'enterprise-supplement') return [clockFacts.resubmitted(clock), clockFacts.closed(clock)];
  if (step.kind === 'review-supplement') return [clockFacts.resubmitted(clock)];
  if (step.kind === 'intake' && (outcome === 'accepted' || outcome === 'accepted-with-gaps')) {
    // A caller may date the acceptance otherwise (Art. 32: deemed accepted from the day of receipt).
    const accepted = acceptedAt ? clockFacts.acceptedAt(new Date(acceptedAt)) : clockFacts.accepted;
    return [clockFacts.closed(clock), accepted];
  }
  return [clockFacts.closed(clock)];
}

// ---------------------------------------------------------------------------------------------------------
// Delivery

async function deliver(deps: WorkflowDependencies, recorded: Recorded): Promise<void> {
  const { step } = recorded;
  const token = step.taskToken;
  const context = { applicationId: step.applicationId, stepId: step.stepId };
  if (!token) {
    deps.logger.error('ALARM: a decided step has no task token; the workflow cannot be told', context);
    return;
  }
  try {
    await deps.taskCallbacks.sendTaskSuccess(token, recorded.output);
  } catch (error) {
    if (isTaskCallbackError(error, 'TaskTimedOut')) {
      if (await voidExpiredDecision(deps, recorded, token)) {
        throw new Gone(`Step ${step.stepId} expired before the decision arrived`);
      }
      return;
    }
    if (isTaskCallbackError(error, 'TaskDoesNotExist', 'InvalidToken')) {
      // Never the caller's fault, and the decision is recorded: operations must look at the execution.
      deps.logger.error('ALARM: the workflow rejected the task token of a decided step', {
        ...context,
        error: (error as Error).name,
        message: (error as Error).message,
      });
      return;
    }
    throw error;
  }
}

/**
 * The task was closed before our decision reached it. If the step moved on meanwhile (a replayed task got the
 * decision redelivered on a new token, or a duplicate decision redelivered it: both bump the step's version),
 * the decision did arrive: nothing to undo. Otherwise the step had expired: it is
 * cancelled, the application change and the counters are undone, and the decision's event is voided.
 * @returns true when the decision was voided
 */
async function voidExpiredDecision(
  deps: WorkflowDependencies,
  recorded: Recorded,
  token: string,
): Promise<boolean> {
  const current = await deps.repository.findStep(recorded.step.applicationId, recorded.step.stepId);
  if (!current || current.taskToken !== token || current.version !== recorded.step.version) {
    deps.logger.info('Decision delivered through a newer task token or a redelivery', {
      stepId: recorded.step.stepId,
    });
    return false;
  }
  const now = deps.now();
  const at = now.toISOString();
  const { decision: _voided, ...rest } = current;
  const cancelled: Step = { ...rest, status: 'cancelled' };
  const restored: Application = { ...recorded.before, version: recorded.application.version, updatedAt: at };
  try {
    await deps.repository.commit({
      update: recorded.applicationChanged ? [cancelled, restored] : [cancelled],
      events: [
        auditEvent({
          application: recorded.application,
          eventId: `${current.stepId}-expired`,
          type: 'step-cancelled',
          at,
          stepId: current.stepId,
          fromStatus: recorded.application.status,
          toStatus: recorded.before.status,
          detail: {
            reason: 'expired',
            voidedOutcome: recorded.step.decision?.outcome,
            [VOIDS_DETAIL]: recorded.event.eventId,
          },
          clock: [clockFacts.closed(clockIdOf(current))],
        }),
      ],
      counters: recorded.counters.map((counter) => ({
        ...counter,
        add: Object.fromEntries(Object.entries(counter.add).map(([name, amount]) => [name, -amount])),
      })),
    });
  } catch (error) {
    deps.logger.error('ALARM: an expired step could not be marked cancelled', {
      stepId: current.stepId,
      error: error instanceof Error ? error.message : String(error),
    });
  }
  deps.logger.warn('Step expired before its decision arrived; decision voided', { stepId: current.stepId });
  return true;
}

/**
 * A second decision on a decided step: the first one's callback may never have arrived (the caller saw an
 * error and tries again), so it is sent once more. Harmless when it did arrive: the task is closed.
 *
 * The step's version moves on first (same token, no event): the first decision may still be on its way to the
 * service, and if this redelivery gets there first, the first one meets TaskTimedOut. The version it no longer
 * finds tells it the decision arrived (voidExpiredDecision) instead of voiding it as expired. When that write
 * loses to another change, someone else is redelivering or changing the step: nothing is sent.
 */
async function redeliver(deps: WorkflowDependencies, step: Step): Promise<void> {
  if (!step.taskToken || !step.decision) return;
  try {
    await deps.repository.replaceTaskToken(step, step.taskToken);
  } catch (error) {
    if (error instanceof Conflict && error.code === 'STALE_VERSION') return;
    deps.logger.error('Redelivering a decision failed', {
      applicationId: step.applicationId,
      stepId: step.stepId,
      error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    });
    return;
  }
  try {
    await deps.taskCallbacks.sendTaskSuccess(step.taskToken, storedCallbackOutput(step));
    deps.logger.warn('Decision delivered again', { applicationId: step.applicationId, stepId: step.stepId });
  } catch (error) {
    if (isTaskCallbackError(error, 'TaskTimedOut')) return;
    deps.logger.error('Redelivering a decision failed', {
      applicationId: step.applicationId,
      stepId: step.stepId,
      error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    });
  }
}

/** The open step of an application of one of these kinds (and permit), for callers that know no step id. */
export async function findOpenStep(
  deps: Pick<WorkflowDependencies, 'repository'>,
  query: { applicationId: string; kinds: readonly StepKind[]; permitType?: string },
): Promise<Step | undefined> {
  const { steps } = await deps.repository.getApplicationWithSteps(query.applicationId);
  return steps.find(
    (step) =>
      step.status === 'open' &&
      query.kinds.includes(step.kind) &&
      (query.permitType === undefined || step.permitType === query.permitType),
  );
}

/** The first entries of `list` that fit in 1,500 characters of JSON and the detail's 50-item arrays. */
function withinBudget(list: readonly string[]): string[] {
  const kept: string[] = [];
  let size = 2;
  for (const entry of list.slice(0, 50)) {
    size += entry.length + 3;
    if (size > 1500) break;
    kept.push(entry);
  }
  return kept;
}
