// The embedded runtime: the whole platform on one machine, in this process, for `npm start`, the demo and the
// tests. DynamoDB Local (or a given endpoint) with the table created from its definition and demo data seeded
// once; the state machine the CDK app synthesizes, executed durably by LocalStepFunctions behind a local Step
// Functions endpoint; the HTTP API of the route table, each route dispatched to its handler with an API Gateway
// v2 event; the SLA sweeper on an interval; a local token issuer with demo users. The handlers are the deployed
// ones, unchanged: they read the same environment variables as in Lambda, pointed at the local services.
//
// The handlers get one composition root (shared/runtime) built here: the document client on DynamoDB Local,
// the local Step Functions endpoint and the platform's clock, so a movable clock is a dependency like any other.
// One platform at a time per process: the SDK clients read the region and credentials from process.env.
import { createHash, randomBytes } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DescribeTableCommand, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  apiRoutes,
  environmentNames,
  notificationConsumer,
  slaSweeper,
  workflowTasks,
  type FunctionSpec,
} from '#infra/routes';
import type { OutboxBusEvent } from '#shared/outbox/envelope';
import { LoggingSmsSender } from '#services/notifications/adapters/channels';
import type { SmsSender } from '#services/notifications/core/ports';
import { claimsForPrincipal } from '#shared/auth/principal';
import { createLocalIssuer } from '#shared/auth/local-issuer';
import { cursorKeyEnvironment } from '#shared/data/cursor-key';
import { originVerification } from '#shared/http/origin-verification';
import { createDocumentClient } from '#shared/data/client';
import { createIdempotencyTable, createTableFromDefinition } from '#shared/data/create-table';
import { idempotencyTableNameFor } from '#shared/data/idempotency-table';
import type { LoadedStateMachine } from './asl.ts';
import { isLocalClock, type LocalClock } from './clock.ts';
import { createRuntime, type Runtime } from '#shared/runtime/index';
import { startEmbeddedDynamoDb, type EmbeddedDynamoDb } from './dynamodb.ts';
import { startEmbeddedS3 } from './s3.ts';
import { PlatformError } from './errors.ts';
import { httpApi, writeJson, type ApiHandler, type LocalRequest, type LocalResponse } from './http-api.ts';
import { Journal, JournalCorrupt, type JournalRecord } from './journal.ts';
import { lambdaContext } from './lambda-context.ts';
import type { LocalHandler, WorkflowClock } from './run-workflow.ts';
import { startMailSink, type MailSink } from './mail-sink.ts';
import { fileCheckpointStore, OutboxStream } from './outbox-stream.ts';
import { demoUsers, seedKey, seedOnce, seedParcels, seedPeople, type DemoUser } from './seed.ts';
import { listen, startSfnEndpoint, type SfnEndpoint } from './sfn-endpoint.ts';
import { portalSite } from './portal-site.ts';
import { LocalStepFunctions } from './step-functions.ts';

/** The document bucket's name in the embedded runtime's S3. */
export const documentsBucket = 'one-window-documents';

/** The project root: handler entries in the route table are relative to it. */
export const projectRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));

export interface PlatformOptions {
  /**
   * Where the runtime keeps its data: DynamoDB Local's files (`dynamodb/`), the execution journal, the state
   * machine definitions executions run on, the token issuer's secret.
   * @default `.local` in the project (git-ignored); with `dynamoEndpoint`, `.local/external/<tableName>`
   */
  dataDir?: string;
  /** Use this DynamoDB (tests: the shared DynamoDB Local) instead of starting one. */
  dynamoEndpoint?: string;
  /** @default 'one-window' */
  tableName?: string;
  /** The HTTP API's port; 0 for any free port. @default 3000 */
  port?: number;
  /** @default '127.0.0.1' */
  host?: string;
  /**
   * The time the whole platform reads. A LocalClock can also be moved forward through `POST /local/clock`.
   * @default the system clock
   */
  clock?: (() => Date) | LocalClock;
  /** How often the SLA sweeper runs; 0 turns it off. @default 60000 */
  sweepIntervalMs?: number;
  /** Seed demo data into a new table. @default true */
  seed?: boolean;
  /** Lifetime of tokens from `/local/tokens` and `tokenFor`. @default '12h' */
  tokenLifetime?: string;
  /** Messages about the runtime itself (not the handlers' logs). @default silent */
  log?: (message: string) => void;
  /** Crash tests only: see LocalStepFunctionsOptions.crashOnSendTaskSuccess. */
  crashOnSendTaskSuccess?: number;
  /**
   * How often the outbox stream is read and its events handed to the notification service; 0 turns the
   * polling off (then `outbox.drain()` or `POST /local/outbox/drain` delivers). @default 1000
   */
  outboxIntervalMs?: number;
  /** Benchmarks only (scripts/bench/cost.ts): see PlatformInstrumentation. */
  instrument?: PlatformInstrumentation;
}

/**
 * What a benchmark may observe of the platform without changing it: the document client every handler shares
 * (e.g. a middleware that asks for and sums ReturnConsumedCapacity), and each handler invocation, which `invoke`
 * runs (to time it as Lambda bills it, or to run it in an async context that attributes its requests to it):
 * API routes, workflow tasks, the sweeper, the notification consumer.
 */
export interface PlatformInstrumentation {
  documentClient?(client: DynamoDBDocumentClient): void;
  invoke?<T>(entry: string, run: () => Promise<T>): Promise<T>;
}

/** A text message the runtime "sent": SMS go to the log locally. */
export interface LocalSms {
  to: string;
  text: string;
  notificationId: string;
}

export interface Platform {
  /** The HTTP API, e.g. `http://127.0.0.1:3000`. */
  url: string;
  /** The local Step Functions endpoint (AWS JSON 1.0). */
  stepFunctionsUrl: string;
  dynamoEndpoint: string;
  /** The embedded S3 (s3rver) holding documents and certificates. */
  s3Endpoint: string;
  tableName: string;
  dataDir: string;
  stepFunctions: LocalStepFunctions;
  users: readonly DemoUser[];
  /** Executions that were unfinished at start and resumed from the journal. */
  resumed: readonly string[];
  /** Milliseconds from the call of startPlatform until it was ready. */
  startupMs: number;
  /** A fresh bearer token for a demo user. */
  tokenFor(userId: string): Promise<string>;
  /** Runs the SLA sweeper once now. */
  sweep(): Promise<unknown>;
  /** The table's stream read in place of EventBridge Pipes, delivering to the notification service. */
  outbox: OutboxStream;
  /** The local SMTP sink every notification e-mail goes to. */
  mail: MailSink;
  /** The text messages sent (written to the log). */
  sms(): LocalSms[];
  /** Resolves once every execution has caught up (waits for decisions or timers only). */
  settled(): Promise<void>;
  stop(): Promise<void>;
  /**
   * For a process that exits without waiting for stop(): kills what the platform started outside this process
   * (DynamoDB Local), synchronously. The journal needs nothing: every record is on disk already.
   */
  abandon(): void;
}

let running = false;
/** How many platforms this process has started: the handler modules of each are fresh instances. */
let generation = 0;

/**
 * Starts the platform. Messages and remedies for what commonly goes wrong come as PlatformError: no Java, the
 * port in use, a damaged data folder.
 */
export async function startPlatform(options: PlatformOptions = {}): Promise<Platform> {
  if (running) throw new Error('A platform is running in this process already (one at a time)');
  running = true;
  generation += 1;
  const started = performance.now();
  const log = options.log ?? (() => undefined);
  const tableName = options.tableName ?? 'one-window';
  // The journal belongs with the table it drives: a table elsewhere gets a folder of its own.
  const dataDir = resolve(
    options.dataDir ??
      (options.dynamoEndpoint
        ? join(projectRoot, '.local', 'external', tableName)
        : join(projectRoot, '.local')),
  );
  const cleanup: (() => Promise<void> | void)[] = [() => void (running = false)];
  const undo = async () => {
    for (const step of cleanup.reverse()) await step();
  };

  try {
    mkdirSync(dataDir, { recursive: true });

    // What can fail fast does, before the slow parts start: the port, then the journal.
    let api: ((request: IncomingMessage, response: ServerResponse) => void) | undefined;
    // The portal uploads and downloads documents straight from the embedded S3 (presigned URLs), as from the
    // bucket in the cloud: its origin joins the CSP's connect-src once it listens.
    const documentStore: string[] = [];
    const site = portalSite({ log, connectTo: () => documentStore });
    const server: Server = createServer((request, response) => {
      // The portal's static files share the origin with the API (hash routes leave every other path to it).
      if (site.handles(request)) return void site.serve(request, response);
      if (api) return api(request, response);
      writeJson(response, 503, { message: 'The platform is starting' });
    });
    const port = options.port ?? 3000;
    try {
      await listen(server, port, options.host ?? '127.0.0.1');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
        throw new PlatformError(
          `Port ${port} is in use.`,
          `Stop what listens on port ${port}, or choose another port: PORT=${port + 1} npm start ` +
            `(or npm start -- --port ${port + 1}).`,
        );
      }
      throw error;
    }
    let serverClosed: Promise<void> | undefined;
    const closeServer = () =>
      (serverClosed ??= new Promise<void>((done) => {
        api = undefined;
        server.close(() => done());
        server.closeAllConnections();
      }));
    cleanup.push(closeServer);
    let journal: ReturnType<typeof Journal.open>;
    try {
      journal = Journal.open(join(dataDir, 'journal.jsonl'));
    } catch (error) {
      if (error instanceof JournalCorrupt) {
        throw new PlatformError(
          `The data folder ${dataDir} is damaged: ${error.message}.`,
          `Delete the folder ${dataDir} to start with fresh data (its applications are lost).`,
          { cause: error },
        );
      }
      throw error;
    }
    cleanup.push(() => journal.journal.close());

    const url = `http://${options.host ?? '127.0.0.1'}:${(server.address() as AddressInfo).port}`;
    const mail = await startMailSink();
    cleanup.push(() => mail.close());
    const sent: LocalSms[] = [];

    // The platform's time: every handler, the Wait states and the sweeper read it.
    const now = options.clock
      ? isLocalClock(options.clock)
        ? options.clock.now
        : options.clock
      : () => new Date();

    // The JVM starts in its own process while this one synthesizes the state machine and loads handlers.
    let embedded: (EmbeddedDynamoDb & { ready: Promise<void> }) | undefined;
    if (!options.dynamoEndpoint) {
      embedded = await startEmbeddedDynamoDb({ directory: join(dataDir, 'dynamodb'), log });
      cleanup.push(() => embedded!.stop());
    }
    const dynamoEndpoint = options.dynamoEndpoint ?? embedded!.endpoint;
    // Documents and certificates (电子证照): s3rver in this process, its objects beside the table's data.
    const s3 = await startEmbeddedS3({
      directory: join(dataDir, 's3'),
      buckets: [documentsBucket],
      corsOrigins: [url],
    });
    cleanup.push(() => s3.stop());
    documentStore.push(s3.endpoint);
    const stateMachine = await loadApprovalStateMachine();

    // The endpoint comes first: its URL goes into the handlers' environment before they are loaded.
    const service: { current?: LocalStepFunctions } = {};
    const sfnEndpoint: SfnEndpoint = await startSfnEndpoint(() => {
      if (!service.current) throw new Error('Step Functions is starting');
      return service.current;
    });
    cleanup.push(() => sfnEndpoint.close());

    const originSecretFile = localSecretFile(dataDir, 'origin-verify');
    cleanup.push(
      setEnvironment({
        [environmentNames.tableName]: tableName,
        [environmentNames.stateMachineArn]: 'arn:aws:states:local:000000000000:stateMachine:approval',
        DYNAMODB_ENDPOINT: dynamoEndpoint,
        STEPFUNCTIONS_ENDPOINT: sfnEndpoint.url,
        [environmentNames.documentsBucket]: documentsBucket,
        S3_ENDPOINT: s3.endpoint,
        // The local stand-in for the KMS signing key: a P-256 key created on first use, kept with the data.
        CERTIFICATE_KEY_FILE: join(dataDir, 'certificate-signing-key.pem'),
        [environmentNames.certificateKeyId]: undefined,
        [environmentNames.publicBaseUrl]: `http://${options.host ?? '127.0.0.1'}:${(server.address() as AddressInfo).port}`,
        // The handlers' SDK clients need some region and credentials; the local services accept any.
        AWS_REGION: 'local',
        AWS_ACCESS_KEY_ID: 'local',
        AWS_SECRET_ACCESS_KEY: 'local',
        AWS_SESSION_TOKEN: undefined,
        AWS_PROFILE: undefined,
        POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
        // Cursors seal under a key of the data folder, so they outlive a restart as in the cloud a deploy.
        [cursorKeyEnvironment.file]: localSecretFile(dataDir, 'cursor-key'),
        // Origin verification is on locally too: the handlers read the value from this file, and the local HTTP
        // API, playing CloudFront, adds it to every request (a handler called any other way gets 403).
        [originVerification.file]: originSecretFile,
        [originVerification.secretArn]: undefined,
        // Notifications: links lead to this API (the portal is not part of the runtime), e-mail to the sink.
        [environmentNames.portalUrl]: url,
        [environmentNames.mailFrom]: 'notifications@one-window.local',
        SMTP_URL: mail.url,
        SMS_TO_LOG: '1',
      }),
    );
    const client = createDocumentClient({ endpoint: dynamoEndpoint });
    cleanup.push(() => client.destroy());
    options.instrument?.documentClient?.(client);
    const runtime = createRuntime({
      tableName,
      documentClient: client,
      stateMachineArn: 'arn:aws:states:local:000000000000:stateMachine:approval',
      stepFunctionsEndpoint: sfnEndpoint.url,
      region: 'local',
      now,
    });
    const handlers = await importHandlers(
      [...apiRoutes, ...Object.values(workflowTasks), slaSweeper],
      generation,
      runtime,
      options.instrument?.invoke,
    );

    if (embedded) await embedded.ready;
    const tableExisted = await tableExists(client, tableName);
    if (!tableExisted && unfinishedExecutions(journal.records).length > 0) {
      // Replaying them against an empty table would fail every one: say so instead, and change nothing.
      throw new PlatformError(
        `The data folder ${dataDir} is inconsistent: its journal has unfinished workflows, but the table ` +
          `${tableName} does not exist${options.dynamoEndpoint ? ` at ${options.dynamoEndpoint}` : ''}.`,
        `Delete the folder ${dataDir} to start with fresh data.`,
      );
    }
    // Also enables the outbox stream on a table kept from before it existed.
    await createTableFromDefinition(client, tableName, { ifNotExists: true });
    // A data folder from before the idempotency records moved to their own table gets it now.
    await createIdempotencyTable(client, idempotencyTableNameFor(tableName), { ifNotExists: true });
    if (options.seed ?? true) {
      if (await seedOnce(client, tableName, now())) log(`seeded demo data into table ${tableName}`);
      const parcels = await seedParcels(client, tableName, now());
      if (parcels > 0) log(`registered ${parcels} standard-land parcels`);
      await seedPeople(client, tableName);
    }

    // The outbox: the table's stream, read in place of Pipes, to the notification service's handler.
    const notify = timed(
      notificationConsumer.entry,
      await notificationHandler(generation, runtime, (message) => {
        sent.push(message);
        log(`SMS to ${message.to}: ${message.text}`);
      }),
      options.instrument?.invoke,
    );
    const outbox = new OutboxStream({
      dynamodb: client,
      endpoint: dynamoEndpoint,
      tableName,
      checkpoints: fileCheckpointStore(join(dataDir, 'outbox-checkpoint.json')),
      deliver: notify,
      log,
    });
    cleanup.push(() => outbox.stop());

    const issuer = createLocalIssuer({ secret: issuerSecret(dataDir) });
    const tokenLifetime = options.tokenLifetime ?? '12h';
    const tokenFor = async (userId: string) => {
      const user = demoUsers.find((u) => u.userId === userId);
      if (!user) throw new Error(`No demo user ${userId}`);
      return issuer.issue(claimsForPrincipal(user.principal), { expiresIn: tokenLifetime });
    };

    const sfn = new LocalStepFunctions({
      stateMachine,
      handlers: Object.fromEntries(
        Object.values(workflowTasks).map((spec) => [spec.entry, handlers.get(spec.entry) as LocalHandler]),
      ),
      journal,
      definitionsDir: join(dataDir, 'definitions'),
      clock: workflowClock(now, isLocalClock(options.clock) ? options.clock : undefined),
      log,
      ...(options.crashOnSendTaskSuccess !== undefined
        ? { crashOnSendTaskSuccess: options.crashOnSendTaskSuccess }
        : {}),
    });
    service.current = sfn;
    cleanup.push(() => sfn.stop());
    const resumed = await sfn.recover();
    if (resumed.length > 0) log(`resumed ${resumed.length} unfinished execution(s) from the journal`);

    const sweep = sweeper(handlers.get(slaSweeper.entry) as LocalHandler, now, log);
    api = httpApi({
      routes: apiRoutes,
      handlers: handlers as ReadonlyMap<string, ApiHandler>,
      verify: (token) => issuer.verify(token),
      originHeader: {
        name: originVerification.header,
        value: readFileSync(originSecretFile, 'utf8').trim(),
      },
      local: (request) =>
        localRoutes(request, {
          clock: isLocalClock(options.clock) ? options.clock : undefined,
          now,
          tokenFor,
          sweep: sweep.run,
          stepFunctions: sfn,
          client,
          tableName,
          outbox,
          mail,
          sms: () => [...sent],
        }),
      log,
    });
    const outboxInterval = options.outboxIntervalMs ?? 1000;
    if (outboxInterval > 0) outbox.start(outboxInterval);

    // Undone in reverse: the interval is cleared first, then a sweep still running is awaited.
    cleanup.push(() => sweep.idle());
    const interval = options.sweepIntervalMs ?? 60_000;
    if (interval > 0) {
      const timer = setInterval(() => void sweep.run().catch(() => undefined), interval);
      timer.unref();
      cleanup.push(() => clearInterval(timer));
    }
    // Stopping begins by turning callers away: no request may reach a handler while the rest shuts down.
    cleanup.push(closeServer);

    let stopped = false;
    return {
      url,
      stepFunctionsUrl: sfnEndpoint.url,
      dynamoEndpoint,
      s3Endpoint: s3.endpoint,
      tableName,
      dataDir,
      stepFunctions: sfn,
      users: demoUsers,
      resumed,
      startupMs: Math.round(performance.now() - started),
      tokenFor,
      sweep: sweep.run,
      outbox,
      mail,
      sms: () => [...sent],
      settled: () => sfn.settled(),
      async stop() {
        if (stopped) return;
        stopped = true;
        await undo();
      },
      abandon() {
        embedded?.kill();
      },
    };
  } catch (error) {
    await undo();
    throw error;
  }
}

/**
 * The state machine exactly as `cdk synth` describes it (synthesized in-process, without bundling). Synthesis
 * takes seconds, so the result is cached under `.local/cache`, keyed by a digest of every source it depends
 * on (infra/, the workflow contract, the model, the table shape, the locked package versions): any change to
 * them synthesizes again.
 */
export async function loadApprovalStateMachine(
  options: { cacheDir?: string | false } = {},
): Promise<LoadedStateMachine> {
  const cacheDir = options.cacheDir ?? join(projectRoot, '.local', 'cache');
  const path = cacheDir ? join(cacheDir, `state-machine-${synthesisInputsDigest()}.json`) : undefined;
  if (path && existsSync(path)) {
    try {
      const cached = JSON.parse(readFileSync(path, 'utf8')) as CachedStateMachine;
      return { ...cached, lambdaByResource: new Map(cached.lambdaByResource) };
    } catch {
      // an unreadable cache entry is synthesized again and rewritten
    }
  }
  const [{ synthesizeApproval }, { loadStateMachineDefinition }] = await Promise.all([
    import('./synth.ts'),
    import('./asl.ts'),
  ]);
  const loaded = loadStateMachineDefinition(synthesizeApproval().json);
  if (path) {
    const entry: CachedStateMachine = { ...loaded, lambdaByResource: [...loaded.lambdaByResource] };
    mkdirSync(dirname(path), { recursive: true });
    const temporary = `${path}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(entry));
    renameSync(temporary, path); // atomic: a concurrent reader sees all of it or nothing
  }
  return loaded;
}

type CachedStateMachine = Omit<LoadedStateMachine, 'lambdaByResource'> & {
  lambdaByResource: [string, string][];
};

/** What the synthesized state machine is made of: the sources the CDK app imports, and the locked packages. */
function synthesisInputsDigest(): string {
  const files = [
    ...listFiles(join(projectRoot, 'infra')).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')),
    join(projectRoot, 'services/workflow/contract.ts'),
    join(projectRoot, 'shared/model.ts'),
    join(projectRoot, 'shared/data/table.ts'),
    join(projectRoot, 'cdk.json'),
    join(projectRoot, 'package-lock.json'),
  ].sort();
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(relative(projectRoot, file)).update('\0');
    if (existsSync(file)) hash.update(readFileSync(file));
    hash.update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

function listFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listFiles(join(directory, entry.name)) : [join(directory, entry.name)],
  );
}

/**
 * Imports each function's handler file, as Lambda would load it, and makes its handler over the platform's
 * composition root (`createHandler(runtime)`), as a warm container keeps its clients. A later platform in the
 * same process (a test that stops one and starts another) gets fresh module instances, as a cold start would.
 */
async function importHandlers(
  specs: readonly FunctionSpec[],
  instance: number,
  runtime: Runtime,
  observe?: PlatformInstrumentation['invoke'],
): Promise<Map<string, unknown>> {
  const entries = [...new Set(specs.map((spec) => spec.entry))];
  const modules = await Promise.all(
    entries.map(async (entry) => {
      const url = pathToFileURL(join(projectRoot, entry)).href;
      const module = (await import(instance > 1 ? `${url}?platform=${instance}` : url)) as {
        createHandler?: unknown;
      };
      if (typeof module.createHandler !== 'function') throw new Error(`${entry} exports no createHandler`);
      const handler = (module.createHandler as (runtime: Runtime) => (...args: never[]) => unknown)(runtime);
      return [entry, timed(entry, handler, observe)] as const;
    }),
  );
  return new Map(modules);
}

/** The handler, each invocation run through `invoke` (unchanged without one). */
function timed<H extends (...args: never[]) => unknown>(
  entry: string,
  handler: H,
  invoke: PlatformInstrumentation['invoke'],
): H {
  if (!invoke) return handler;
  return ((...args: Parameters<H>) => invoke(entry, async () => handler(...args))) as unknown as H;
}

function unfinishedExecutions(records: readonly JournalRecord[]): string[] {
  const ended = new Set(records.filter((r) => r.type === 'ended').map((r) => r.executionId));
  return records.filter((r) => r.type === 'started' && !ended.has(r.executionId)).map((r) => r.executionId);
}

/** Sets variables for the handlers; undefined removes one. @returns puts everything back */
function setEnvironment(values: Record<string, string | undefined>): () => void {
  const previous = Object.fromEntries(Object.keys(values).map((name) => [name, process.env[name]]));
  const apply = (entries: Record<string, string | undefined>) => {
    for (const [name, value] of Object.entries(entries)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
  apply(values);
  return () => apply(previous);
}

async function tableExists(
  client: ReturnType<typeof createDocumentClient>,
  tableName: string,
): Promise<boolean> {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return true;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return false;
    throw error;
  }
}

/** A random secret kept (owner-only) in the data folder; returns the file's path. */
function localSecretFile(dataDir: string, name: string): string {
  const path = join(dataDir, name);
  if (!existsSync(path) || readFileSync(path, 'utf8').trim().length < 43) {
    writeFileSync(path, randomBytes(32).toString('base64url'), { mode: 0o600 });
    chmodSync(path, 0o600);
  }
  return path;
}

/** The issuer's HS256 secret, kept in the data folder so that tokens outlive a restart. */
function issuerSecret(dataDir: string): string {
  const path = join(dataDir, 'issuer-secret');
  if (existsSync(path)) {
    const secret = readFileSync(path, 'utf8').trim();
    if (secret.length >= 43) return secret;
  }
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(path, secret, { mode: 0o600 });
  chmodSync(path, 0o600);
  return secret;
}

/**
 * Wait states sleep on the platform's clock: until it passes the instant, woken early when a LocalClock is
 * moved forward, otherwise checking once a second.
 */
function workflowClock(now: () => Date, changes: LocalClock | undefined): WorkflowClock {
  return {
    now: () => now().getTime(),
    sleepUntil(instant, signal) {
      return new Promise<void>((done) => {
        let timer: NodeJS.Timeout | undefined;
        const unsubscribe = changes?.onChange(() => check());
        const finish = () => {
          clearTimeout(timer);
          unsubscribe?.();
          signal.removeEventListener('abort', check);
          done();
        };
        function check() {
          clearTimeout(timer);
          const left = instant - now().getTime();
          if (signal.aborted || left <= 0) return finish();
          timer = setTimeout(check, Math.min(left, 1_000));
        }
        signal.addEventListener('abort', check, { once: true });
        check();
      });
    },
  };
}

/** The sweeper, never two runs at once. */
function sweeper(handler: LocalHandler, now: () => Date, log: (message: string) => void) {
  let current: Promise<unknown> | undefined;
  const run = (): Promise<unknown> => {
    current ??= (async () => {
      try {
        const time = now().toISOString();
        return await handler(
          {
            version: '0',
            id: crypto.randomUUID(),
            'detail-type': 'Scheduled Event',
            source: 'aws.events',
            account: '000000000000',
            time: time.replace(/\.\d{3}Z$/, 'Z'),
            region: 'local',
            resources: [],
            detail: {},
          },
          lambdaContext(slaSweeper.name),
        );
      } catch (error) {
        log(`SLA sweep failed: ${error instanceof Error ? error.message : String(error)}`);
        throw error;
      } finally {
        current = undefined;
      }
    })();
    return current;
  };
  return { run, idle: async () => void (await current?.catch(() => undefined)) };
}

/**
 * The notification service's bus consumer, loaded as Lambda would load it (a fresh module per platform), with
 * its SMS going to the runtime's log instead of SNS.
 */
async function notificationHandler(
  instance: number,
  runtime: Runtime,
  onSms: (message: LocalSms) => void,
): Promise<(event: OutboxBusEvent) => Promise<unknown>> {
  const url = pathToFileURL(join(projectRoot, notificationConsumer.entry)).href;
  const module = (await import(instance > 1 ? `${url}?platform=${instance}` : url)) as {
    createHandler(
      runtime: Runtime,
      channels: { sms: SmsSender },
    ): (event: OutboxBusEvent) => Promise<unknown>;
  };
  return module.createHandler(runtime, {
    sms: new LoggingSmsSender((_message, extra) => onSms(extra as unknown as LocalSms)),
  });
}

interface LocalRouteDeps {
  clock: LocalClock | undefined;
  now: () => Date;
  tokenFor: (userId: string) => Promise<string>;
  sweep: () => Promise<unknown>;
  stepFunctions: LocalStepFunctions;
  client: ReturnType<typeof createDocumentClient>;
  tableName: string;
  outbox: OutboxStream;
  mail: MailSink;
  sms: () => LocalSms[];
}

/**
 * The runtime's own routes, local only (the cloud has none of them): demo tokens, the seed record, the clock,
 * the sweeper on demand, the executions, and a wait until the workflows caught up.
 */
async function localRoutes(request: LocalRequest, deps: LocalRouteDeps): Promise<LocalResponse | undefined> {
  const route = `${request.method} ${request.path}`;
  switch (route) {
    case 'GET /local/tokens':
      return {
        status: 200,
        body: {
          note: 'Local demo users. Send a token as `Authorization: Bearer <token>`.',
          users: await Promise.all(
            demoUsers.map(async (user) => ({
              ...user.principal,
              description: user.description,
              token: await deps.tokenFor(user.userId),
            })),
          ),
        },
      };
    case 'GET /local/seed': {
      const { Item } = await deps.client.send(new GetCommand({ TableName: deps.tableName, Key: seedKey }));
      return Item ? { status: 200, body: Item } : { status: 404, body: { message: 'No seed record' } };
    }
    case 'GET /local/clock':
      return { status: 200, body: { now: deps.now().toISOString(), movable: deps.clock !== undefined } };
    case 'POST /local/clock': {
      if (!deps.clock) {
        return {
          status: 409,
          body: { message: 'This runtime runs on a fixed clock; start it with --clock <instant> to move it' },
        };
      }
      const body = parseJson(request.body) as { advanceMs?: unknown; to?: unknown } | undefined;
      try {
        if (typeof body?.advanceMs === 'number') deps.clock.advance(body.advanceMs);
        else if (typeof body?.to === 'string') deps.clock.set(body.to);
        else return { status: 400, body: { message: 'Send { "advanceMs": n } or { "to": "<instant>" }' } };
      } catch (error) {
        return { status: 400, body: { message: (error as Error).message } };
      }
      return { status: 200, body: { now: deps.now().toISOString(), movable: true } };
    }
    case 'POST /local/sweep':
      return { status: 200, body: (await deps.sweep()) ?? null };
    case 'GET /local/mail': {
      // The local SMTP sink: every notification e-mail, oldest first; `?to=` narrows to one address.
      const to = request.query.get('to') ?? undefined;
      return { status: 200, body: { messages: deps.mail.messages(to ? { to } : {}) } };
    }
    case 'GET /local/sms':
      return { status: 200, body: { messages: deps.sms() } };
    case 'POST /local/outbox/drain':
      // Reads the stream until the notification service has every event so far (tests and the demo).
      try {
        return { status: 200, body: { delivered: await deps.outbox.drain() } };
      } catch (error) {
        return { status: 503, body: { message: (error as Error).message } };
      }
    case 'GET /local/executions':
      return { status: 200, body: { executions: deps.stepFunctions.listExecutions() } };
    case 'GET /local/settled':
      try {
        await deps.stepFunctions.settled({ timeoutMs: 20_000 });
        return { status: 200, body: { settled: true } };
      } catch (error) {
        return { status: 503, body: { settled: false, message: (error as Error).message } };
      }
    default:
      return { status: 404, body: { message: 'Not Found' } };
  }
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}
