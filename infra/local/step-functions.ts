// Step Functions on this machine, durably: executions of the synthesized state machine run in the
// WorkflowRunner (aws-local-stepfunctions underneath), and every task result is journaled before the execution
// goes on. After a crash, each unfinished execution is replayed from its input: tasks found in the journal get
// their recorded result back without running again, the first task not found runs for real. A human step whose
// decision never reached the journal simply opens again: open-human-step is idempotent and gets a fresh token,
// and when the step was decided meanwhile (the decision was recorded in DynamoDB, its SendTaskSuccess lost in
// the crash) it delivers the recorded decision on the new token itself. So a killed process loses no
// application and no decision, and no task that already ran runs twice.
//
// As in AWS, an execution keeps the definition it started on: definitions are kept by digest beside the
// journal, and an execution resumes on its own even when the state machine has changed since (the handlers are
// the current ones, as Lambda's $LATEST would be).
//
// The operations answer the way Step Functions does (StartExecution, SendTaskSuccess, SendTaskFailure,
// DescribeExecution), errors under the service's names, so the HTTP endpoint in sfn-endpoint.ts only translates.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LoadedStateMachine } from './asl.ts';
import { type JournalRecord, Journal } from './journal.ts';
import {
  type ExecutionResult,
  type LocalHandler,
  type TaskCall,
  type WorkflowClock,
  type WorkflowExecution,
  TaskTokenError,
  WorkflowRunner,
} from './run-workflow.ts';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export const localStateMachineArn = 'arn:aws:states:local:000000000000:stateMachine:approval';

/** The error names the Step Functions API answers with, as the SDK maps them to exception classes. */
export type StepFunctionsErrorName =
  | 'TaskTimedOut'
  | 'InvalidToken'
  | 'TaskDoesNotExist'
  | 'ExecutionAlreadyExists'
  | 'ExecutionDoesNotExist'
  | 'StateMachineDoesNotExist'
  | 'InvalidArn'
  | 'InvalidName'
  | 'InvalidExecutionInput'
  | 'InvalidOutput';

export class StepFunctionsError extends Error {
  override readonly name: StepFunctionsErrorName;
  constructor(name: StepFunctionsErrorName, message: string) {
    super(message);
    this.name = name;
  }
}

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'ABORTED';

export interface ExecutionDescription {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: ExecutionStatus;
  startDate: Date;
  stopDate?: Date;
  input: Json;
  output?: Json;
  error?: string;
  cause?: string;
}

export interface LocalStepFunctionsOptions {
  /** The definition new executions run on. */
  stateMachine: LoadedStateMachine;
  /**
   * Where definitions are kept by digest, so that an execution resumes on the definition it started with, as in
   * AWS, even when the state machine has changed since. @default none: everything resumes on `stateMachine`
   */
  definitionsDir?: string;
  /** Handler by entry, for every Lambda the state machine invokes. */
  handlers: Record<string, LocalHandler>;
  /** Where the journal lives (created when missing), or the journal opened already with what it holds. */
  journal: string | { journal: Journal; records: JournalRecord[] };
  clock?: WorkflowClock;
  log?: (message: string) => void;
  /**
   * Crash tests only: the n-th SendTaskSuccess kills the process (SIGKILL) before it is applied, which leaves a
   * decision recorded in DynamoDB whose callback never arrived.
   */
  crashOnSendTaskSuccess?: number;
}

interface ExecutionRecord {
  name: string;
  input: Json;
  /** Digest of the definition it started on (absent in journals from before definitions were recorded). */
  definition?: string;
  startDate: Date;
  status: ExecutionStatus;
  stopDate?: Date;
  output?: Json;
  error?: string;
  cause?: string;
  run?: WorkflowExecution;
  runner?: WorkflowRunner;
  /** Journaled results a replay hands back, by task key. */
  replay: Map<string, Extract<JournalRecord, { type: 'result' }>>;
  inFlight: Record<TaskCall['kind'], number>;
}

export class LocalStepFunctions {
  readonly stateMachineArn = localStateMachineArn;
  /** The runner of the current definition. */
  readonly runner: WorkflowRunner;
  /** Digest of the current definition. */
  readonly definition: string;
  readonly #runners = new Map<string, WorkflowRunner>();
  readonly #options: LocalStepFunctionsOptions;
  /** The platform's time (a movable clock in tests and the demo). */
  readonly #now = (): Date => new Date(this.#options.clock?.now() ?? Date.now());
  readonly #journal: Journal;
  readonly #executions = new Map<string, ExecutionRecord>();
  readonly #log: (message: string) => void;
  readonly #crashOn: number | undefined;
  #sendTaskSuccessCalls = 0;
  #stopping = false;

  /** @throws JournalCorrupt when the journal cannot be read */
  constructor(options: LocalStepFunctionsOptions) {
    this.#options = options;
    this.#log = options.log ?? (() => undefined);
    this.#crashOn = options.crashOnSendTaskSuccess;
    const { journal, records } =
      typeof options.journal === 'string' ? Journal.open(options.journal) : options.journal;
    this.#journal = journal;
    this.#load(records);
    this.definition = definitionDigest(options.stateMachine);
    this.runner = this.#runnerFor(options.stateMachine, this.definition);
    if (options.definitionsDir) saveDefinition(options.definitionsDir, this.definition, options.stateMachine);
  }

  #runnerFor(stateMachine: LoadedStateMachine, digest: string): WorkflowRunner {
    let runner = this.#runners.get(digest);
    if (!runner) {
      runner = new WorkflowRunner({
        stateMachine,
        handlers: this.#options.handlers,
        ...(this.#options.clock ? { clock: this.#options.clock } : {}),
        interceptor: (call, proceed) => this.#intercept(call, proceed),
      });
      this.#runners.set(digest, runner);
    }
    return runner;
  }

  /** The runner of the definition the execution started on, when it is known and kept; else the current one. */
  #runnerOf(record: ExecutionRecord): WorkflowRunner {
    const digest = record.definition;
    if (digest === undefined || digest === this.definition) return this.runner;
    const known = this.#runners.get(digest);
    if (known) return known;
    const kept = this.#options.definitionsDir
      ? loadDefinition(this.#options.definitionsDir, digest)
      : undefined;
    if (!kept) {
      this.#log(
        `execution ${record.name} started on a state machine definition that is not kept (${digest}); ` +
          'it resumes on the current one',
      );
      return this.runner;
    }
    this.#log(`execution ${record.name} resumes on the definition it started on (${digest})`);
    return this.#runnerFor(kept, digest);
  }

  /** Executions the journal shows started and not ended. */
  get unfinished(): string[] {
    return [...this.#executions.values()].filter((e) => e.status === 'RUNNING').map((e) => e.name);
  }

  /**
   * Replays every unfinished execution from the journal, and resolves once each has caught up: it ended, or
   * it waits for a decision or a timer again.
   */
  async recover(options: { timeoutMs?: number } = {}): Promise<string[]> {
    const resumed: string[] = [];
    for (const record of this.#executions.values()) {
      if (record.status !== 'RUNNING' || record.run) continue;
      this.#run(record);
      resumed.push(record.name);
    }
    if (resumed.length > 0) await this.settled(options);
    return resumed;
  }

  /**
   * Resolves when no execution is busy: each one has ended or waits on human steps and timers only, with every
   * human step recorded (its handler done). Checked a few times in a row, since a Map's iterations move apart.
   */
  async settled(options: { timeoutMs?: number } = {}): Promise<void> {
    // Real elapsed time: the process clock may be travelling.
    const deadline = performance.now() + (options.timeoutMs ?? 30_000);
    let calm = 0;
    while (calm < 3) {
      if (performance.now() > deadline) {
        throw new Error(`Executions still busy: ${this.#busy().join(', ')}`);
      }
      calm = this.#busy().length === 0 ? calm + 1 : 0;
      await new Promise((resolve) => setTimeout(resolve, 15));
    }
  }

  #busy(): string[] {
    return [...this.#executions.values()]
      .filter((record) => {
        if (record.status !== 'RUNNING' || !record.run) return false;
        const { lambda, callback, wait } = record.inFlight;
        const idle = lambda === 0 && callback + wait > 0 && callback === record.run.openTasks().length;
        return !idle;
      })
      .map((record) => record.name);
  }

  /**
   * StartExecution. A name already used answers ExecutionAlreadyExists, except for a running execution started
   * with the same input, which answers as the first call did (as Standard workflows do).
   */
  startExecution(request: { stateMachineArn: string; name: string; input: Json }): {
    executionArn: string;
    startDate: Date;
  } {
    if (request.stateMachineArn !== this.stateMachineArn) {
      throw new StepFunctionsError(
        'StateMachineDoesNotExist',
        `State Machine Does Not Exist: '${request.stateMachineArn}'`,
      );
    }
    if (!/^[A-Za-z0-9_-]{1,80}$/.test(request.name)) {
      throw new StepFunctionsError('InvalidName', `Invalid Name: '${request.name}'`);
    }
    const existing = this.#executions.get(request.name);
    if (existing) {
      const same = JSON.stringify(existing.input) === JSON.stringify(request.input);
      if (existing.status === 'RUNNING' && same) {
        return { executionArn: this.executionArn(existing.name), startDate: existing.startDate };
      }
      throw new StepFunctionsError(
        'ExecutionAlreadyExists',
        `Execution Already Exists: '${this.executionArn(request.name)}'`,
      );
    }
    const startDate = this.#now();
    this.#journal.append({
      type: 'started',
      executionId: request.name,
      input: request.input,
      definition: this.definition,
      at: startDate.toISOString(),
    });
    const record = this.#record(request.name, request.input, startDate, this.definition);
    this.#run(record);
    return { executionArn: this.executionArn(record.name), startDate };
  }

  sendTaskSuccess(taskToken: string, output: Json): void {
    this.#sendTaskSuccessCalls += 1;
    if (this.#crashOn !== undefined && this.#sendTaskSuccessCalls === this.#crashOn) {
      this.#log(`crash test: killing the process before SendTaskSuccess #${this.#crashOn} is applied`);
      process.kill(process.pid, 'SIGKILL');
    }
    this.#settle(taskToken, (runner) => runner.sendTaskSuccess(taskToken, output));
  }

  sendTaskFailure(taskToken: string, error: string, cause: string): void {
    this.#settle(taskToken, (runner) => runner.sendTaskFailure(taskToken, error, cause));
  }

  describeExecution(executionArn: string): ExecutionDescription {
    const name = executionArn.startsWith(`${this.executionArn('')}`)
      ? executionArn.slice(this.executionArn('').length)
      : undefined;
    if (name === undefined) throw new StepFunctionsError('InvalidArn', `Invalid Arn: '${executionArn}'`);
    const record = this.#executions.get(name);
    if (!record) {
      throw new StepFunctionsError('ExecutionDoesNotExist', `Execution Does Not Exist: '${executionArn}'`);
    }
    return this.#describe(record);
  }

  listExecutions(): ExecutionDescription[] {
    return [...this.#executions.values()].map((record) => this.#describe(record));
  }

  /** The running execution of that name in this process (tests: its open tasks, its event log). */
  execution(name: string): WorkflowExecution | undefined {
    return this.#executions.get(name)?.run;
  }

  executionArn(name: string): string {
    return `${this.stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
  }

  /**
   * Stops every execution where it stands, without recording an end: the next start resumes them.
   */
  async stop(): Promise<void> {
    this.#stopping = true;
    const running = [...this.#executions.values()].filter((r) => r.run && r.status === 'RUNNING');
    for (const record of running) record.run!.abort();
    await Promise.race([
      Promise.all(running.map((record) => record.run!.result)),
      new Promise((resolve) => setTimeout(resolve, 5_000)),
    ]);
    this.#journal.close();
  }

  /** Settles a token with the runner of its execution (the token names it: `local:<execution>:<id>`). */
  #settle(taskToken: string, apply: (runner: WorkflowRunner) => void): void {
    const name = /^local:([^:]+):/.exec(taskToken)?.[1];
    const record = name === undefined ? undefined : this.#executions.get(name);
    try {
      apply(record?.runner ?? this.runner);
    } catch (error) {
      if (!(error instanceof TaskTokenError)) throw error;
      // A token of an execution that has ended since (in an earlier run of the runtime) is timed out, as in AWS.
      if (error.name === 'InvalidToken' && record && record.status !== 'RUNNING') {
        throw new StepFunctionsError('TaskTimedOut', 'Task Timed Out: its execution has ended');
      }
      throw new StepFunctionsError(error.name, error.message);
    }
  }

  #describe(record: ExecutionRecord): ExecutionDescription {
    return {
      executionArn: this.executionArn(record.name),
      stateMachineArn: this.stateMachineArn,
      name: record.name,
      status: record.status,
      startDate: record.startDate,
      ...(record.stopDate ? { stopDate: record.stopDate } : {}),
      input: record.input,
      ...(record.output !== undefined ? { output: record.output } : {}),
      ...(record.error !== undefined ? { error: record.error } : {}),
      ...(record.cause !== undefined ? { cause: record.cause } : {}),
    };
  }

  #load(records: JournalRecord[]): void {
    for (const entry of records) {
      switch (entry.type) {
        case 'started':
          this.#record(entry.executionId, entry.input, new Date(entry.at), entry.definition);
          break;
        case 'result':
          this.#executions.get(entry.executionId)?.replay.set(entry.key, entry);
          break;
        case 'ended': {
          const record = this.#executions.get(entry.executionId);
          if (!record) break;
          record.status = entry.status;
          record.stopDate = new Date(entry.at);
          if (entry.output !== undefined) record.output = entry.output;
          if (entry.error !== undefined) record.error = entry.error;
          if (entry.cause !== undefined) record.cause = entry.cause;
          record.replay.clear(); // what an ended execution received is not needed again
          break;
        }
      }
    }
  }

  #record(name: string, input: Json, startDate: Date, definition?: string): ExecutionRecord {
    const record: ExecutionRecord = {
      name,
      input,
      ...(definition !== undefined ? { definition } : {}),
      startDate,
      status: 'RUNNING',
      replay: new Map(),
      inFlight: { lambda: 0, callback: 0, wait: 0 },
    };
    this.#executions.set(name, record);
    return record;
  }

  #run(record: ExecutionRecord): void {
    record.runner = this.#runnerOf(record);
    record.run = record.runner.start(record.input, { executionId: record.name });
    void record.run.result.then((outcome) => this.#ended(record, outcome));
  }

  #ended(record: ExecutionRecord, outcome: ExecutionResult): void {
    if (this.#stopping) return; // stopped, not ended: the next start resumes it
    const at = this.#now();
    record.status = outcome.status;
    record.stopDate = at;
    record.replay.clear();
    if (outcome.status === 'SUCCEEDED') record.output = outcome.output;
    if (outcome.status === 'FAILED') {
      record.error = outcome.error;
      record.cause = outcome.cause;
    }
    this.#journal.append({
      type: 'ended',
      executionId: record.name,
      status: outcome.status,
      ...(outcome.status === 'SUCCEEDED' ? { output: outcome.output } : {}),
      ...(outcome.status === 'FAILED' ? { error: outcome.error, cause: outcome.cause } : {}),
      at: at.toISOString(),
    });
    this.#log(`execution ${record.name} ${outcome.status.toLowerCase()}`);
  }

  async #intercept(call: TaskCall, proceed: () => Promise<Json>): Promise<Json> {
    const record = this.#executions.get(call.executionId);
    if (!record) return proceed();
    const key = taskKey(call);
    const journaled = record.replay.get(key);
    if (journaled) {
      record.replay.delete(key);
      if (journaled.error) throw namedError(journaled.error.name, journaled.error.message);
      return journaled.output ?? null;
    }

    record.inFlight[call.kind] += 1;
    try {
      const output = await proceed();
      // A wait cut short by stop() did not end: nothing is recorded, and the next start waits again.
      if (!this.#stopping) {
        this.#journal.append({
          type: 'result',
          executionId: call.executionId,
          key,
          state: call.stateName,
          output,
        });
      }
      return output;
    } catch (error) {
      if (!this.#stopping) {
        const e = error instanceof Error ? error : new Error(String(error));
        this.#journal.append({
          type: 'result',
          executionId: call.executionId,
          key,
          state: call.stateName,
          error: { name: e.name, message: e.message },
        });
      }
      throw error;
    } finally {
      record.inFlight[call.kind] -= 1;
    }
  }
}

/** Identifies a definition: the ASL and the handler each function stands for. */
export function definitionDigest(stateMachine: LoadedStateMachine): string {
  return createHash('sha256')
    .update(JSON.stringify(stateMachine.definition))
    .update(JSON.stringify([...stateMachine.lambdaByResource].sort()))
    .digest('hex')
    .slice(0, 16);
}

function saveDefinition(directory: string, digest: string, stateMachine: LoadedStateMachine): void {
  const path = join(directory, `${digest}.json`);
  if (existsSync(path)) return;
  mkdirSync(directory, { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(
    temporary,
    JSON.stringify({ ...stateMachine, lambdaByResource: [...stateMachine.lambdaByResource] }),
  );
  renameSync(temporary, path);
}

function loadDefinition(directory: string, digest: string): LoadedStateMachine | undefined {
  try {
    const saved = JSON.parse(readFileSync(join(directory, `${digest}.json`), 'utf8')) as Omit<
      LoadedStateMachine,
      'lambdaByResource'
    > & { lambdaByResource: [string, string][] };
    return { ...saved, lambdaByResource: new Map(saved.lambdaByResource) };
  } catch {
    return undefined;
  }
}

/**
 * A task's identity within its execution, the same in every replay: the state, what it was given (which tells
 * the Map's iterations apart: each carries its permit) and how many times that state got that input before.
 */
export function taskKey(call: Pick<TaskCall, 'stateName' | 'input' | 'occurrence'>): string {
  const digest = createHash('sha256').update(JSON.stringify(call.input)).digest('base64url').slice(0, 22);
  return `${call.stateName}#${digest}#${call.occurrence}`;
}

function namedError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}
