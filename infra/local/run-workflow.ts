// Runs the synthesized approval state machine on this machine with aws-local-stepfunctions, each Lambda task
// dispatched to its handler in-process. What the library lacks, this runner supplies:
// - task tokens: it does not provide `$$.Task.Token`, so a callback task gets a fresh token from the runner,
//   and `sendTaskSuccess` / `sendTaskFailure` settle the waiting task (with AWS's TaskTimedOut / InvalidToken);
// - long waits: its task timeout defaults to 60 s and Node timers overflow past 24.8 days, so callback tasks and
//   Wait states run on local timeouts that are renewed in place (a keep-alive retry that reuses the pending
//   task) and Wait states sleep on an injectable clock;
// - Map siblings: tokens of iterations the Map abandoned (a refusal stops the siblings) stop being valid.
// Every local-only change is made to a copy of the definition here and is listed in `localDefinition`.
import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { lambdaContext } from './lambda-context.ts';
import {
  ExecutionAbortedError,
  ExecutionError,
  StateMachine,
  type StateMachineDefinition,
} from 'aws-local-stepfunctions';
import { type CfnTemplate, type LoadedStateMachine, loadStateMachineDefinition } from './asl.ts';

// aws-local-stepfunctions 3 calls Promise.withResolvers (Node 22+); keep older Nodes working.
const promiseStatics = Promise as unknown as { withResolvers?: () => unknown };
if (typeof promiseStatics.withResolvers !== 'function') {
  promiseStatics.withResolvers = function withResolvers<T>() {
    let resolve!: (value: T | PromiseLike<T>) => void;
    let reject!: (reason?: unknown) => void;
    const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
    return { promise, resolve, reject };
  };
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type AslState = Record<string, unknown> & { Type: string };
type AslMachine = { StartAt: string; States: Record<string, AslState> } & Record<string, unknown>;

/** An entry of the library's execution event log (its type is not exported), as far as the runner reads it. */
export interface WorkflowEvent {
  type: string;
  timestamp: number;
  /** StateEntered, StateExited, StateFailed, StateRetried, StateCaught. */
  state?: { name: string; type: string; input?: unknown; output?: unknown };
  /** Map iteration of a nested state event. */
  index?: number;
  retry?: { retrier: { ErrorEquals: string[] }; attempt: number };
  Error?: string;
  Cause?: unknown;
}

/** A Lambda handler as the runtime calls it: the event, and a Lambda context. */
export type LocalHandler = (event: unknown, context: Context) => unknown;

/** One callback (human) task waiting for its decision. */
export interface CallbackTask {
  token: string;
  executionId: string;
  stateName: string;
  /** The handler entry that recorded it (open-human-step). */
  entry: string;
  /** What the handler received, token included. */
  payload: Record<string, unknown>;
}

export type ExecutionResult =
  | { status: 'SUCCEEDED'; output: Json }
  | { status: 'FAILED'; error: string; cause: string }
  | { status: 'ABORTED' };

/** Time for Wait states, injectable so tests and demos need not sleep. */
export interface WorkflowClock {
  now(): number;
  /** Resolves at `instant` (epoch ms), or early when `signal` aborts. */
  sleepUntil(instant: number, signal: AbortSignal): Promise<void>;
}

/** A task about to run, as an interceptor (a durability journal, for instance) sees it. */
export interface TaskCall {
  executionId: string;
  stateName: string;
  kind: 'lambda' | 'callback' | 'wait';
  /** The task's effective input (after InputPath and Parameters); for callbacks, with the token placeholder. */
  input: Json;
  /** 1 for the first call of this state with this input in this execution, 2 for the next, ... */
  occurrence: number;
}
export type TaskInterceptor = (call: TaskCall, proceed: () => Promise<Json>) => Promise<Json>;

export interface WorkflowRunnerOptions {
  /** The synthesized template (object or path to `cdk.out/<Stack>.template.json`), or its loaded state machine. */
  stateMachine: CfnTemplate | string | LoadedStateMachine;
  /** Handler by entry (`services/workflow/handlers/open-human-step.ts`), the keys of `lambdaByResource`. */
  handlers: Record<string, LocalHandler>;
  /** @default the system clock */
  clock?: WorkflowClock;
  /** @default `local:<executionId>:<uuid>` */
  createToken?: (task: Omit<CallbackTask, 'token' | 'payload'>) => string;
  interceptor?: TaskInterceptor;
  /** Every event of every execution, as it happens. */
  onEvent?: (executionId: string, event: WorkflowEvent) => void;
  /**
   * How long a human step or a Wait runs locally before its timeout is renewed (the wait goes on).
   * @default localTaskTimeoutSeconds (about 23 days, below Node's timer limit)
   */
  taskTimeoutSeconds?: number;
}

export interface StartOptions {
  /** @default a random UUID */
  executionId?: string;
  /** Wait state name → milliseconds to wait instead of what the definition says. */
  waitTimeOverrides?: Record<string, number>;
  /** Passed to the library: state name → retry pause in ms (or one per retrier). */
  retryIntervalOverrides?: Record<string, number | number[]>;
}

/** The errors AWS's SendTaskSuccess/SendTaskFailure answer with, under the same names. */
export class TaskTokenError extends Error {
  override readonly name: 'TaskTimedOut' | 'InvalidToken';
  constructor(name: 'TaskTimedOut' | 'InvalidToken', message: string) {
    super(message);
    this.name = name;
  }
}

/** A local task's timeout: below Node's timer limit; renewed by the keep-alive retry when it expires. */
export const localTaskTimeoutSeconds = 2_000_000;
/** The Resource a Wait state runs under locally. */
export const localWaitResource = 'arn:aws:states:::local:wait';
const tokenPlaceholder = 'local-task-token-placeholder';
const keepAliveRetrier = {
  ErrorEquals: ['States.Timeout'],
  IntervalSeconds: 1,
  BackoffRate: 1,
  MaxAttempts: 1_000,
};
const callbackResource = /^arn:[^:]+:states:::lambda:invoke\.waitForTaskToken$/;
const invokeResource = /^arn:[^:]+:states:::lambda:invoke$/;
const functionArn = /^arn:[^:]+:lambda:[^:]*:[^:]*:function:[^:]+$/;
const maxTimerMs = 2_147_483_647;

export const systemClock: WorkflowClock = {
  now: () => Date.now(),
  async sleepUntil(instant, signal) {
    while (!signal.aborted && Date.now() < instant) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, Math.min(instant - Date.now(), maxTimerMs));
        signal.addEventListener('abort', done, { once: true });
        function done() {
          clearTimeout(timer);
          signal.removeEventListener('abort', done);
          resolve();
        }
      });
    }
  },
};

/** The definition the library runs, and what was changed to run it locally. */
export function localDefinition(
  definition: StateMachineDefinition,
  timeoutSeconds: number = localTaskTimeoutSeconds,
): {
  definition: StateMachineDefinition;
  keepAliveStates: Set<string>;
  mapMembers: Map<string, Set<string>>;
  states: Map<string, AslState>;
} {
  const copy = structuredClone(definition) as unknown as AslMachine;
  const keepAliveStates = new Set<string>();
  const mapMembers = new Map<string, Set<string>>();
  const states = new Map<string, AslState>();

  const visit = (machine: AslMachine): string[] => {
    const names: string[] = [];
    for (const [name, state] of Object.entries(machine.States)) {
      names.push(name);
      if (state.Type === 'Task') {
        if (callbackResource.test(String(state.Resource))) {
          if (state.TimeoutSeconds === undefined || Number(state.TimeoutSeconds) > timeoutSeconds) {
            state.TimeoutSeconds = timeoutSeconds;
            state.Retry = [keepAliveRetrier, ...((state.Retry as unknown[]) ?? [])];
            keepAliveStates.add(name);
          }
        } else if (state.TimeoutSeconds === undefined) {
          // The cloud lets a synchronous Lambda task run as long as the function may (15 minutes at most).
          state.TimeoutSeconds = 900;
        }
      } else if (state.Type === 'Wait') {
        machine.States[name] = waitAsTask(state, timeoutSeconds);
        keepAliveStates.add(name);
      } else if (state.Type === 'Map') {
        const processor = (state.ItemProcessor ?? state.Iterator) as AslMachine;
        mapMembers.set(name, new Set(visit(processor)));
      } else if (state.Type === 'Parallel') {
        for (const branch of state.Branches as AslMachine[]) names.push(...visit(branch));
      }
      states.set(name, machine.States[name]!);
    }
    return names.flatMap((name) => [name, ...(mapMembers.get(name) ?? [])]);
  };
  visit(copy);
  return { definition: copy as unknown as StateMachineDefinition, keepAliveStates, mapMembers, states };
}

/** A Wait state as a local task: the runner's clock does the waiting, so it can be long, resumable and faked. */
function waitAsTask(state: AslState, timeoutSeconds: number): AslState {
  const parameters: Record<string, unknown> = { 'input.$': '$' };
  if (state.Seconds !== undefined) parameters.seconds = state.Seconds;
  if (state.SecondsPath !== undefined) parameters['seconds.$'] = state.SecondsPath;
  if (state.Timestamp !== undefined) parameters.until = state.Timestamp;
  if (state.TimestampPath !== undefined) parameters['until.$'] = state.TimestampPath;
  const task: AslState = {
    Type: 'Task',
    Comment: 'Locally: the Wait state, run on the runner clock',
    Resource: localWaitResource,
    Parameters: parameters,
    TimeoutSeconds: timeoutSeconds,
    Retry: [keepAliveRetrier],
  };
  for (const field of ['InputPath', 'OutputPath', 'Next', 'End'] as const) {
    if (state[field] !== undefined) task[field] = state[field];
  }
  return task;
}

type OpenTask = CallbackTask & { stateKey: string; ready: boolean };

interface PendingTask {
  promise: Promise<Json>;
  resolve: (value: Json) => void;
  reject: (error: Error) => void;
}

interface ExecutionState {
  id: string;
  abort: AbortController;
  /** Callback tasks by token, from before their handler runs until they are settled; `ready` once recorded. */
  open: Map<string, OpenTask>;
  /** Pending task promises by state name + input, so a keep-alive retry rejoins the same wait. */
  pendingByKey: Map<string, Promise<Json>>;
  occurrences: Map<string, number>;
  events: WorkflowEvent[];
  waiters: Set<{
    predicate: (task: CallbackTask) => boolean;
    resolve: (task: CallbackTask) => void;
    reject: (e: Error) => void;
  }>;
  ended: ExecutionResult | undefined;
}

/** One execution: its outcome, its event log and its open human steps. */
export interface WorkflowExecution {
  readonly executionId: string;
  /** Settles when the execution ends; never rejects. */
  readonly result: Promise<ExecutionResult>;
  /** The library's event log so far. */
  readonly events: readonly WorkflowEvent[];
  /** States entered, in order (Map iterations interleave). */
  enteredStates(): string[];
  /** State transitions as Standard workflows bill them: states entered plus retries (local keep-alives excluded). */
  stateTransitions(): number;
  openTasks(): CallbackTask[];
  /** An open callback task that matches, now or once one opens; rejects if the execution ends first. */
  waitForTask(predicate?: (task: CallbackTask) => boolean): Promise<CallbackTask>;
  abort(): void;
}

/** Runs executions of one state machine; settles callback tasks by token, across executions. */
export class WorkflowRunner {
  readonly loaded: LoadedStateMachine;
  readonly #machine: StateMachine;
  readonly #local: ReturnType<typeof localDefinition>;
  readonly #options: WorkflowRunnerOptions;
  readonly #tokens = new Map<string, { execution: ExecutionState; pending: PendingTask } | 'closed'>();

  constructor(options: WorkflowRunnerOptions) {
    this.#options = options;
    const source = options.stateMachine;
    this.loaded =
      typeof source === 'object' && 'definition' in source && 'lambdaByResource' in source
        ? source
        : loadStateMachineDefinition(source as CfnTemplate | string);
    // The cloud definition must be valid as it is; the local copy only differs in what is listed above.
    new StateMachine(this.loaded.definition);
    this.#local = localDefinition(this.loaded.definition, options.taskTimeoutSeconds);
    this.#machine = new StateMachine(this.#local.definition);
    for (const entry of this.loaded.lambdaByResource.values()) {
      if (!options.handlers[entry]) throw new Error(`No local handler for ${entry}`);
    }
  }

  start(input: Json, options: StartOptions = {}): WorkflowExecution {
    const id = options.executionId ?? randomUUID();
    const execution: ExecutionState = {
      id,
      abort: new AbortController(),
      open: new Map(),
      pendingByKey: new Map(),
      occurrences: new Map(),
      events: [],
      waiters: new Set(),
      ended: undefined,
    };

    const handlers: Record<string, (input: Json) => Promise<Json>> = {};
    for (const [name, state] of this.#local.states) {
      if (state.Type === 'Task') {
        handlers[name] = (taskInput) => this.#runTask(execution, name, state, taskInput, options);
      }
    }
    const run = this.#machine.run(input, {
      overrides: {
        taskResourceLocalHandlers: handlers,
        ...(options.retryIntervalOverrides ? { retryIntervalOverrides: options.retryIntervalOverrides } : {}),
      },
      context: {
        Execution: { Id: `arn:aws:states:local:000000000000:execution:approval:${id}`, Name: id },
        StateMachine: { Id: 'arn:aws:states:local:000000000000:stateMachine:approval', Name: 'approval' },
        // The library leaves $$.Task.Token undefined; a placeholder resolves, and the runner swaps in a real token.
        Task: { Token: tokenPlaceholder },
      },
    });
    const eventsDone = this.#consumeEvents(execution, run.eventLogs);

    const result: Promise<ExecutionResult> = run.result
      .then(
        (output) => ({ status: 'SUCCEEDED' as const, output: output as Json }),
        (error: unknown) => {
          if (error instanceof ExecutionAbortedError) return { status: 'ABORTED' as const };
          const cause = error instanceof ExecutionError ? (error.cause as Error) : (error as Error);
          return {
            status: 'FAILED' as const,
            error: cause?.name ?? 'Error',
            cause: cause?.message ?? String(error),
          };
        },
      )
      .then(async (outcome) => {
        await eventsDone;
        this.#end(execution, outcome);
        return outcome;
      });

    const local = this.#local;
    return {
      executionId: id,
      result,
      events: execution.events,
      enteredStates: () =>
        execution.events.filter((e) => e.type === 'StateEntered').map((e) => e.state!.name),
      stateTransitions: () =>
        execution.events.filter(
          (e) =>
            e.type === 'StateEntered' ||
            (e.type === 'StateRetried' &&
              !(
                local.keepAliveStates.has(e.state!.name) &&
                e.retry?.retrier.ErrorEquals[0] === 'States.Timeout'
              )),
        ).length,
      openTasks: () => [...execution.open.values()].filter((task) => task.ready).map(publicTask),
      waitForTask: (predicate = () => true) => this.#waitForTask(execution, predicate),
      abort: () => run.abort(),
    };
  }

  /** Ends a callback task with its output, as SendTaskSuccess does. */
  sendTaskSuccess(token: string, output: Json): void {
    this.#settle(token).resolve(structuredClone(output));
  }

  /** Ends a callback task with an error, as SendTaskFailure does. */
  sendTaskFailure(token: string, error = 'TaskFailed', cause = ''): void {
    const failure = new Error(cause);
    failure.name = error;
    this.#settle(token).reject(failure);
  }

  #settle(token: string): PendingTask {
    const entry = this.#tokens.get(token);
    if (entry === undefined) throw new TaskTokenError('InvalidToken', 'Invalid token');
    if (entry === 'closed') {
      throw new TaskTokenError(
        'TaskTimedOut',
        'Task Timed Out: the task is closed or its execution has ended',
      );
    }
    this.#close(entry.execution, token);
    return entry.pending;
  }

  #close(execution: ExecutionState, token: string): void {
    const task = execution.open.get(token);
    if (task) execution.pendingByKey.delete(task.stateKey);
    execution.open.delete(token);
    this.#tokens.set(token, 'closed');
  }

  async #runTask(
    execution: ExecutionState,
    stateName: string,
    state: AslState,
    input: Json,
    options: StartOptions,
  ): Promise<Json> {
    const resource = String(state.Resource);
    const stateKey = `${stateName}|${JSON.stringify(input)}`;
    const rejoin = execution.pendingByKey.get(stateKey);
    if (rejoin) return rejoin; // a keep-alive retry: still the same task

    const kind: TaskCall['kind'] =
      resource === localWaitResource ? 'wait' : callbackResource.test(resource) ? 'callback' : 'lambda';
    const occurrence = (execution.occurrences.get(stateKey) ?? 0) + 1;
    execution.occurrences.set(stateKey, occurrence);
    const proceed = (): Promise<Json> => {
      if (kind === 'wait') return this.#wait(execution, stateName, input, options);
      if (kind === 'callback') return this.#openCallback(execution, stateName, stateKey, input);
      return this.#invoke(stateName, resource, input);
    };
    const call = { executionId: execution.id, stateName, kind, input, occurrence };
    const promise = this.#options.interceptor ? this.#options.interceptor(call, proceed) : proceed();
    if (kind !== 'lambda') {
      execution.pendingByKey.set(stateKey, promise);
      promise.then(
        () => execution.pendingByKey.delete(stateKey),
        () => execution.pendingByKey.delete(stateKey),
      );
    }
    return promise;
  }

  async #invoke(stateName: string, resource: string, input: Json): Promise<Json> {
    if (functionArn.test(resource)) return this.#callHandler(resource, input);
    if (invokeResource.test(resource)) {
      const { FunctionName, Payload } = input as { FunctionName: string; Payload: Json };
      const payload = await this.#callHandler(FunctionName, Payload ?? null);
      return { ExecutedVersion: '$LATEST', Payload: payload, StatusCode: 200 };
    }
    throw namedError('States.Runtime', `${stateName}: resource ${resource} has no local implementation`);
  }

  async #openCallback(
    execution: ExecutionState,
    stateName: string,
    stateKey: string,
    input: Json,
  ): Promise<Json> {
    const { FunctionName, Payload } = input as { FunctionName: string; Payload: Json };
    const entry = this.#entryOf(FunctionName);
    const base = { executionId: execution.id, stateName, entry };
    const token = this.#options.createToken?.(base) ?? `local:${execution.id}:${randomUUID()}`;
    const payload = replacePlaceholder(Payload, token) as Record<string, unknown>;

    let resolve!: (value: Json) => void;
    let reject!: (error: Error) => void;
    const promise = new Promise<Json>((res, rej) => ((resolve = res), (reject = rej)));
    // Registered before the handler runs: a decision may arrive as soon as the handler has stored the token.
    this.#tokens.set(token, { execution, pending: { promise, resolve, reject } });
    const task: OpenTask = { ...base, token, payload, stateKey, ready: false };
    execution.open.set(token, task);
    try {
      await this.#callHandler(FunctionName, payload as Json);
    } catch (error) {
      this.#close(execution, token);
      throw error;
    }
    if (execution.open.has(token)) {
      task.ready = true;
      for (const waiter of execution.waiters) {
        if (waiter.predicate(publicTask(task))) {
          execution.waiters.delete(waiter);
          waiter.resolve(publicTask(task));
        }
      }
    }
    return promise;
  }

  async #wait(
    execution: ExecutionState,
    stateName: string,
    input: Json,
    options: StartOptions,
  ): Promise<Json> {
    const { input: original, seconds, until } = input as { input: Json; seconds?: number; until?: string };
    const clock = this.#options.clock ?? systemClock;
    const override = options.waitTimeOverrides?.[stateName];
    const instant =
      override !== undefined
        ? clock.now() + override
        : until !== undefined
          ? Date.parse(until)
          : clock.now() + (seconds ?? 0) * 1000;
    if (Number.isNaN(instant)) throw namedError('States.Runtime', `${stateName}: invalid timestamp ${until}`);
    await clock.sleepUntil(instant, execution.abort.signal);
    return original;
  }

  async #callHandler(arn: string, event: Json): Promise<Json> {
    const entry = this.#entryOf(arn);
    const handler = this.#options.handlers[entry]!;
    try {
      // A task may run up to Lambda's 15 minutes.
      const result = await handler(
        structuredClone(event),
        lambdaContext(entry.replace(/^.*\//, '').replace(/\.ts$/, ''), 900_000),
      );
      // What leaves a Lambda is JSON: dates become strings, undefined becomes null.
      return JSON.parse(JSON.stringify(result ?? null)) as Json;
    } catch (error) {
      // As Step Functions reports a function error: the name is the error type, the cause Lambda's JSON.
      const e = error instanceof Error ? error : new Error(String(error));
      throw namedError(
        e.name,
        JSON.stringify({ errorType: e.name, errorMessage: e.message, trace: (e.stack ?? '').split('\n') }),
      );
    }
  }

  #entryOf(arn: string): string {
    const entry = this.loaded.lambdaByResource.get(arn);
    if (!entry) throw namedError('Lambda.ResourceNotFoundException', `Function not found: ${arn}`);
    return entry;
  }

  async #consumeEvents(execution: ExecutionState, events: AsyncGenerator<unknown>): Promise<void> {
    for await (const raw of events) {
      const event = raw as WorkflowEvent;
      execution.events.push(event);
      this.#options.onEvent?.(execution.id, event);
      const abandoned =
        event.state?.type === 'Map' && (event.type === 'StateFailed' || event.type === 'StateExited');
      if (abandoned) {
        // Iterations a Map stopped (a sibling refused) leave their human steps open: their tokens die here.
        const members = this.#local.mapMembers.get(event.state!.name) ?? new Set();
        for (const task of [...execution.open.values()]) {
          if (members.has(task.stateName)) this.#close(execution, task.token);
        }
      }
    }
  }

  #end(execution: ExecutionState, outcome: ExecutionResult): void {
    execution.ended = outcome;
    execution.abort.abort();
    for (const token of [...execution.open.keys()]) this.#close(execution, token);
    for (const waiter of execution.waiters) {
      waiter.reject(
        new Error(`Execution ${execution.id} ended (${outcome.status}) before a matching task opened`),
      );
    }
    execution.waiters.clear();
  }

  #waitForTask(execution: ExecutionState, predicate: (task: CallbackTask) => boolean): Promise<CallbackTask> {
    for (const task of execution.open.values()) {
      // A task still inside its handler is not open yet: it is picked up when the handler returns.
      if (task.ready && predicate(publicTask(task))) return Promise.resolve(publicTask(task));
    }
    if (execution.ended) {
      return Promise.reject(new Error(`Execution ${execution.id} has ended (${execution.ended.status})`));
    }
    return new Promise((resolve, reject) => execution.waiters.add({ predicate, resolve, reject }));
  }
}

function publicTask(task: OpenTask): CallbackTask {
  const { stateKey: _stateKey, ready: _ready, ...rest } = task;
  return rest;
}

function replacePlaceholder(value: Json, token: string): Json {
  if (value === tokenPlaceholder) return token;
  if (Array.isArray(value)) return value.map((item) => replacePlaceholder(item, token));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replacePlaceholder(v, token)]));
  }
  return value;
}

function namedError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

/** Convenience: a runner over a template (or its path) with these handlers. */
export function createWorkflowRunner(options: WorkflowRunnerOptions): WorkflowRunner {
  return new WorkflowRunner(options);
}
