// Helpers for the workflow's tests: a movable clock, task callbacks that record what they were sent (and can
// fail the way Step Functions does), a logger that keeps its lines, and applications to start from.
import type { TestTable } from '#test/support/dynamodb';
import {
  permitCatalog,
  type Application,
  type AuditEvent,
  type DecisionOutcome,
  type PermitType,
  type Step,
  type StepKind,
} from '#shared/model';
import {
  decideHumanStep,
  type DecideHumanStepCommand,
  type DecideHumanStepResult,
  type DecisionDeps,
} from '#services/workflow/core/decide-human-step';
import { openHumanStep, type OpenHumanStepResult } from '#services/workflow/core/open-human-step';
import type { TaskCallbacks, WorkflowLogger } from '#services/workflow/core/ports';
import { routeOf } from '#services/workflow/core/route-application';
import { createRuntime, type Runtime } from '#shared/runtime/index';
import type { WorkingCalendar } from '#shared/calendar/index';
import { CalendarSource } from '#shared/calendar/source';

/** A wall-clock time in Asia/Shanghai, e.g. at('2025-03-03T09:00:00'). */
export const at = (local: string): Date => new Date(`${local}+08:00`);

export class TestClock {
  #now: Date;
  constructor(start: Date) {
    this.#now = start;
  }
  readonly now = (): Date => new Date(this.#now);
  set(instant: Date): void {
    this.#now = instant;
  }
  advance(minutes: number): void {
    this.#now = new Date(this.#now.getTime() + minutes * 60_000);
  }
}

export class CallbackError extends Error {
  constructor(name: 'TaskTimedOut' | 'TaskDoesNotExist' | 'InvalidToken' | 'ThrottlingException') {
    super(`${name} (test)`);
    this.name = name;
  }
}

export class RecordingCallbacks implements TaskCallbacks {
  readonly successes: { token: string; output: unknown }[] = [];
  readonly failures: { token: string; error: string; cause: string }[] = [];
  /** Tokens whose callback throws this error. */
  readonly failWith = new Map<string, CallbackError>();

  sendTaskSuccess(token: string, output: unknown): void {
    const error = this.failWith.get(token);
    if (error) throw error;
    this.successes.push({ token, output });
  }

  sendTaskFailure(token: string, error: string, cause: string): void {
    this.failures.push({ token, error, cause });
  }
}

export class RecordingLogger implements WorkflowLogger {
  readonly lines: { level: 'info' | 'warn' | 'error'; message: string; extra: Record<string, unknown>[] }[] =
    [];
  info(message: string, ...extra: Record<string, unknown>[]): void {
    this.lines.push({ level: 'info', message, extra });
  }
  warn(message: string, ...extra: Record<string, unknown>[]): void {
    this.lines.push({ level: 'warn', message, extra });
  }
  error(message: string, ...extra: Record<string, unknown>[]): void {
    this.lines.push({ level: 'error', message, extra });
  }
  errors(): string[] {
    return this.lines.filter((line) => line.level === 'error').map((line) => line.message);
  }
}

export function anApplication(overrides: Partial<Application> = {}): Application {
  const receivedAt = at('2025-03-03T08:30:00').toISOString();
  return {
    applicationId: 'app-1',
    enterpriseId: 'ent-1',
    projectName: '年产 5 万吨新材料项目',
    projectType: 'industrial',
    track: 'regular',
    landParcel: { parcelId: 'CC-2025-017', areaMu: 86.5, location: '长春经开区 兴隆路 88 号' },
    investmentYuan: 320_000_000,
    requiredPermits: ['land-use-planning', 'construction'],
    documents: [],
    status: 'submitted',
    receivedAt,
    version: 1,
    createdAt: receivedAt,
    updatedAt: receivedAt,
    ...overrides,
  } as Application;
}

/** A standard-land application with a signed commitment (告知承诺). */
export function aStandardLandApplication(overrides: Partial<Application> = {}): Application {
  return anApplication({
    track: 'standard-land',
    landAcquiredOn: '2025-03-03',
    requiredPermits: ['land-use-planning', 'construction', 'real-estate-title'],
    commitment: {
      signedAt: at('2025-03-03T09:00:00').toISOString(),
      signedBy: 'ent-user-1',
      indicators: { 'investment-per-mu-yuan': 3_000_000 },
    },
    ...overrides,
  });
}

export function submittedEvent(application: Application): AuditEvent {
  return {
    applicationId: application.applicationId,
    eventId: 'submitted',
    at: application.receivedAt,
    type: 'application-submitted',
    actor: { userId: 'ent-user-1', role: 'enterprise' },
    toStatus: 'submitted',
    detail: {},
  };
}

// ---------------------------------------------------------------------------------------------------------
// A workflow on DynamoDB Local, driven step by step the way the state machine and the API would.

export class Scenario {
  readonly callbacks = new RecordingCallbacks();
  readonly logger = new RecordingLogger();
  readonly clock: TestClock;
  /** The composition root the scenario's handlers would get. */
  readonly runtime: Runtime;
  /** The core's dependencies, with the calendar as the runtime's source holds it now. */
  readonly deps: DecisionDeps;
  #tokens = 0;

  constructor(table: TestTable, start = at('2025-03-03T09:00:00')) {
    this.clock = new TestClock(start);
    this.runtime = createRuntime({
      tableName: table.tableName,
      documentClient: table.client,
      taskCallbacks: this.callbacks,
      now: this.clock.now,
      logger: this.logger,
    });
    this.deps = withLiveCalendar(this.runtime);
  }

  async submit(application: Application): Promise<Application> {
    await this.deps.repository.commit({ create: [application], events: [submittedEvent(application)] });
    return application;
  }

  nextToken(): string {
    this.#tokens += 1;
    return `token-${this.#tokens}`;
  }

  /** Opens a step as the state machine would, with a fresh token unless one is given. */
  async open(
    applicationId: string,
    kind: StepKind,
    options: { permitType?: PermitType; token?: string; department?: string } = {},
  ): Promise<OpenHumanStepResult & { token: string }> {
    const token = options.token ?? this.nextToken();
    const department =
      options.department ?? (options.permitType ? permitCatalog[options.permitType].department : 'window');
    const result = await openHumanStep(this.deps, {
      applicationId,
      taskToken: token,
      step: { kind, department, ...(options.permitType ? { permitType: options.permitType } : {}) },
    });
    return { ...result, token };
  }

  async decide(
    applicationId: string,
    stepId: string,
    outcome: DecisionOutcome,
    extra: Partial<DecideHumanStepCommand> = {},
  ): Promise<DecideHumanStepResult> {
    const kind = (await this.deps.repository.getStep(applicationId, stepId)).kind;
    return decideHumanStep(this.deps, {
      applicationId,
      stepId,
      expectedKinds: [kind],
      actor: { userId: 'officer-1', role: kind === 'intake' ? 'window-clerk' : 'department-officer' },
      decision: {
        outcome,
        ...(outcome === 'supplement-requested' ? { missingItems: ['总平面图'] } : {}),
        ...(outcome === 'refused' || outcome === 'verification-failed' ? { reason: '不符合规划条件' } : {}),
      },
      ...extra,
    });
  }

  step(applicationId: string, stepId: string): Promise<Step> {
    return this.deps.repository.getStep(applicationId, stepId);
  }

  async timelineTypes(applicationId: string): Promise<string[]> {
    return (await this.deps.repository.getTimeline(applicationId)).map((event) => event.type);
  }

  /** Intake accepted at 10:00 on the first day; the reviews of the permits not issued on commitment opened at 10:05. */
  async acceptAndOpenReviews(application: Application): Promise<void> {
    const { applicationId } = application;
    await this.open(applicationId, 'intake');
    this.clock.advance(60);
    await this.decide(applicationId, 'intake-1', 'accepted');
    this.clock.advance(5);
    for (const permit of routeOf(application, this.deps.config).permits) {
      if (!permit.byCommitment) await this.open(applicationId, 'review', { permitType: permit.permitType });
    }
  }
}

/**
 * The runtime as the core sees it, with `calendar` read from the runtime's source at each use, so an
 * administrator's change made through the same source reaches the steps a test opens next (a handler would
 * resolve it at its next invocation).
 */
export function withLiveCalendar<R extends Runtime>(runtime: R): R & { calendar: WorkingCalendar } {
  const source = runtime.calendars;
  if (!(source instanceof CalendarSource))
    throw new Error('withLiveCalendar needs the table-backed calendar');
  return Object.defineProperty({ ...runtime }, 'calendar', {
    get: () => source.current(),
    enumerable: true,
  }) as R & { calendar: WorkingCalendar };
}
