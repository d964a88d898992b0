// Generates applications for the report test and benchmark, seeded so a run can be repeated exactly:
// - `generateApplications` drives the real write paths of the workflow core (openHumanStep, decideHumanStep,
//   issuePermits, closeApplication) against DynamoDB Local, each application on its own injected clock: both
//   tracks, permits by review and by commitment, intake and review supplements (补正), refusals, decisions that
//   arrive after their step expired (voided, 410), verifications passed and failed, applications still in
//   progress when the clock stops (some of their steps overdue). About 34 requests per application.
// - `recordApplications` writes whole histories in ONE commit per application (the audit events as the core
//   writes them, the counters from the same functions the core calls, open steps for the ones in progress):
//   the real path runs at ~10 applications a second here, too slow for thousands in a test.
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { WorkingCalendar } from '#shared/calendar/index';
import { Gone } from '#shared/errors';
import { DynamoDbRepository, type Change, type CounterIncrement } from '#shared/data/repository';
import {
  permitCatalog,
  type DefaultPermitType,
  permitTypes,
  type Application,
  type ApplicationSla,
  type AuditEvent,
  type DecisionOutcome,
  type PermitType,
  type Step,
  type StepKind,
} from '#shared/model';
import { monthOf } from '#services/application/core/clock';
import { workflowConfig } from '#shared/config';
import { closingCounters, decisionCounter, issuanceCounter } from '#services/application/core/counters';
import { eventTypeOf } from '#services/workflow/core/decide-human-step';
import { stepIdFor } from '#services/application/core/steps';
import { closeApplication } from '#services/workflow/core/close-application';
import { decideHumanStep } from '#services/workflow/core/decide-human-step';
import { issuePermits } from '#services/workflow/core/issue-permits';
import { openHumanStep } from '#services/workflow/core/open-human-step';
import type { TaskCallbacks, WorkflowDependencies } from '#services/workflow/core/ports';
import { routeOf } from '#services/workflow/core/route-application';
import { forEachLimited } from '#services/reports/core/overdue-report';
import { createRuntime } from '#shared/runtime/index';

export interface GenerateOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  calendar: WorkingCalendar;
  count: number;
  seed: number;
  /** Applications are received between `from` and a few days before `until`. */
  from: Date;
  /** Nothing happens at or after this instant: the moment reports are read. */
  until: Date;
  /** Applications driven at the same time. @default 16 */
  concurrency?: number;
  /** Prefix of the application ids. @default `gen-<seed>` */
  idPrefix?: string;
}

export interface Generated {
  applicationIds: string[];
  /** How each application ended up, for the record. */
  outcomes: Record<string, number>;
}

/** mulberry32: a small, fast, seeded generator (uniform in [0, 1)). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const quiet = { info: () => {}, warn: () => {}, error: () => {} };
const hour = 3_600_000;

class Timeout extends Error {
  override readonly name = 'TaskTimedOut';
}

/** Task callbacks that accept every token, except those marked expired (the state machine gave up on them). */
class Callbacks implements TaskCallbacks {
  readonly expired = new Set<string>();
  sendTaskSuccess(token: string): void {
    if (this.expired.has(token)) throw new Timeout(`task ${token} timed out`);
  }
  sendTaskFailure(): void {}
}

/** Stops an application's story when its clock reaches the end of the generated period. */
class PastTheEnd extends Error {}

export async function generateApplications(options: GenerateOptions): Promise<Generated> {
  const prefix = options.idPrefix ?? `gen-${options.seed}`;
  const callbacks = new Callbacks();
  const ids = Array.from({ length: options.count }, (_, i) => `${prefix}-${i}`);
  const outcomes: Record<string, number> = {};
  await forEachLimited(ids, options.concurrency ?? 16, async (applicationId) => {
    const index = Number(applicationId.slice(prefix.length + 1));
    const outcome = await generateOne(
      options,
      callbacks,
      applicationId,
      seededRandom(options.seed * 100_003 + index),
    );
    outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
  });
  return { applicationIds: ids, outcomes };
}

async function generateOne(
  options: GenerateOptions,
  callbacks: Callbacks,
  applicationId: string,
  random: () => number,
): Promise<string> {
  const end = options.until.getTime();
  const span = end - options.from.getTime() - 3 * 24 * hour;
  // Working hours in Shanghai: 09:00–17:00 local is 01:00–09:00 UTC.
  const day = Math.floor((options.from.getTime() + random() * span) / (24 * hour)) * 24 * hour;
  let now = day + hour + random() * 8 * hour;
  const deps: WorkflowDependencies = {
    ...createRuntime({
      tableName: options.tableName,
      documentClient: options.client,
      taskCallbacks: callbacks,
      calendar: options.calendar,
      now: () => new Date(now),
      logger: quiet,
    }),
    calendar: options.calendar,
  };
  const later = (minHours: number, maxHours: number) => {
    now += (minHours + random() * (maxHours - minHours)) * hour;
    if (now >= end) throw new PastTheEnd();
  };
  let tokens = 0;
  const open = async (kind: StepKind, permitType?: PermitType, department?: string) => {
    const taskToken = `${applicationId}-token-${++tokens}`;
    const result = await openHumanStep(deps, {
      applicationId,
      taskToken,
      step: {
        kind,
        department:
          department ?? (permitType ? permitCatalog[permitType as DefaultPermitType].department : 'window'),
        ...(permitType ? { permitType } : {}),
      },
    });
    if (result.action !== 'opened')
      throw new Error(`${applicationId}: ${kind} not opened (${result.action})`);
    return { stepId: result.step.stepId, taskToken };
  };
  const decide = (stepId: string, kind: StepKind, outcome: DecisionOutcome) =>
    decideHumanStep(deps, {
      applicationId,
      stepId,
      expectedKinds: [kind],
      actor: {
        userId: `user-${Math.floor(random() * 20)}`,
        role:
          kind === 'intake'
            ? 'window-clerk'
            : kind.includes('supplement')
              ? 'enterprise'
              : 'department-officer',
      },
      decision: {
        outcome,
        ...(outcome === 'supplement-requested' ? { missingItems: ['总平面图', '环评批复'] } : {}),
        ...(outcome === 'refused' || outcome === 'verification-failed' ? { reason: '不符合规划条件' } : {}),
      },
    });

  const application = newApplication(applicationId, random, new Date(now), options.calendar);
  await deps.repository.commit({
    create: [application],
    events: [
      {
        applicationId,
        eventId: 'submitted',
        at: application.receivedAt,
        type: 'application-submitted',
        actor: { userId: `${application.enterpriseId}-user`, role: 'enterprise' },
        toStatus: 'submitted',
        detail: { track: application.track },
      },
    ],
  });

  try {
    // 一窗受理, with up to two supplement rounds.
    now += 5 * 60_000;
    let intake = await open('intake');
    for (let round = 1; ; round++) {
      later(0.5, 30);
      const r = random();
      if (r < 0.04) {
        await decide(intake.stepId, 'intake', 'refused');
        await closeApplication(deps, { applicationId, outcome: 'refused' });
        return 'refused at intake';
      }
      if (r < 0.2 && round < 3) {
        await decide(intake.stepId, 'intake', 'supplement-requested');
        now += 60_000;
        const supplement = await open('enterprise-supplement');
        later(2, 150);
        await decide(supplement.stepId, 'enterprise-supplement', 'resubmitted');
        now += 60_000;
        intake = await open('intake');
        continue;
      }
      await decide(intake.stepId, 'intake', 'accepted');
      break;
    }

    // 并联审批: every permit not issued on commitment is reviewed by its department.
    now += 10 * 60_000;
    const route = routeOf(application, deps.config);
    const reviews = route.permits.filter((p) => !p.byCommitment).map((p) => p.permitType);
    const opened = new Map<PermitType, { stepId: string; taskToken: string }>();
    for (const permit of reviews) opened.set(permit, await open('review', permit));
    for (const permit of reviews) {
      for (let round = 1; ; round++) {
        later(2, 120);
        const review = opened.get(permit)!;
        const r = random();
        if (r < 0.025) {
          await decide(review.stepId, 'review', 'refused');
          await closeApplication(deps, { applicationId, outcome: 'refused' });
          return 'refused in review';
        }
        if (r < 0.035) {
          // The workflow gave up on the task before the officer's decision arrived: the decision is voided.
          callbacks.expired.add(review.taskToken);
          await decide(review.stepId, 'review', 'approved').then(
            () => {
              throw new Error('an expired step accepted a decision');
            },
            (error: unknown) => {
              if (!(error instanceof Gone)) throw error;
            },
          );
          await closeApplication(deps, {
            applicationId,
            outcome: 'failed',
            error: { Error: 'States.Timeout', Cause: 'the review step timed out' },
          });
          return 'failed: review expired';
        }
        if (r < 0.17 && round < 3) {
          await decide(review.stepId, 'review', 'supplement-requested');
          now += 60_000;
          const supplement = await open('review-supplement', permit);
          later(2, 150);
          await decide(supplement.stepId, 'review-supplement', 'resubmitted');
          now += 60_000;
          opened.set(permit, await open('review', permit));
          continue;
        }
        await decide(review.stepId, 'review', 'approved');
        break;
      }
    }

    // 同发, then 承诺核查 for what was issued on commitment.
    later(0.2, 20);
    const issued = await issuePermits(deps, { applicationId });
    if (issued.outcome !== 'issued') throw new Error(`${applicationId}: not issued (${issued.outcome})`);
    if (!issued.needsVerification) return 'issued';
    now += 60_000;
    const verification = await open('verification', undefined, issued.verificationDepartment);
    later(24, 24 * 50);
    if (random() < 0.1) {
      await decide(verification.stepId, 'verification', 'verification-failed');
      await closeApplication(deps, { applicationId, outcome: 'revoked' });
      return 'revoked';
    }
    await decide(verification.stepId, 'verification', 'verified');
    await closeApplication(deps, { applicationId, outcome: 'verified' });
    return 'verified';
  } catch (error) {
    if (error instanceof PastTheEnd) return 'in progress';
    throw error;
  }
}

function newApplication(
  applicationId: string,
  random: () => number,
  receivedAt: Date,
  calendar: WorkingCalendar,
): Application {
  const standardLand = random() < 0.35;
  const shuffled = [...permitTypes].sort(() => random() - 0.5);
  const requiredPermits = shuffled.slice(0, 1 + Math.floor(random() * 4));
  const at = receivedAt.toISOString();
  const enterprise = Math.floor(random() * 60);
  const landAcquired = new Date(receivedAt.getTime() - Math.floor(random() * 4) * 24 * hour);
  return {
    applicationId,
    enterpriseId: `ent-${enterprise}`,
    ...(random() < 0.2 ? { agencyOfficerId: `agent-${enterprise % 5}` } : {}),
    projectName: `工业项目 ${applicationId}`,
    projectType: 'industrial',
    track: standardLand ? 'standard-land' : 'regular',
    landParcel: {
      parcelId: `P-${applicationId}`,
      areaMu: 20 + Math.floor(random() * 200),
      location: '经开区',
    },
    ...(standardLand ? { landAcquiredOn: calendar.localDate(landAcquired) } : {}),
    investmentYuan: 10_000_000 + Math.floor(random() * 500_000_000),
    requiredPermits,
    documents: [],
    ...(standardLand && random() < 0.75
      ? {
          commitment: {
            signedAt: at,
            signedBy: `ent-${enterprise}-user`,
            indicators: { 'investment-per-mu-yuan': 3_000_000 },
          },
        }
      : {}),
    status: 'submitted',
    receivedAt: at,
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Recorded histories: one commit per application.

/**
 * Writes `count` application histories, each in one commit: the application in its final state, every audit
 * event the workflow would have written for its decisions (same types, ids and detail fields), open steps for
 * the ones still in progress, and the counters computed by the functions the workflow core uses
 * (decisionCounter, issuanceCounter, closingCounters).
 */
export async function recordApplications(options: GenerateOptions): Promise<Generated> {
  const prefix = options.idPrefix ?? `rec-${options.seed}`;
  const repository = new DynamoDbRepository({ client: options.client, tableName: options.tableName });
  const ids = Array.from({ length: options.count }, (_, i) => `${prefix}-${i}`);
  const outcomes: Record<string, number> = {};
  await forEachLimited(ids, options.concurrency ?? 16, async (applicationId) => {
    const index = Number(applicationId.slice(prefix.length + 1));
    const story = recordedStory(options, applicationId, seededRandom(options.seed * 100_003 + index));
    await repository.commit(story.change);
    outcomes[story.outcome] = (outcomes[story.outcome] ?? 0) + 1;
  });
  return { applicationIds: ids, outcomes };
}

const budgets = workflowConfig().stepBudgets;
const limits = workflowConfig().limits;

export function recordedStory(
  options: Pick<GenerateOptions, 'from' | 'until' | 'calendar'>,
  applicationId: string,
  random: () => number,
): { change: Change; outcome: string } {
  const end = options.until.getTime();
  const span = end - options.from.getTime() - 3 * 24 * hour;
  const day = Math.floor((options.from.getTime() + random() * span) / (24 * hour)) * 24 * hour;
  let now = day + hour + random() * 8 * hour;
  const application = newApplication(applicationId, random, new Date(now), options.calendar);
  const { track } = application;
  const events: AuditEvent[] = [
    {
      applicationId,
      eventId: 'submitted',
      at: application.receivedAt,
      type: 'application-submitted',
      actor: { userId: `${application.enterpriseId}-user`, role: 'enterprise' },
      toStatus: 'submitted',
      detail: { track },
    },
  ];
  const counters: CounterIncrement[] = [];
  const open: Step[] = [];
  const month = () => monthOf(new Date(now), options);
  const later = (minHours: number, maxHours: number) => {
    now += (minHours + random() * (maxHours - minHours)) * hour;
    if (now >= end) throw new PastTheEnd();
  };
  // 经办部门: the departments that had a step, as openHumanStep records them when it opens one (the search files
  // the application under each).
  const handledBy = (department: string) => {
    application.departments = [...new Set([...(application.departments ?? []), department])];
  };
  const decided = (
    step: { kind: StepKind; permitType?: PermitType; round: number; department?: string },
    outcome: DecisionOutcome,
    usedDays: number,
    budgetDays: number,
    final: boolean,
  ) => {
    const department =
      step.department ??
      (step.permitType ? permitCatalog[step.permitType as DefaultPermitType].department : 'window');
    handledBy(department);
    const stepId = stepIdFor(step, step.round);
    const met = usedDays <= budgetDays;
    events.push({
      applicationId,
      eventId: `${stepId}-decided`,
      at: new Date(now).toISOString(),
      type: eventTypeOf(step.kind, outcome),
      actor: { userId: `user-${Math.floor(random() * 20)}`, role: 'department-officer' },
      stepId,
      detail: {
        kind: step.kind,
        outcome,
        department,
        ...(step.permitType ? { permitType: step.permitType } : {}),
        round: step.round,
        budgetDays,
        usedDays,
        pausedDays: 0,
        ...(final ? { met } : {}),
      },
    });
    const counter = decisionCounter({
      step: { kind: step.kind, department, ...(step.permitType ? { permitType: step.permitType } : {}) },
      outcome,
      track,
      month: month(),
      ...(final ? { result: { usedDays, met } } : {}),
    });
    if (counter) counters.push(counter);
  };
  const closing = (outcome: 'refused' | 'verified' | 'revoked' | 'failed') => {
    const eventId = {
      refused: 'application-refused',
      verified: 'application-verified',
      revoked: 'permits-revoked',
      failed: 'application-failed',
    }[outcome];
    const type = outcome === 'verified' ? 'verification-decided' : (eventId as AuditEvent['type']);
    events.push({
      applicationId,
      eventId,
      at: new Date(now).toISOString(),
      type,
      actor: { userId: 'workflow', role: 'system' },
      toStatus: outcome,
      detail: {},
    });
    counters.push(...closingCounters({ track, month: month(), outcome }));
    application.status = outcome;
    return outcome;
  };
  const result = (outcome: string) => {
    application.updatedAt = new Date(Math.min(now, end - 1)).toISOString();
    return {
      outcome,
      change: { create: [application, ...open], events, counters } satisfies Change,
    };
  };

  try {
    for (let round = 1; ; round++) {
      later(0.5, 30);
      const usedDays = Math.floor(random() * 3);
      const r = random();
      if (r < 0.04) {
        decided({ kind: 'intake', round }, 'refused', usedDays, 1, true);
        return result(closing('refused'));
      }
      if (r < 0.2 && round < 3) {
        decided({ kind: 'intake', round }, 'supplement-requested', usedDays, 1, true);
        later(2, 150);
        decided({ kind: 'enterprise-supplement', round }, 'resubmitted', 0, 1, false);
        continue;
      }
      decided({ kind: 'intake', round }, 'accepted', usedDays, 1, true);
      break;
    }
    application.status = 'in-review';
    application.acceptedAt = new Date(now).toISOString();

    const route = routeOf(application, workflowConfig());
    const reviews = route.permits.filter((p) => !p.byCommitment).map((p) => p.permitType);
    const budget = budgets[track].review;
    if (random() < 0.06) {
      // Still in review when the reports are read: due a few days either side of that moment.
      for (const permitType of reviews) {
        const dueAt = end + (random() * 20 - 12) * 24 * hour;
        handledBy(permitCatalog[permitType as DefaultPermitType].department);
        open.push({
          applicationId,
          stepId: stepIdFor({ kind: 'review', permitType }, 1),
          kind: 'review',
          department: permitCatalog[permitType as DefaultPermitType].department,
          permitType,
          status: 'open',
          openedAt: new Date(Math.min(now, dueAt - 12 * 24 * hour)).toISOString(),
          budgetDays: budget,
          pauses: [],
          dueAt: new Date(dueAt).toISOString(),
          version: 1,
        });
      }
      return result('in progress');
    }
    for (const permitType of reviews) {
      let usedDays = 0;
      for (let round = 1; ; round++) {
        later(2, 120);
        usedDays += 1 + Math.floor(random() * (budget / 2 + 1));
        const r = random();
        if (r < 0.025) {
          decided({ kind: 'review', permitType, round }, 'refused', usedDays, budget, true);
          return result(closing('refused'));
        }
        if (r < 0.16 && round < 3) {
          decided({ kind: 'review', permitType, round }, 'supplement-requested', usedDays, budget, false);
          later(2, 150);
          decided({ kind: 'review-supplement', permitType, round }, 'resubmitted', usedDays, budget, false);
          continue;
        }
        decided({ kind: 'review', permitType, round }, 'approved', usedDays, budget, true);
        break;
      }
    }

    later(0.2, 20);
    const workingDaysUsed = 2 + Math.floor(random() * (limits[track] + 6));
    const sla: ApplicationSla = {
      limitWorkingDays: limits[track],
      clockStartedAt: application.acceptedAt,
      dueAt: new Date(now).toISOString(),
      status: workingDaysUsed <= limits[track] ? 'green' : 'red',
      calendarVersion: options.calendar.version,
      provisional: false,
      pausedWorkingDays: Math.floor(random() * 4),
      workingDaysUsed,
      onTime: workingDaysUsed <= limits[track],
    };
    const supplementRequests = events.filter((e) => e.type === 'supplement-requested').length;
    events.push({
      applicationId,
      eventId: 'permits-issued',
      at: new Date(now).toISOString(),
      type: 'permits-issued',
      actor: { userId: 'workflow', role: 'system' },
      fromStatus: 'in-review',
      toStatus: 'issued',
      detail: {
        limitWorkingDays: sla.limitWorkingDays,
        workingDaysUsed,
        pausedWorkingDays: sla.pausedWorkingDays ?? 0,
        onTime: sla.onTime!,
      },
    });
    counters.push(issuanceCounter({ track, month: month(), sla, supplementRequests }));
    application.status = 'issued';
    application.issuedAt = new Date(now).toISOString();
    application.sla = sla;
    if (!route.permits.some((p) => p.byCommitment)) return result('issued');

    later(24, 24 * 50);
    const verificationDays = 5 + Math.floor(random() * 30);
    const department =
      permitCatalog[route.permits.find((p) => p.byCommitment)!.permitType as DefaultPermitType].department;
    if (random() < 0.1) {
      decided(
        { kind: 'verification', round: 1, department },
        'verification-failed',
        verificationDays,
        30,
        true,
      );
      return result(closing('revoked'));
    }
    decided({ kind: 'verification', round: 1, department }, 'verified', verificationDays, 30, true);
    return result(closing('verified'));
  } catch (error) {
    if (error instanceof PastTheEnd) return result('in progress');
    throw error;
  }
}
