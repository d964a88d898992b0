// The API handlers' dependencies, built in one place: the repository over the single table, the Step
// Functions client and workflow starter, the working-day calendar and the clock. Handlers build them
// lazily from the environment on first use; the embedded runtime and tests pass their own instead.
import { randomUUID } from 'node:crypto';
import { ExecutionAlreadyExists, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { Logger } from '@aws-lambda-powertools/logger';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { WorkingCalendar } from '#shared/calendar/index';
import { createDocumentClient } from '#shared/data/client';
import type { MetricsPort } from '#shared/observability/metrics';
import { metricsFromEnv } from '#shared/observability/powertools-metrics';
import {
  refreshingCalendarOnRead,
  tableCalendarSource,
  type CalendarSource,
} from '#services/admin/calendar-source';
import type { SubmitDeps, WorkflowStarter } from '#services/intake/core/deps';
import { DynamoDbWorkflowStore } from '#services/workflow/adapters/dynamodb-workflow-store';
import { SfnTaskCallbacks } from '#services/workflow/adapters/sfn-task-callbacks';
import type { ExecutionInput } from '#services/workflow/contract';
import { workflowConfig, type WorkflowConfig } from '#services/workflow/core/config';
import type { TaskCallbacks, WorkflowDependencies } from '#services/workflow/core/ports';
import type { IdempotencyStore } from '#shared/http/idempotency';
import { SingleTableIdempotencyStore } from './idempotency-store.ts';

/**
 * Everything an API handler may need: the intake logic's deps and the workflow core's (decisions go through
 * its decideHumanStep). `repository` and `store` are the same object.
 */
export interface ApiDeps extends SubmitDeps, WorkflowDependencies {
  calendar: WorkingCalendar;
  /** Where idempotent routes keep their records (`Idempotency-Key`): the same table. */
  idempotency: IdempotencyStore;
  /** The calendar's source (absent with a fixed calendar): calendar administration writes through it. */
  calendars?: CalendarSource;
  /** The single table and its client, for stores of other contexts (the notification centre). */
  documentClient: DynamoDBDocumentClient;
  tableName: string;
}

export interface ApiDepsOptions {
  tableName: string;
  /** Needed by the handlers that start executions; the others run without it. */
  stateMachineArn?: string | undefined;
  /** DynamoDB Local in the embedded runtime, e.g. `http://127.0.0.1:8000`. */
  dynamodbEndpoint?: string | undefined;
  /** A document client of the caller's (tests, the embedded runtime); wins over `dynamodbEndpoint`. */
  documentClient?: DynamoDBDocumentClient;
  /** A local Step Functions endpoint in the embedded runtime. */
  stepFunctionsEndpoint?: string | undefined;
  /** The embedded runtime's own: where SendTaskSuccess / StartExecution go. @default Step Functions */
  taskCallbacks?: TaskCallbacks;
  workflow?: WorkflowStarter;
  /** A fixed calendar. @default the bundled years plus the table's calendar configuration, cached a minute */
  calendar?: WorkingCalendar;
  /** @default Powertools metrics in Lambda, none elsewhere */
  metrics?: MetricsPort;
  /** @default records in the same table, through the same document client */
  idempotency?: IdempotencyStore;
  config?: WorkflowConfig;
  logger?: WorkflowDependencies['logger'];
  now?: () => Date;
  newId?: () => string;
}

export function createApiDeps(options: ApiDepsOptions): ApiDeps {
  const client =
    options.documentClient ??
    createDocumentClient(
      options.dynamodbEndpoint !== undefined ? { endpoint: options.dynamodbEndpoint } : {},
    );
  const logger = options.logger ?? workflowLogger();
  const fixedCalendar = options.calendar;
  const calendars = fixedCalendar
    ? undefined
    : tableCalendarSource({
        tableName: options.tableName,
        ...(options.documentClient
          ? { client: options.documentClient }
          : options.dynamodbEndpoint !== undefined
            ? { endpoint: options.dynamodbEndpoint }
            : {}),
        logger,
      });
  const tableStore = new DynamoDbWorkflowStore({ client, tableName: options.tableName });
  // Every read first refreshes a stale calendar, so deadlines computed after it use the current one.
  const store = calendars ? refreshingCalendarOnRead(tableStore, calendars) : tableStore;
  const sfn = createSfnClient(options.stepFunctionsEndpoint);
  return {
    documentClient: client,
    tableName: options.tableName,
    repository: store,
    store,
    taskCallbacks: options.taskCallbacks ?? new SfnTaskCallbacks(sfn),
    workflow: options.workflow ?? sfnWorkflowStarter(sfn, options.stateMachineArn),
    get calendar(): WorkingCalendar {
      return fixedCalendar ?? calendars!.current();
    },
    ...(calendars ? { calendars } : {}),
    metrics: options.metrics ?? metricsFromEnv(),
    config: options.config ?? workflowConfig(),
    logger,
    now: options.now ?? (() => new Date()),
    newId: options.newId ?? (() => randomUUID()),
    idempotency:
      options.idempotency ?? new SingleTableIdempotencyStore({ client, tableName: options.tableName }),
  };
}

/**
 * From the variables the stack sets (TABLE_NAME, STATE_MACHINE_ARN) and the embedded runtime may add
 * (DYNAMODB_ENDPOINT, STEPFUNCTIONS_ENDPOINT).
 * @throws when TABLE_NAME is missing: a misconfigured function fails on its first request, loudly.
 */
export function apiDepsFromEnv(env: NodeJS.ProcessEnv = process.env): ApiDeps {
  const tableName = env.TABLE_NAME;
  if (!tableName) throw new Error('TABLE_NAME is not set');
  return createApiDeps({
    tableName,
    stateMachineArn: env.STATE_MACHINE_ARN || undefined,
    dynamodbEndpoint: env.DYNAMODB_ENDPOINT || undefined,
    stepFunctionsEndpoint: env.STEPFUNCTIONS_ENDPOINT || undefined,
  });
}

/** Deps given directly, or a factory called once on first use (so importing a handler needs no environment). */
export type DepsSource = ApiDeps | (() => ApiDeps);

export function lazyDeps(source: DepsSource = apiDepsFromEnv): () => ApiDeps {
  if (typeof source !== 'function') return () => source;
  let deps: ApiDeps | undefined;
  return () => (deps ??= source());
}

/** The workflow core logs through a narrow interface; a Powertools Logger behind it. */
function workflowLogger(): WorkflowDependencies['logger'] {
  const logger = new Logger({
    serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'one-window',
    persistentKeys: { part: 'workflow-core' },
  });
  return {
    info: (message, extra) => (extra ? logger.info(message, extra) : logger.info(message)),
    warn: (message, extra) => (extra ? logger.warn(message, extra) : logger.warn(message)),
    error: (message, extra) => (extra ? logger.error(message, extra) : logger.error(message)),
  };
}

function createSfnClient(endpoint: string | undefined): SFNClient {
  if (endpoint === undefined) return new SFNClient({ maxAttempts: 5 });
  return new SFNClient({
    endpoint,
    region: process.env.AWS_REGION ?? 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 5,
  });
}

/**
 * StartExecution named after the application. A Standard workflow answers a repeated name with the same
 * input, while the execution runs, with its ARN; otherwise with ExecutionAlreadyExists, which also means
 * "started", and the ARN follows from the state machine's (arn:…:execution:<machine>:<name>).
 */
export function sfnWorkflowStarter(sfn: SFNClient, stateMachineArn: string | undefined): WorkflowStarter {
  return {
    async startExecution(applicationId) {
      if (stateMachineArn === undefined) throw new Error('STATE_MACHINE_ARN is not set');
      const input: ExecutionInput = { applicationId };
      try {
        const { executionArn } = await sfn.send(
          new StartExecutionCommand({ stateMachineArn, name: applicationId, input: JSON.stringify(input) }),
        );
        if (!executionArn) throw new Error('StartExecution returned no executionArn');
        return { executionArn };
      } catch (error) {
        const exists =
          error instanceof ExecutionAlreadyExists ||
          (error instanceof Error && error.name === 'ExecutionAlreadyExists');
        if (!exists) throw error;
        return { executionArn: executionArnOf(stateMachineArn, applicationId) };
      }
    },
  };
}

export function executionArnOf(stateMachineArn: string, executionName: string): string {
  return `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${executionName}`;
}
