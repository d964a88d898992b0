// A populated platform for the security and fuzz suites: two enterprises with applications in every stage a
// route can meet (filed with an open intake, back with the enterprise for supplements, in review at two
// departments, issued, under commitment verification), written through the real API handlers and the workflow
// core's tasks on DynamoDB Local, and one principal per role (plus a user with no role). No test framework
// imports: both suites build their own world on their own table.
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { apiRoutes, routeKey, type ApiRoute } from '#infra/routes';
import type { RuntimeSource } from '#shared/runtime/index';
import { registerParcel, submission, testDeps } from '#test/support/fixtures';
import { createBuckets } from '#infra/local/s3';
import { FileCertificateSigner } from '#services/documents/adapters/certificate-signers';
import { issueCertificates } from '#services/documents/core/certificates';
import { createDocumentsDeps, type DocumentsHandlerDeps } from '#services/documents/handlers/deps';
import { issuePermits } from '#services/workflow/core/issue-permits';
import { openHumanStep } from '#services/workflow/core/open-human-step';
import type { Principal, Role } from '#shared/auth/principal';
import { apiEvent, type ApiEventInput, type ApiResult } from '#test/support/http';
import type { HttpHandler } from '#shared/http/handler';
import type { Application, PermitType, Step } from '#shared/model';
import type { TestTable } from '#test/support/dynamodb';
import { DynamoDbNotificationStore } from '#services/notifications/adapters/dynamodb-notification-store';
import type { Notification, Person } from '#services/notifications/core/model';
import { notifyEvent } from '#services/notifications/core/notify';
import { outboxIdOf } from '#shared/outbox/envelope';

/** Who calls. `anonymous` sends no token at all; `nobody` is signed in but holds no role. */
export const principals = {
  entA: { userId: 'user-ent-a', roles: ['enterprise'], enterpriseId: 'ent-a' },
  entB: { userId: 'user-ent-b', roles: ['enterprise'], enterpriseId: 'ent-b' },
  agentA: { userId: 'agent-a', roles: ['agency-officer'], agencyFor: ['ent-a'] },
  clerk: { userId: 'clerk-1', roles: ['window-clerk'] },
  officerNR: { userId: 'officer-nr', roles: ['department-officer'], department: 'natural-resources' },
  officerHC: { userId: 'officer-hc', roles: ['department-officer'], department: 'housing-construction' },
  officerRER: {
    userId: 'officer-rer',
    roles: ['department-officer'],
    department: 'real-estate-registration',
  },
  admin: { userId: 'admin-1', roles: ['administrator'] },
  nobody: { userId: 'nobody-1', roles: [] as Role[] },
} satisfies Record<string, Principal>;
export type PrincipalName = keyof typeof principals | 'anonymous';
export const principalNames: readonly PrincipalName[] = [...Object.keys(principals), 'anonymous'] as never;

export const enterprises = ['ent-a', 'ent-b'] as const;
export const departments = [
  'window',
  'natural-resources',
  'housing-construction',
  'real-estate-registration',
] as const;

/** The stages every enterprise has one application in. */
export const stages = ['submitted', 'supplement', 'review', 'issued', 'verification'] as const;
export type Stage = (typeof stages)[number];

export interface SeededApplication {
  applicationId: string;
  enterpriseId: string;
  stage: Stage;
  application: Application;
  steps: Step[];
}

/** What the world's fakes were asked to do: nothing, while the suites run denied calls. */
export interface Recorded {
  started: string[];
  callbacks: { taskToken: string; output: unknown }[];
}

/** A project of the register (项目库) seeded for an enterprise, with one open ticket assigned to a department. */
export interface SeededProject {
  projectId: string;
  enterpriseId: string;
  /** The agency officer the service centre assigned to it (审批秘书), if any. */
  secretaryUserId?: string;
  ticketId: string;
  ticketDepartment: string;
}

export interface World {
  table: TestTable;
  /** ent-a's project (ticket with natural resources) and ent-b's (housing; agent-a assigned as its secretary). */
  projects: SeededProject[];
  deps: ReturnType<typeof testDeps>;
  /** The documents context's deps on the same table, a bucket of its own and a throw-away signing key. */
  documents: DocumentsHandlerDeps;
  applications: SeededApplication[];
  recorded: Recorded;
  handlers: ReadonlyMap<string, HttpHandler>;
  /** The route's handler invoked with this principal (none for `anonymous`). */
  call(route: ApiRoute, principal: PrincipalName, input: ApiEventInput): Promise<ApiResult>;
  /**
   * Another application of the enterprise brought to the stage (not added to `applications`); forgets what
   * the fakes recorded on the way.
   */
  createApplication(enterpriseId: string, stage: Stage): Promise<string>;
  /** Reloads every application's current state and steps (after the seed, or after fuzzing wrote). */
  refresh(): Promise<void>;
  byStage(enterpriseId: string, stage: Stage): SeededApplication;
  /** Each principal's notification centre, as the notification service filled it from every seeded event. */
  notifications: ReadonlyMap<string, Notification[]>;
  /** Every item of the table, sorted by key: the suites compare snapshots. */
  scanAll(): Promise<Record<string, unknown>[]>;
}

type HandlerModule = {
  createHandler: (runtime?: RuntimeSource | DocumentsHandlerDeps) => HttpHandler;
  route: { roles: readonly Role[] | 'public' };
};

/** Imports every route's handler module (the entry the route table names). */
export async function loadHandlerModules(): Promise<Map<string, HandlerModule>> {
  const modules = new Map<string, HandlerModule>();
  for (const route of apiRoutes) {
    modules.set(routeKey(route), (await import(/* @vite-ignore */ `../../${route.entry}`)) as HandlerModule);
  }
  return modules;
}

const context: Context = {
  callbackWaitsForEmptyEventLoop: false,
  functionName: 'security-suite',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:ap-east-1:123456789012:function:security-suite',
  memoryLimitInMB: '256',
  awsRequestId: 'security-suite-request',
  logGroupName: '/aws/lambda/security-suite',
  logStreamName: 'stream',
  getRemainingTimeInMillis: () => 30_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
};

/**
 * Builds the world on a fresh table: every application written through the real handlers and tasks. Issued
 * applications get their certificates (in the S3 at `s3Endpoint`, the run's s3rver).
 */
export async function buildWorld(table: TestTable, options: { s3Endpoint: string }): Promise<World> {
  const recorded: Recorded = { started: [], callbacks: [] };
  let ids = 0;
  const deps = testDeps({
    tableName: table.tableName,
    documentClient: table.client,
    newId: () => `w${String(++ids).padStart(5, '0')}`,
    workflow: {
      async startExecution(applicationId) {
        recorded.started.push(applicationId);
        return { executionArn: `arn:aws:states:local:0:execution:approval:${applicationId}` };
      },
    },
    taskCallbacks: {
      sendTaskSuccess: (taskToken, output) => void recorded.callbacks.push({ taskToken, output }),
    },
  });
  // The standard-land applications below are filed on the fixture's parcel: registered, as the register demands.
  await registerParcel(deps);

  const bucket = `world-${randomUUID()}`;
  await createBuckets(options.s3Endpoint, [bucket]);
  const documents = createDocumentsDeps({
    tableName: table.tableName,
    documentClient: table.client,
    bucket,
    s3Endpoint: options.s3Endpoint,
    signer: new FileCertificateSigner(join(mkdtempSync(join(tmpdir(), 'world-key-')), 'key.pem')),
    publicBaseUrl: 'https://one-window.example',
    now: deps.now,
    newId: deps.newId,
  });

  const modules = await loadHandlerModules();
  const handlers = new Map<string, HttpHandler>();
  for (const [key, module] of modules) {
    const route = apiRoutes.find((r) => routeKey(r) === key)!;
    handlers.set(key, module.createHandler(route.entry.startsWith('services/documents/') ? documents : deps));
  }

  const call = async (
    route: ApiRoute,
    principal: PrincipalName,
    input: ApiEventInput,
  ): Promise<ApiResult> => {
    const handler = handlers.get(routeKey(route))!;
    const event: APIGatewayProxyEventV2 = apiEvent({
      method: route.method,
      routeKey: routeKey(route),
      ...input,
      ...(principal === 'anonymous' ? {} : { principal: principals[principal] }),
    });
    return invokeHandler(handler, event);
  };
  const routeOf = (key: string): ApiRoute => apiRoutes.find((r) => routeKey(r) === key)!;
  const expectOk = (result: ApiResult, what: string): ApiResult => {
    if (result.statusCode >= 300) {
      throw new Error(`seeding: ${what} answered ${result.statusCode} ${JSON.stringify(result.body)}`);
    }
    return result;
  };

  const submit = async (principal: PrincipalName, body: Record<string, unknown>) =>
    expectOk(await call(routeOf('POST /applications'), principal, { path: '/applications', body }), 'submit')
      .body.applicationId as string;
  const open = (applicationId: string, kind: Step['kind'], department: string, permitType?: PermitType) =>
    openHumanStep(deps, {
      applicationId,
      taskToken: `token-${applicationId}-${kind}-${permitType ?? department}`,
      step: { kind, department, ...(permitType ? { permitType } : {}) },
    });
  const decideIntake = async (applicationId: string, body: Record<string, unknown>) =>
    expectOk(
      await call(routeOf('POST /applications/{applicationId}/intake-decision'), 'clerk', {
        path: `/applications/${applicationId}/intake-decision`,
        pathParameters: { applicationId },
        body,
      }),
      'intake decision',
    );
  const approve = async (applicationId: string, stepId: string, officer: PrincipalName) =>
    expectOk(
      await call(routeOf('POST /applications/{applicationId}/steps/{stepId}/decision'), officer, {
        path: `/applications/${applicationId}/steps/${stepId}/decision`,
        pathParameters: { applicationId, stepId },
        body: { outcome: 'approve' },
      }),
      'review decision',
    );

  /** One application of the enterprise brought to the stage, the way the API and the workflow would. */
  const createApplication = async (enterpriseId: string, stage: Stage): Promise<string> => {
    const owner: PrincipalName = enterpriseId === 'ent-a' ? 'entA' : 'entB';
    const filer = (extra: Record<string, unknown> = {}) =>
      enterpriseId === 'ent-a' ? submit('agentA', { enterpriseId, ...extra }) : submit(owner, extra);
    switch (stage) {
      case 'submitted': {
        // Filed on standard land, intake open: the commitment can still be signed.
        const id = await submit(owner, standardLand());
        await open(id, 'intake', 'window');
        return id;
      }
      case 'supplement': {
        // Back with the enterprise (补正): the supplement request is open.
        const id = await filer(standardLand());
        await open(id, 'intake', 'window');
        await decideIntake(id, { outcome: 'request-supplement', missingItems: ['用地红线图'] });
        await open(id, 'enterprise-supplement', 'window');
        return id;
      }
      case 'review': {
        // In review at two departments (并联审批).
        const id = await filer(regular());
        await open(id, 'intake', 'window');
        await decideIntake(id, { outcome: 'accept' });
        await open(id, 'review', 'natural-resources', 'land-use-planning');
        await open(id, 'review', 'housing-construction', 'construction');
        return id;
      }
      case 'issued': {
        // Issued (同发).
        const id = await submit(owner, regular());
        await open(id, 'intake', 'window');
        await decideIntake(id, { outcome: 'accept' });
        await open(id, 'review', 'natural-resources', 'land-use-planning');
        await open(id, 'review', 'housing-construction', 'construction');
        await approve(id, 'review-land-use-planning-1', 'officerNR');
        await approve(id, 'review-construction-1', 'officerHC');
        await issuePermits(deps, { applicationId: id });
        await issueCertificates(documents, { applicationId: id });
        return id;
      }
      case 'verification': {
        // Issued on commitment (告知承诺), now under verification (承诺核查) by natural resources.
        const id = await submit(owner, {
          ...standardLand(),
          requiredPermits: ['land-use-planning', 'real-estate-title'],
          commitment: { indicators: { 'investment-per-mu-yuan': 3_500_000 } },
        });
        await open(id, 'intake', 'window');
        await decideIntake(id, { outcome: 'accept' });
        await open(id, 'review', 'real-estate-registration', 'real-estate-title');
        await approve(id, 'review-real-estate-title-1', 'officerRER');
        const result = await issuePermits(deps, { applicationId: id });
        if (result.outcome !== 'issued' || !result.verificationDepartment) {
          throw new Error(`seeding: verification issuance answered ${JSON.stringify(result)}`);
        }
        await issueCertificates(documents, { applicationId: id });
        await open(id, 'verification', result.verificationDepartment);
        return id;
      }
    }
  };

  const seeded: { applicationId: string; enterpriseId: string; stage: Stage }[] = [];
  for (const enterpriseId of enterprises) {
    for (const stage of stages) {
      seeded.push({ applicationId: await createApplication(enterpriseId, stage), enterpriseId, stage });
    }
  }
  const seedProject = async (
    enterpriseId: string,
    ticketDepartment: string,
    secretaryUserId?: string,
  ): Promise<SeededProject> => {
    const owner: PrincipalName = enterpriseId === 'ent-a' ? 'entA' : 'entB';
    const projectId = expectOk(
      await call(routeOf('POST /projects'), 'clerk', {
        path: '/projects',
        body: {
          enterpriseId,
          name: '项目',
          industry: 'auto-parts',
          location: '经开区',
          plannedInvestmentYuan: 1,
        },
      }),
      'register project',
    ).body.projectId as string;
    const at = { path: `/projects/${projectId}`, pathParameters: { projectId } };
    if (secretaryUserId) {
      expectOk(
        await call(routeOf('PUT /projects/{projectId}/people'), 'clerk', {
          ...at,
          path: `${at.path}/people`,
          body: { secretaryUserId },
        }),
        'assign people',
      );
    }
    const ticketId = expectOk(
      await call(routeOf('POST /projects/{projectId}/tickets'), owner, {
        ...at,
        path: `${at.path}/tickets`,
        body: {
          title: '问题',
          description: '问题',
          category: 'land',
          department: ticketDepartment,
          timeLimitDays: 5,
        },
      }),
      'raise ticket',
    ).body.ticketId as string;
    return {
      projectId,
      enterpriseId,
      ticketId,
      ticketDepartment,
      ...(secretaryUserId ? { secretaryUserId } : {}),
    };
  };
  const projects = [
    await seedProject('ent-a', 'natural-resources'),
    await seedProject('ent-b', 'housing-construction', principals.agentA.userId),
  ];
  recorded.started.length = 0;
  recorded.callbacks.length = 0;

  // Notification centres: every principal in the directory, every seeded event delivered (as the outbox would).
  const notificationStore = new DynamoDbNotificationStore({
    client: table.client,
    tableName: table.tableName,
  });
  for (const [name, principal] of Object.entries(principals)) {
    if (name === 'nobody') continue;
    const person: Person = {
      userId: principal.userId,
      name,
      email: `${principal.userId}@example.invalid`,
      role: principal.roles[0]!,
      ...('enterpriseId' in principal ? { enterpriseId: principal.enterpriseId } : {}),
      ...('department' in principal ? { department: principal.department } : {}),
    };
    await notificationStore.putPerson(person);
  }
  const quiet = { send: () => Promise.resolve() };
  for (const { applicationId } of seeded) {
    for (const event of await deps.repository.getTimeline(applicationId)) {
      await notifyEvent(
        {
          store: notificationStore,
          directory: notificationStore,
          applications: deps.repository,
          mail: quiet,
          sms: quiet,
          calendars: deps.calendars,
          now: deps.now,
          baseUrl: 'https://portal.example.invalid',
          logger: { info: () => undefined, warn: () => undefined },
        },
        { outboxId: outboxIdOf(event), event },
      );
    }
  }
  const notifications = new Map<string, Notification[]>();
  for (const principal of Object.values(principals)) {
    notifications.set(
      principal.userId,
      (await notificationStore.list(principal.userId, { limit: 100 })).items,
    );
  }

  // 督办单: an administrator's order on every open review and verification step (after the notification centres,
  // which the orders do not reach), so each department has orders to list and to page through.
  for (const { applicationId } of seeded) {
    const { steps } = await deps.repository.getApplicationWithSteps(applicationId);
    for (const step of steps.filter(
      (s) => s.status === 'open' && ['review', 'verification'].includes(s.kind),
    )) {
      expectOk(
        await call(routeOf('POST /applications/{applicationId}/supervision-orders'), 'admin', {
          path: `/applications/${applicationId}/supervision-orders`,
          pathParameters: { applicationId },
          body: { stepId: step.stepId, reason: '请加快办理', limitWorkingDays: 3 },
        }),
        'issue a supervision order',
      );
    }
  }

  // 好差评: each enterprise rates its issued application poorly, so the service centre has follow-ups to list and
  // page through, and a second rating of it is refused (the applications under verification stay unrated).
  for (const { applicationId, enterpriseId } of seeded.filter((s) => s.stage === 'issued')) {
    expectOk(
      await call(
        routeOf('POST /applications/{applicationId}/ratings'),
        enterpriseId === 'ent-a' ? 'entA' : 'entB',
        {
          path: `/applications/${applicationId}/ratings`,
          pathParameters: { applicationId },
          body: { level: 2, comment: '等待时间过长' },
        },
      ),
      'rate an issued application',
    );
  }

  const applications: SeededApplication[] = [];
  const world: World = {
    table,
    projects,
    deps,
    documents,
    applications,
    recorded,
    handlers,
    call,
    notifications,
    async createApplication(enterpriseId, stage) {
      const id = await createApplication(enterpriseId, stage);
      recorded.started.length = 0;
      recorded.callbacks.length = 0;
      return id;
    },
    async refresh() {
      const loaded = await Promise.all(
        seeded.map(async (s) => ({
          ...s,
          ...(await deps.repository.getApplicationWithSteps(s.applicationId)),
        })),
      );
      applications.splice(0, applications.length, ...loaded);
    },
    byStage(enterpriseId, stage) {
      const found = applications.find((a) => a.enterpriseId === enterpriseId && a.stage === stage);
      if (!found) throw new Error(`no ${stage} application of ${enterpriseId}`);
      return found;
    },
    async scanAll() {
      const items: Record<string, unknown>[] = [];
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await table.client.send(
          new ScanCommand({ TableName: table.tableName, ConsistentRead: true, ExclusiveStartKey: startKey }),
        );
        items.push(...(page.Items ?? []));
        startKey = page.LastEvaluatedKey;
      } while (startKey);
      return items.sort((a, b) =>
        `${String(a.pk)}|${String(a.sk)}`.localeCompare(`${String(b.pk)}|${String(b.sk)}`),
      );
    },
  };
  await world.refresh();
  return world;
}

/**
 * Invokes a handler and reads its response: the body parsed when it is JSON (errors always are), kept as
 * text otherwise (CSV exports), so a suite can look at any route's answer.
 */
async function invokeHandler(handler: HttpHandler, event: APIGatewayProxyEventV2): Promise<ApiResult> {
  const result = await handler(event, context);
  const headers = Object.fromEntries(
    Object.entries(result.headers ?? {}).map(([name, value]) => [name.toLowerCase(), String(value)]),
  );
  const rawBody = result.body;
  const json = (headers['content-type'] ?? '').startsWith('application/json');
  return {
    statusCode: result.statusCode ?? 200,
    headers,
    body: rawBody === undefined || rawBody === '' ? undefined : json ? JSON.parse(rawBody) : rawBody,
    rawBody,
  };
}

/** The API tests' regular-track submission, as a plain body. */
function regular(): Record<string, unknown> {
  return { ...submission() };
}

function standardLand(): Record<string, unknown> {
  return { ...regular(), track: 'standard-land', landAcquiredOn: '2025-02-28' };
}
