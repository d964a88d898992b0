// Builds the workflow core's dependencies from the environment, once per Lambda container: the table store,
// the Step Functions callbacks, the official working-day calendar, the system clock, a Powertools logger. The
// embedded runtime and tests call it too, overriding what they bring themselves (their own task callbacks, a
// test clock, a client on DynamoDB Local).
import { Logger } from '@aws-lambda-powertools/logger';
import { SFNClient } from '@aws-sdk/client-sfn';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { WorkingCalendar } from '#shared/calendar/index';
import { createDocumentClient } from '#shared/data/client';
import { metricsFromEnv } from '#shared/observability/powertools-metrics';
import type { MetricsPort } from '#shared/observability/metrics';
import { refreshingCalendarOnRead, tableCalendarSource } from '#services/admin/calendar-source';
import { workflowConfig, type WorkflowConfig } from './core/config.ts';
import type { TaskCallbacks, WorkflowDependencies, WorkflowLogger } from './core/ports.ts';
import { DynamoDbWorkflowStore } from './adapters/dynamodb-workflow-store.ts';
import { SfnTaskCallbacks } from './adapters/sfn-task-callbacks.ts';

/** The variables read. `TABLE_NAME` is set by the stack (infra/routes.ts `environmentNames.tableName`). */
export interface WorkflowEnvironment {
  TABLE_NAME?: string;
  /** DynamoDB Local for the embedded runtime, e.g. `http://127.0.0.1:8000`. */
  DYNAMODB_ENDPOINT?: string;
  /** A Step Functions endpoint other than AWS's (rarely needed: locally the runtime passes `taskCallbacks`). */
  STEPFUNCTIONS_ENDPOINT?: string;
  AWS_REGION?: string;
  POWERTOOLS_SERVICE_NAME?: string;
  [name: string]: string | undefined;
}

export interface CreateDependenciesOptions {
  env: WorkflowEnvironment;
  documentClient?: DynamoDBDocumentClient;
  taskCallbacks?: TaskCallbacks;
  /** A fixed calendar. @default the bundled years plus the table's calendar configuration, cached a minute */
  calendar?: WorkingCalendar;
  now?: () => Date;
  logger?: WorkflowLogger;
  config?: Partial<WorkflowConfig>;
  /** @default Powertools metrics in Lambda, none elsewhere */
  metrics?: MetricsPort;
}

export function createDependencies(options: CreateDependenciesOptions): WorkflowDependencies {
  const { env } = options;
  const tableName = env.TABLE_NAME;
  if (!tableName) throw new Error('TABLE_NAME is not set');
  const client =
    options.documentClient ??
    createDocumentClient({
      ...(env.DYNAMODB_ENDPOINT ? { endpoint: env.DYNAMODB_ENDPOINT } : {}),
      ...(env.AWS_REGION ? { region: env.AWS_REGION } : {}),
    });
  const store = new DynamoDbWorkflowStore({ client, tableName });
  const logger = options.logger ?? createLogger(env);
  const fixedCalendar = options.calendar;
  const calendars = fixedCalendar
    ? undefined
    : tableCalendarSource({
        tableName,
        ...(options.documentClient
          ? { client: options.documentClient }
          : {
              ...(env.DYNAMODB_ENDPOINT ? { endpoint: env.DYNAMODB_ENDPOINT } : {}),
              ...(env.AWS_REGION ? { region: env.AWS_REGION } : {}),
            }),
        logger,
      });
  return {
    store: calendars ? refreshingCalendarOnRead(store, calendars) : store,
    taskCallbacks:
      options.taskCallbacks ??
      new SfnTaskCallbacks(
        new SFNClient({
          ...(env.AWS_REGION ? { region: env.AWS_REGION } : {}),
          ...(env.STEPFUNCTIONS_ENDPOINT ? { endpoint: env.STEPFUNCTIONS_ENDPOINT } : {}),
          maxAttempts: 5,
        }),
      ),
    // The administrators' calendar as last loaded: the store's reads keep it at most a minute old.
    get calendar(): WorkingCalendar {
      return fixedCalendar ?? calendars!.current();
    },
    now: options.now ?? (() => new Date()),
    logger,
    config: workflowConfig(options.config),
    metrics: options.metrics ?? metricsFromEnv(env),
  };
}

export function createLogger(env: WorkflowEnvironment, handler?: string): Logger {
  return new Logger({
    serviceName: env.POWERTOOLS_SERVICE_NAME ?? 'one-window',
    ...(handler ? { persistentKeys: { handler } } : {}),
  });
}
