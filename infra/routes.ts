// What runs where, in one table: every Lambda handler of the platform, the HTTP route that reaches it and the
// permissions it needs. The CDK stack builds functions, routes and grants from it; the embedded runtime's HTTP
// adapter and workflow runner read the same table, so cloud and local cannot disagree about a route or a handler.
// No CDK imports here: the runtime loads this module without aws-cdk-lib, and each handler takes its route's
// declaration from it (`declaredRoute`), so a route is declared once.
import type { Role } from '#shared/auth/principal';

/** What a function may do on the single table. 'readWrite' includes 'read'. */
export type TableAccess = 'none' | 'read' | 'readWrite';

export interface FunctionSpec {
  /** Stable, kebab-case name: the construct id (PascalCased), the log group and the Powertools service name. */
  readonly name: string;
  /** Handler file, relative to the project root; it exports `handler`. */
  readonly entry: string;
  readonly description: string;
  readonly table: TableAccess;
  /** Calls SendTaskSuccess / SendTaskFailure on the approval workflow (a decision ends a human step). */
  readonly taskCallbacks: boolean;
  /** Calls StartExecution on the approval workflow. */
  readonly startsExecution: boolean;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT';

export interface ApiRoute extends FunctionSpec {
  readonly method: HttpMethod;
  /** API Gateway path syntax: `{name}` is a path parameter. */
  readonly path: string;
  /**
   * Who may call it: the roles of which the caller must hold one (else 403), or 'public' (no token; nothing
   * with case data). The one declaration: the handler enforces it, the OpenAPI document states it.
   */
  readonly roles: readonly Role[] | 'public';
  /** Reachable without a token (`roles: 'public'`). Every other route sits behind the JWT authorizer. */
  readonly public: boolean;
  /**
   * Accepts an `Idempotency-Key` (shared/http/idempotency.ts): keeps idempotency records in the table, and may
   * delete them (only `IDEM#` partitions) to release the key of a failed request. @default false
   */
  readonly idempotent?: boolean;
}

const route = (
  method: HttpMethod,
  path: string,
  spec: Omit<ApiRoute, 'method' | 'path' | 'taskCallbacks' | 'startsExecution' | 'public' | 'idempotent'> &
    Partial<Pick<ApiRoute, 'taskCallbacks' | 'startsExecution' | 'idempotent'>>,
): ApiRoute => ({
  method,
  path,
  taskCallbacks: false,
  startsExecution: false,
  idempotent: false,
  ...spec,
  public: spec.roles === 'public',
});

/** Every role: each person has a notification centre of their own (通知). */
const everyone: readonly Role[] = [
  'enterprise',
  'window-clerk',
  'department-officer',
  'agency-officer',
  'administrator',
];

export const apiRoutes: readonly ApiRoute[] = [
  route('POST', '/applications', {
    name: 'submit-application',
    roles: ['enterprise', 'agency-officer'],
    entry: 'services/intake/handlers/submit-application.ts',
    description: 'An enterprise files an application; starts its approval workflow',
    table: 'readWrite',
    startsExecution: true,
    idempotent: true,
  }),
  route('GET', '/applications', {
    name: 'list-applications',
    roles: ['enterprise', 'agency-officer', 'window-clerk', 'department-officer', 'administrator'],
    entry: 'services/intake/handlers/list-applications.ts',
    description: 'Lists the applications the caller may see, newest first',
    table: 'read',
  }),
  route('GET', '/applications/{applicationId}', {
    name: 'get-application',
    roles: ['enterprise', 'agency-officer', 'window-clerk', 'department-officer', 'administrator'],
    entry: 'services/intake/handlers/get-application.ts',
    description: 'One application with its steps and timeline',
    table: 'read',
  }),
  route('POST', '/applications/{applicationId}/intake-decision', {
    name: 'decide-intake',
    roles: ['window-clerk'],
    entry: 'services/intake/handlers/decide-intake.ts',
    description: 'The window clerk accepts, accepts with gaps, requests supplements or refuses (一窗受理)',
    table: 'readWrite',
    taskCallbacks: true,
    idempotent: true,
  }),
  route('POST', '/applications/{applicationId}/supplement', {
    name: 'resubmit-supplement',
    roles: ['enterprise', 'agency-officer'],
    entry: 'services/intake/handlers/resubmit-supplement.ts',
    description: 'The enterprise answers a supplement request (补正)',
    table: 'readWrite',
    taskCallbacks: true,
    idempotent: true,
  }),
  route('POST', '/applications/{applicationId}/commitment', {
    name: 'sign-commitment',
    roles: ['enterprise', 'agency-officer'],
    entry: 'services/intake/handlers/sign-commitment.ts',
    description: 'The enterprise signs the standard-land commitment (承诺书)',
    table: 'readWrite',
    idempotent: true,
  }),
  route('GET', '/inbox', {
    name: 'list-inbox',
    roles: ['window-clerk', 'department-officer', 'administrator'],
    entry: 'services/review/handlers/list-inbox.ts',
    description: "Open steps of the caller's department, by due time",
    table: 'read',
  }),
  route('POST', '/applications/{applicationId}/steps/{stepId}/decision', {
    name: 'decide-step',
    roles: ['department-officer'],
    entry: 'services/review/handlers/decide-step.ts',
    description: 'A department officer decides a review step (并联审批)',
    table: 'readWrite',
    taskCallbacks: true,
    idempotent: true,
  }),
  route('POST', '/applications/{applicationId}/verification-decision', {
    name: 'decide-verification',
    roles: ['department-officer'],
    entry: 'services/review/handlers/decide-verification.ts',
    description: 'A department officer records the commitment verification (承诺核查)',
    table: 'readWrite',
    taskCallbacks: true,
    idempotent: true,
  }),
  route('GET', '/applications/{applicationId}/permits', {
    name: 'get-permits',
    roles: ['enterprise', 'agency-officer', 'window-clerk', 'department-officer', 'administrator'],
    entry: 'services/review/handlers/get-permits.ts',
    description: 'The permits issued jointly for an application (同发)',
    table: 'read',
  }),
  route('GET', '/admin/reports/steps', {
    name: 'get-step-report',
    roles: ['administrator'],
    entry: 'services/reports/handlers/get-step-report.ts',
    description: 'Administrators: department steps per department, permit, track and month (counters)',
    table: 'read',
  }),
  route('GET', '/admin/reports/applications', {
    name: 'get-application-report',
    roles: ['administrator'],
    entry: 'services/reports/handlers/get-application-report.ts',
    description: 'Administrators: applications per track and month against their limits (counters)',
    table: 'read',
  }),
  route('GET', '/admin/reports/overdue', {
    name: 'get-overdue-report',
    roles: ['administrator'],
    entry: 'services/reports/handlers/get-overdue-report.ts',
    description: 'Administrators: overdue open steps and who holds them',
    table: 'read',
  }),
  route('GET', '/admin/applications/{applicationId}/timeline', {
    name: 'get-application-timeline',
    roles: ['administrator'],
    entry: 'services/reports/handlers/get-application-timeline.ts',
    description: "Administrators: an application's events and paused intervals, exportable",
    table: 'read',
  }),
  route('GET', '/admin/calendar', {
    name: 'get-calendar',
    roles: ['administrator'],
    entry: 'services/admin/handlers/get-calendar.ts',
    description: 'Administrators: the working-day calendar in force, its warnings and latest changes',
    table: 'read',
  }),
  route('PUT', '/admin/calendar/years/{year}', {
    name: 'load-calendar-year',
    roles: ['administrator'],
    entry: 'services/admin/handlers/load-calendar-year.ts',
    description: "Administrators: load a year's official schedule; open deadlines are recomputed",
    table: 'readWrite',
  }),
  route('POST', '/admin/calendar/local-rest-days', {
    name: 'change-local-rest-days',
    roles: ['administrator'],
    entry: 'services/admin/handlers/change-local-rest-days.ts',
    description: 'Administrators: add or remove local rest days; open deadlines are recomputed',
    table: 'readWrite',
  }),
  route('GET', '/notifications', {
    name: 'list-notifications',
    roles: everyone,
    entry: 'services/notifications/handlers/list-notifications.ts',
    description: "The caller's own notifications, newest first",
    table: 'read',
  }),
  route('GET', '/notifications/unread-count', {
    name: 'get-unread-count',
    roles: everyone,
    entry: 'services/notifications/handlers/get-unread-count.ts',
    description: "How many of the caller's notifications are unread",
    table: 'read',
  }),
  route('POST', '/notifications/{notificationId}/read', {
    name: 'mark-notification-read',
    roles: everyone,
    entry: 'services/notifications/handlers/mark-notification-read.ts',
    description: "Marks one of the caller's notifications read",
    table: 'readWrite',
    idempotent: true,
  }),
  route('GET', '/notifications/preferences', {
    name: 'get-notification-preferences',
    roles: everyone,
    entry: 'services/notifications/handlers/get-preferences.ts',
    description: "The caller's notification preferences",
    table: 'read',
  }),
  route('PUT', '/notifications/preferences', {
    name: 'put-notification-preferences',
    roles: everyone,
    entry: 'services/notifications/handlers/put-preferences.ts',
    description: "Changes the caller's notification preferences",
    table: 'readWrite',
    idempotent: true,
  }),
  route('GET', '/openapi.json', {
    name: 'get-openapi',
    roles: 'public',
    entry: 'services/openapi/handlers/get-openapi.ts',
    description: 'The OpenAPI document of this API',
    table: 'none',
  }),
];

const task = (spec: Omit<FunctionSpec, 'taskCallbacks' | 'startsExecution'>): FunctionSpec => ({
  taskCallbacks: false,
  startsExecution: false,
  ...spec,
});

/** The Lambda tasks the approval state machine invokes. */
export const workflowTasks = {
  openHumanStep: task({
    name: 'open-human-step',
    entry: 'services/workflow/handlers/open-human-step.ts',
    description: 'Records a human step: its task token, deadline and inbox entry',
    table: 'readWrite',
  }),
  routeApplication: task({
    name: 'route-application',
    entry: 'services/workflow/handlers/route-application.ts',
    description: 'Decides the track and which permits go to review or by commitment',
    table: 'readWrite',
  }),
  issuePermits: task({
    name: 'issue-permits',
    entry: 'services/workflow/handlers/issue-permits.ts',
    description: 'Issues all permits together and records the SLA result (同发)',
    table: 'readWrite',
  }),
  closeApplication: task({
    name: 'close-application',
    entry: 'services/workflow/handlers/close-application.ts',
    description: 'Closes an application as refused, verified, revoked or failed',
    table: 'readWrite',
  }),
} as const satisfies Record<string, FunctionSpec>;

/** The SLA sweeper: warns, escalates, deems intake accepted after 5 days (which ends a human step). */
export const slaSweeper: FunctionSpec = {
  name: 'sweep-deadlines',
  entry: 'services/sla/handlers/sweep-deadlines.ts',
  description: 'Every 15 minutes: warnings, escalation and deemed acceptance of overdue steps',
  table: 'readWrite',
  taskCallbacks: true,
  startsExecution: false,
};

/**
 * The transactional outbox's enrichment: the pipe from the table's stream to the domain event bus hands it each
 * batch of stream records; it returns the plain domain events. Reads nothing.
 */
export const outboxEnrichment: FunctionSpec = {
  name: 'enrich-outbox-records',
  entry: 'services/notifications/handlers/enrich-outbox-records.ts',
  description: 'Outbox pipe: turns stream records of audit events into domain events for the bus',
  table: 'none',
  taskCallbacks: false,
  startsExecution: false,
};

/** The notification service's consumer of the domain event bus. */
export const notificationConsumer: FunctionSpec = {
  name: 'notify-from-bus',
  entry: 'services/notifications/handlers/notify-from-bus.ts',
  description: 'Turns domain events into in-app, e-mail and SMS notifications, once per person',
  table: 'readWrite',
  taskCallbacks: false,
  startsExecution: false,
};

/** Every function of the platform. */
export const allFunctions: readonly FunctionSpec[] = [
  ...apiRoutes,
  ...Object.values(workflowTasks),
  slaSweeper,
  outboxEnrichment,
  notificationConsumer,
];

/** The names of the environment variables the stack sets and the handlers read. */
export const environmentNames = {
  tableName: 'TABLE_NAME',
  stateMachineArn: 'STATE_MACHINE_ARN',
  /** Links in notifications start here (the portal). */
  portalUrl: 'PORTAL_URL',
  /** The verified SES identity notifications are sent from. */
  mailFrom: 'MAIL_FROM',
} as const;

/** Metadata keys on each AWS::Lambda::Function of the template: the embedded runtime finds handlers by them. */
export const functionMetadata = { entry: 'app:entry', name: 'app:function' } as const;

/** `GET /applications/{applicationId}`: API Gateway's route key. */
export function routeKey(r: Pick<ApiRoute, 'method' | 'path'>): string {
  return `${r.method} ${r.path}`;
}

/** What a handler and the OpenAPI document take from a route's one declaration. */
export interface DeclaredRoute {
  readonly method: HttpMethod;
  readonly path: string;
  readonly roles: readonly Role[] | 'public';
  readonly idempotent: boolean;
}

/**
 * The declaration of the route named `name` (its function's name).
 * @throws when there is none: a contract for an undeclared route fails when its module loads
 */
export function declaredRoute(name: string): DeclaredRoute {
  const declared = apiRoutes.find((candidate) => candidate.name === name);
  if (!declared) throw new Error(`No route named ${name} in infra/routes.ts`);
  const { method, path, roles } = declared;
  return { method, path, roles, idempotent: declared.idempotent ?? false };
}
