// The platform's ports that the composition root fills: ending a waiting workflow task, starting an
// application's workflow, and a narrow logger. Types only, so core modules may name them.

/**
 * Ends a waiting state machine task (`.waitForTaskToken`). Step Functions in the cloud, the embedded runtime
 * locally. Errors keep the service's names on `error.name`: `TaskTimedOut` (the task is closed or its
 * execution ended), `TaskDoesNotExist`, `InvalidToken`.
 */
export interface TaskCallbacks {
  sendTaskSuccess(taskToken: string, output: unknown): Promise<void> | void;
  sendTaskFailure(taskToken: string, error: string, cause: string): Promise<void> | void;
}

/** The names under which Step Functions (and the embedded runtime) reject a callback. */
export type TaskCallbackErrorName = 'TaskTimedOut' | 'TaskDoesNotExist' | 'InvalidToken';

export function isTaskCallbackError(error: unknown, ...names: TaskCallbackErrorName[]): boolean {
  return error instanceof Error && (names as string[]).includes(error.name);
}

/** Starts the approval workflow of one application. */
export interface WorkflowStarter {
  /**
   * Starts the execution named after the application, so a retry cannot start a second one: an execution
   * that exists already counts as started.
   */
  startExecution(applicationId: string): Promise<{ executionArn: string }>;
}

/** A Powertools Logger fits; so does `console`. */
export interface Logger {
  info(message: string, ...extra: Record<string, unknown>[]): void;
  warn(message: string, ...extra: Record<string, unknown>[]): void;
  error(message: string, ...extra: Record<string, unknown>[]): void;
}
