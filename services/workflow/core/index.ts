// The workflow core: what the state machine's tasks and the API's decisions do, with the store, the task
// callbacks, the clock and the calendar injected. No AWS imports here (see ../adapters).
export {
  COMMITMENT_ELIGIBLE_PERMITS,
  DEFAULT_WORKFLOW_CONFIG,
  workflowConfig,
  type WorkflowConfig,
} from '#shared/config';
export {
  isTaskCallbackError,
  type TaskCallbackErrorName,
  type TaskCallbacks,
  type WorkflowDependencies,
  type WorkflowLogger,
} from './ports.ts';
export { callbackOutputFor } from './callbacks.ts';
export { clockEventsFromTimeline, readStep } from '#services/application/core/clock';
export {
  chainOf,
  clockIdOf,
  planOpening,
  roundOf,
  stepIdFor,
  type OpeningPlan,
  type StepIdentity,
} from '#services/application/core/steps';
export {
  closedStatuses,
  openHumanStep,
  statusOnOpening,
  type OpenHumanStepCommand,
  type OpenHumanStepResult,
} from './open-human-step.ts';
export {
  decideHumanStep,
  eventTypeOf,
  findOpenStep,
  type DecideHumanStepCommand,
  type DecideHumanStepResult,
  type StepSlaResult,
} from './decide-human-step.ts';
export { routeApplication, routeOf, type Route, type RoutedPermit } from './route-application.ts';
export { certificateNumber, issuePermits, type IssuePermitsResult } from './issue-permits.ts';
export {
  closeApplication,
  type CloseApplicationCommand,
  type CloseApplicationResult,
  type CloseOutcome,
} from './close-application.ts';
