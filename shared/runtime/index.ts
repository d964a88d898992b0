// The one composition root: everything a handler needs from the outside world, built once per Lambda container
// (or once for the whole embedded runtime) and passed into every handler, API and task alike: the repository
// over the single table, the calendar source, Step Functions (task callbacks and the workflow starter), the
// idempotency store, the clock, ids, the logger, metrics and the workflow configuration. Handlers build it
// lazily from the environment on first use; the embedded runtime and tests pass their own (a movable clock, a
// client on DynamoDB Local, their own task callbacks).
import { randomUUID } from 'node:crypto';
import { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { WorkingCalendar } from '#shared/calendar/index';
import { CalendarSource, fixedCalendar, type CalendarProvider } from '#shared/calendar/source';
import { workflowConfig, type WorkflowConfig } from '#shared/config';
import { DynamoDbCalendarStore } from '#shared/data/calendar-store';
import { DynamoDbServiceConfigStore } from '#shared/data/service-config-store';
import { DynamoDbParcelRegister } from '#shared/data/parcel-store';
import type { ParcelRegister } from '#shared/parcels/store';
import {
  fixedServiceConfig,
  ServiceConfigSource,
  type ServiceConfigProvider,
} from '#shared/service-config/source';
import { createDocumentClient } from '#shared/data/client';
import { idempotencyTableEnvironment, idempotencyTableNameFor } from '#shared/data/idempotency-table';
import type { ApplicationRepository } from '#shared/data/ports';
import { DynamoDbRepository } from '#shared/data/repository';
import type { ProjectRepository } from '#shared/data/project-ports';
import { DynamoDbProjectRepository } from '#shared/data/project-repository';
import type { IdempotencyStore } from '#shared/http/idempotency';
import type { MetricsPort } from '#shared/observability/metrics';
import { metricsFromEnv } from '#shared/observability/powertools-metrics';
import type { Logger, TaskCallbacks, WorkflowStarter } from './ports.ts';
import {
  idempotencyStoreFor,
  stepFunctionsAdapters,
  type IdempotencyStoreLoader,
} from './optional-adapters.ts';

export interface Runtime {
  tableName: string;
  /** The single table's client, for the stores of other contexts (the notification centre). */
  documentClient: DynamoDBDocumentClient;
  repository: ApplicationRepository;
  /** The project register (项目库) and its problem tickets, on the same table. */
  projects: ProjectRepository;
  /**
   * Where the working-day calendar comes from: the table-backed source (bundled years + what administrators
   * loaded, cached a minute), or a fixed calendar in tests. Resolved once per invocation (`depsFor`).
   */
  calendars: CalendarProvider;
  taskCallbacks: TaskCallbacks;
  workflow: WorkflowStarter;
  /** Where idempotent routes keep their records (`Idempotency-Key`), loaded on first use. */
  idempotency: IdempotencyStoreLoader;
  /** The only source of time. */
  now: () => Date;
  /** A fresh unique id for events and applications (letters, digits, '-'). */
  newId: () => string;
  logger: Logger;
  metrics: MetricsPort;
  /**
   * The service configuration (permit catalogue, time limits): the version in force and every older one by its
   * revision, table-backed (cached a minute) or fixed in tests. The version in force is resolved once per
   * invocation (`depsFor`) into `config`.
   */
  serviceConfigs: ServiceConfigProvider;
  /** The standard-land parcels register (标准地), in the same table. */
  parcels: ParcelRegister;
  /** The configuration in force: in `Deps`, the version resolved for this invocation. */
  config: WorkflowConfig;
}

/** What one invocation hands the core: the runtime with the calendar in force for the whole invocation. */
export interface Deps extends Runtime {
  calendar: WorkingCalendar;
}

/** Resolves the calendar once, so one decision, one sweep or one report is computed with one calendar. */
export async function depsFor(runtime: Runtime): Promise<Deps> {
  const [calendar, config] = await Promise.all([
    runtime.calendars.calendar(),
    runtime.serviceConfigs.current(),
  ]);
  return { ...runtime, calendar, config };
}

/** The table-backed service configuration administrators write through, or why there is none. */
export function serviceConfigSourceOf(runtime: Pick<Runtime, 'serviceConfigs'>): ServiceConfigSource {
  if (!(runtime.serviceConfigs instanceof ServiceConfigSource)) {
    throw new Error(
      'Configuration administration needs the table-backed configuration: the runtime has a fixed one',
    );
  }
  return runtime.serviceConfigs;
}

/** The table-backed calendar source administrators write through, or why there is none. */
export function calendarSourceOf(runtime: Pick<Runtime, 'calendars'>): CalendarSource {
  if (!(runtime.calendars instanceof CalendarSource)) {
    throw new Error('Calendar administration needs the table-backed calendar: the runtime has a fixed one');
  }
  return runtime.calendars;
}

export interface RuntimeOptions {
  tableName: string;
  /** Needed by the handlers that start executions; the others run without it. */
  stateMachineArn?: string | undefined;
  /** DynamoDB Local in the embedded runtime, e.g. `http://127.0.0.1:8000`. */
  dynamodbEndpoint?: string | undefined;
  /** A Step Functions endpoint other than AWS's. */
  stepFunctionsEndpoint?: string | undefined;
  region?: string | undefined;
  /** A document client of the caller's (tests, the embedded runtime); wins over `dynamodbEndpoint`. */
  documentClient?: DynamoDBDocumentClient;
  /** The embedded runtime's own: where SendTaskSuccess goes. @default Step Functions */
  taskCallbacks?: TaskCallbacks;
  /** @default StartExecution on `stateMachineArn` */
  workflow?: WorkflowStarter;
  /** A fixed calendar. @default the bundled years plus the table's calendar configuration, cached a minute */
  calendar?: WorkingCalendar;
  /** @default Powertools metrics in Lambda, none elsewhere */
  metrics?: MetricsPort;
  /** @default records in the idempotency table, through the same document client */
  idempotency?: IdempotencyStore;
  /** @default idempotencyTableNameFor(tableName) */
  idempotencyTableName?: string | undefined;
  /** A fixed configuration (the defaults with these overrides). @default the table's, cached a minute */
  config?: Partial<WorkflowConfig>;
  logger?: Logger;
  now?: () => Date;
  newId?: () => string;
}

export function createRuntime(options: RuntimeOptions): Runtime {
  const client =
    options.documentClient ??
    createDocumentClient({
      ...(options.dynamodbEndpoint !== undefined ? { endpoint: options.dynamodbEndpoint } : {}),
      ...(options.region ? { region: options.region } : {}),
    });
  const logger = options.logger ?? createLogger();
  // The Step Functions client is created on the first callback or start; only bundles that use it carry it.
  const sfn = stepFunctionsAdapters({
    endpoint: options.stepFunctionsEndpoint,
    region: options.region,
    stateMachineArn: options.stateMachineArn,
  });
  return {
    tableName: options.tableName,
    documentClient: client,
    repository: new DynamoDbRepository({ client, tableName: options.tableName }),
    projects: new DynamoDbProjectRepository({ client, tableName: options.tableName }),
    calendars: options.calendar
      ? fixedCalendar(options.calendar)
      : tableCalendarSource(client, options.tableName, logger),
    taskCallbacks: options.taskCallbacks ?? sfn.taskCallbacks,
    workflow: options.workflow ?? sfn.workflow,
    idempotency: options.idempotency
      ? () => Promise.resolve(options.idempotency!)
      : idempotencyStoreFor({
          client,
          tableName: options.idempotencyTableName ?? idempotencyTableNameFor(options.tableName),
        }),
    now: options.now ?? (() => new Date()),
    newId: options.newId ?? (() => randomUUID()),
    logger,
    metrics: options.metrics ?? metricsFromEnv(),
    parcels: new DynamoDbParcelRegister({ client, tableName: options.tableName }),
    serviceConfigs: options.config
      ? fixedServiceConfig(workflowConfig(options.config))
      : tableServiceConfigSource(client, options.tableName, logger),
    config: workflowConfig(options.config),
  };
}

/**
 * From the variables the stack sets (TABLE_NAME, STATE_MACHINE_ARN) and the embedded runtime may add
 * (DYNAMODB_ENDPOINT, STEPFUNCTIONS_ENDPOINT).
 * @throws when TABLE_NAME is missing: a misconfigured function fails on its first request, loudly.
 */
export function runtimeFromEnv(env: NodeJS.ProcessEnv = process.env): Runtime {
  const tableName = env.TABLE_NAME;
  if (!tableName) throw new Error('TABLE_NAME is not set');
  return createRuntime({
    tableName,
    idempotencyTableName: env[idempotencyTableEnvironment] || undefined,
    stateMachineArn: env.STATE_MACHINE_ARN || undefined,
    dynamodbEndpoint: env.DYNAMODB_ENDPOINT || undefined,
    stepFunctionsEndpoint: env.STEPFUNCTIONS_ENDPOINT || undefined,
    region: env.AWS_REGION || undefined,
  });
}

/** A runtime given directly, or a factory called once on first use (so importing a handler needs no environment). */
export type RuntimeSource = Runtime | (() => Runtime);

export function lazyRuntime(source: RuntimeSource = runtimeFromEnv): () => Runtime {
  if (typeof source !== 'function') return () => source;
  let runtime: Runtime | undefined;
  return () => (runtime ??= source());
}

/** A Powertools logger named after the service, with the handler's name as a key when given. */
export function createLogger(handler?: string): PowertoolsLogger {
  return new PowertoolsLogger({
    serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'one-window',
    ...(handler ? { persistentKeys: { handler } } : {}),
  });
}

// One calendar source per client and table, so every runtime of a process built on one client (the handlers of
// a test, or of the embedded runtime) sees an administrator's change at once.
const sourcesByClient = new WeakMap<DynamoDBDocumentClient, Map<string, CalendarSource>>();

function tableCalendarSource(
  client: DynamoDBDocumentClient,
  tableName: string,
  logger: Logger,
): CalendarSource {
  let sources = sourcesByClient.get(client);
  if (!sources) sourcesByClient.set(client, (sources = new Map()));
  let source = sources.get(tableName);
  if (!source) {
    source = new CalendarSource({ store: new DynamoDbCalendarStore({ client, tableName }), logger });
    sources.set(tableName, source);
  }
  return source;
}

const configSourcesByClient = new WeakMap<DynamoDBDocumentClient, Map<string, ServiceConfigSource>>();

// Likewise one service configuration source per client and table.
function tableServiceConfigSource(
  client: DynamoDBDocumentClient,
  tableName: string,
  logger: Logger,
): ServiceConfigSource {
  let sources = configSourcesByClient.get(client);
  if (!sources) configSourcesByClient.set(client, (sources = new Map()));
  let source = sources.get(tableName);
  if (!source) {
    source = new ServiceConfigSource({
      store: new DynamoDbServiceConfigStore({ client, tableName }),
      logger,
    });
    sources.set(tableName, source);
  }
  return source;
}
