// What the workflow core needs from the outside world, as small interfaces: the store of applications and
// steps, the state machine's task callbacks, a clock, the working-day calendar and a logger. Adapters in
// ../adapters implement them with DynamoDB and Step Functions; tests and the embedded runtime bring their own.
import type { WorkingCalendar } from '#shared/calendar/index';
import type { ApplicationRepository } from '#shared/data/repository';
import type { Step } from '#shared/model';
import type { MetricsPort } from '#shared/observability/metrics';
import type { WorkflowConfig } from './config.ts';

/** The repository's reads and `commit`, plus the one write that is not a state change (see replaceTaskToken). */
export interface WorkflowStore extends Pick<
  ApplicationRepository,
  | 'getApplication'
  | 'getApplicationWithSteps'
  | 'findStep'
  | 'getStep'
  | 'getTimeline'
  | 'listOpenSteps'
  | 'getCounters'
  | 'commit'
> {
  /**
   * Stores a fresh task token on a step (a retried or replayed task brings a new one). Plumbing, not a state
   * change: no audit event. Conditioned on the step's version (and bumps it), so a decision that read the old
   * token fails its own commit and reloads.
   * @returns the step as stored
   * @throws Conflict `STALE_VERSION` when the step changed since it was read
   */
  replaceTaskToken(step: Step, taskToken: string): Promise<Step>;
}

/**
 * Ends a waiting state machine task (`.waitForTaskToken`). Step Functions in the cloud, the embedded runtime
 * locally. Errors keep the service's names on `error.name`: `TaskTimedOut` (the task is closed or its
 * execution ended), `TaskDoesNotExist`, `InvalidToken`.
 */
export interface TaskCallbacks {
  /** Every outcome of a human step, refusals included, is a success the state machine routes on. */
  sendTaskSuccess(taskToken: string, output: unknown): Promise<void> | void;
}

/** The names under which Step Functions (and the embedded runtime) reject a callback. */
export type TaskCallbackErrorName = 'TaskTimedOut' | 'TaskDoesNotExist' | 'InvalidToken';

export function isTaskCallbackError(error: unknown, ...names: TaskCallbackErrorName[]): boolean {
  return error instanceof Error && (names as string[]).includes(error.name);
}

/** A Powertools Logger fits; so does `console`. */
export interface WorkflowLogger {
  info(message: string, ...extra: Record<string, unknown>[]): void;
  warn(message: string, ...extra: Record<string, unknown>[]): void;
  error(message: string, ...extra: Record<string, unknown>[]): void;
}

export interface WorkflowDependencies {
  store: WorkflowStore;
  taskCallbacks: TaskCallbacks;
  calendar: WorkingCalendar;
  /** The only source of time in the core. */
  now: () => Date;
  logger: WorkflowLogger;
  config: WorkflowConfig;
  /** Business metrics (steps closed on time / late, escalations). @default none */
  metrics?: MetricsPort;
}
