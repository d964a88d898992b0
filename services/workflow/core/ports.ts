// What the workflow core needs from the outside world: the aggregate's dependencies (repository, calendar,
// clock, logger, configuration) and the state machine's task callbacks. The composition root (shared/runtime)
// fills them with DynamoDB and Step Functions; tests and the embedded runtime bring their own.
import type { ApplicationDeps } from '#services/application/core/ports';
import type { Logger, TaskCallbacks } from '#shared/runtime/ports';

export { isTaskCallbackError, type TaskCallbackErrorName, type TaskCallbacks } from '#shared/runtime/ports';
export type WorkflowLogger = Logger;

export interface WorkflowDependencies extends ApplicationDeps {
  taskCallbacks: TaskCallbacks;
}
