// What runs where, in one table: every Lambda handler of the platform, the HTTP route that reaches it and the
// permissions it needs. The CDK stack builds functions, routes and grants from it; the embedded runtime's HTTP
// adapter and workflow runner read the same table, so cloud and local cannot disagree about a route or a handler.
// No CDK imports here: the runtime loads this module without aws-cdk-lib, and each handler takes its route's
// declaration from it (`declaredRoute`), so a route is declared once.
import type { Role } from '#shared/auth/principal';

/** What a function may do on the single table. 'readWrite' includes 'read'. */
export type TableAccess = 'none' | 'read' | 'readWrite';

/**
 * What a function may do in the document bucket, by prefix: `upload` presigns PUTs into `staging/`; `confirm`
 * copies from `staging/` into `documents/` and reads it back; `download` presigns GETs of `documents/`;
 * `certificates:write` stores PDFs under `certificates/`, `certificates:read` presigns their GETs.
 */
export type DocumentsAccess = 'upload' | 'confirm' | 'download' | 'certificates:write' | 'certificates:read';

/** What a function may do with the certificate signing key (KMS): sign at issuance, verify in the public check. */
export type CertificateKeyAccess = 'sign' | 'verify';

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
  /** The document bucket's prefixes it works on. @default none */
  readonly documents?: readonly DocumentsAccess[];
  /** @default none */
  readonly certificateKey?: CertificateKeyAccess;
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
  /**
   * Answers a page and a `cursor` to continue: may read the cursor key (shared/data/cursor-key.ts), so every
   * container seals and opens cursors alike. @default false
   */
  readonly paged?: boolean;
}

// Pure: when nothing reads the table (a Lambda bundle, see `declaredRoute`), esbuild drops it whole.
const route = /* @__NO_SIDE_EFFECTS__ */ (
  method: HttpMethod,
  path: string,
  spec: Omit<
    ApiRoute,
    'method' | 'path' | 'taskCallbacks' | 'startsExecution' | 'public' | 'idempotent' | 'paged'
  > &
    Partial<Pick<ApiRoute, 'taskCallbacks' | 'startsExecution' | 'idempotent' | 'paged'>>,
): ApiRoute => ({
  method,
  path,
  taskCallbacks: false,
  startsExecution: false,
  idempotent: false,
  paged: false,
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
    paged: true,
  }),
  // Before /applications/{applicationId}: the embedded runtime takes the first route that matches (API Gateway
  // prefers the literal segment anyway).
  route('GET', '/applications/search', {
    name: 'search-applications',
    roles: ['window-clerk', 'department-officer', 'administrator'],
    entry: 'services/officers/handlers/search-applications.ts',
    description:
      'Searches the applications the caller may see by status, track, permit, department, SLA, dates',
    table: 'read',
    paged: true,
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
    paged: true,
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
  route('POST', '/applications/{applicationId}/steps/{stepId}/assignment', {
    name: 'change-assignment',
    roles: ['department-officer'],
    entry: 'services/officers/handlers/change-assignment.ts',
    description:
      'An officer claims or releases a step; a department lead assigns or reassigns it (指派/认领)',
    table: 'readWrite',
    idempotent: true,
  }),
  route('POST', '/applications/{applicationId}/steps/{stepId}/exclusions', {
    name: 'record-exclusion',
    roles: ['department-officer'],
    entry: 'services/officers/handlers/record-exclusion.ts',
    description: 'An officer records Art. 45 excluded time on a step (hearing, testing, expert review, 公示)',
    table: 'readWrite',
    idempotent: true,
  }),
  route('POST', '/steps/bulk-assignment', {
    name: 'bulk-assignment',
    roles: ['department-officer'],
    entry: 'services/officers/handlers/bulk-assignment.ts',
    description: 'A department lead reassigns many steps at once, with a result per step',
    table: 'readWrite',
    idempotent: true,
  }),
  route('POST', '/officers/me/absences', {
    name: 'declare-absence',
    roles: ['department-officer'],
    entry: 'services/officers/handlers/declare-absence.ts',
    description: 'An officer declares an absence and the colleague who stands in meanwhile (代理)',
    table: 'readWrite',
    idempotent: true,
  }),
  // 督办单 (issue 14, part 5): an administrator's supervision order, answered by the step's department.
  route('POST', '/applications/{applicationId}/supervision-orders', {
    name: 'issue-supervision',
    roles: ['administrator'],
    entry: 'services/officers/handlers/issue-supervision.ts',
    description: 'An administrator orders the department of an open step to act, within working days (督办)',
    table: 'readWrite',
    idempotent: true,
  }),
  route('POST', '/applications/{applicationId}/supervision-orders/{orderId}/answer', {
    name: 'answer-supervision',
    roles: ['department-officer'],
    entry: 'services/officers/handlers/answer-supervision.ts',
    description: "The step's department records how it handled a supervision order, which closes it",
    table: 'readWrite',
    idempotent: true,
  }),
  route('GET', '/supervision-orders', {
    name: 'list-supervision',
    roles: ['department-officer', 'administrator'],
    entry: 'services/officers/handlers/list-supervision.ts',
    description:
      "Supervision orders not answered yet: all (administrators), the caller's department's (officers)",
    table: 'read',
    paged: true,
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
  route('POST', '/projects', {
    name: 'register-project',
    roles: ['enterprise', 'agency-officer', 'window-clerk'],
    entry: 'services/projects/handlers/register-project.ts',
    description: 'Registers an investment project in the project register (项目库 入库)',
    table: 'readWrite',
    idempotent: true,
  }),
  route('GET', '/projects', {
    name: 'list-projects',
    roles: ['enterprise', 'agency-officer', 'window-clerk', 'department-officer', 'administrator'],
    entry: 'services/projects/handlers/list-projects.ts',
    description: "Lists an enterprise's projects the caller may see, newest first",
    table: 'read',
    paged: true,
  }),
  route('GET', '/projects/{projectId}', {
    name: 'get-project',
    roles: ['enterprise', 'agency-officer', 'window-clerk', 'department-officer', 'administrator'],
    entry: 'services/projects/handlers/get-project.ts',
    description: 'One project with its tickets, applications and timeline',
    table: 'read',
  }),
  route('POST', '/projects/{projectId}/progress', {
    name: 'report-project-progress',
    roles: ['enterprise', 'agency-officer', 'window-clerk'],
    entry: 'services/projects/handlers/report-project-progress.ts',
    description: "Reports a project's progress: a later stage, planned dates or a note",
    table: 'readWrite',
    idempotent: true,
  }),
  route('PUT', '/projects/{projectId}/people', {
    name: 'assign-project-people',
    roles: ['window-clerk'],
    entry: 'services/projects/handlers/assign-project-people.ts',
    description: "The service centre assigns a project's secretary, leader and task force",
    table: 'readWrite',
    idempotent: true,
  }),
  route('POST', '/projects/{projectId}/tickets', {
    name: 'raise-ticket',
    roles: ['enterprise', 'agency-officer', 'department-officer'],
    entry: 'services/projects/handlers/raise-ticket.ts',
    description: 'Raises a problem ticket on a project (问题清单)',
    table: 'readWrite',
    idempotent: true,
  }),
  route('POST', '/projects/{projectId}/tickets/{ticketId}/action', {
    name: 'act-on-ticket',
    roles: ['enterprise', 'agency-officer', 'department-officer'],
    entry: 'services/projects/handlers/act-on-ticket.ts',
    description: 'Accepts, resolves, confirms (销号) or reopens a problem ticket',
    table: 'readWrite',
    idempotent: true,
  }),
  route('GET', '/admin/reports/projects', {
    name: 'get-project-report',
    roles: ['administrator'],
    entry: 'services/reports/handlers/get-project-report.ts',
    description: 'Administrators: projects per stage and month, and the registration rate (counters)',
    table: 'read',
  }),
  route('GET', '/admin/reports/tickets', {
    name: 'get-ticket-report',
    roles: ['administrator'],
    entry: 'services/reports/handlers/get-ticket-report.ts',
    description:
      'Administrators: problems raised, solved, on time, open and overdue per department and category',
    table: 'read',
  }),
  route('POST', '/applications/{applicationId}/documents', {
    name: 'declare-document-upload',
    roles: ['enterprise', 'agency-officer'],
    entry: 'services/documents/handlers/declare-document-upload.ts',
    description: 'The enterprise declares a document (or a new version) and gets a presigned PUT',
    table: 'readWrite',
    documents: ['upload'],
    idempotent: true,
  }),
  route('POST', '/applications/{applicationId}/documents/{documentId}/versions/{version}/confirm', {
    name: 'confirm-document-upload',
    roles: ['enterprise', 'agency-officer'],
    entry: 'services/documents/handlers/confirm-document-upload.ts',
    description: 'Attaches an uploaded version once its size and SHA-256 match the declaration',
    table: 'readWrite',
    documents: ['confirm'],
    idempotent: true,
  }),
  route('GET', '/applications/{applicationId}/documents', {
    name: 'list-documents',
    roles: ['enterprise', 'agency-officer', 'window-clerk', 'department-officer', 'administrator'],
    entry: 'services/documents/handlers/list-documents.ts',
    description: "An application's documents with every version and its hash",
    table: 'read',
  }),
  route('GET', '/applications/{applicationId}/documents/{documentId}/download', {
    name: 'download-document',
    roles: ['enterprise', 'agency-officer', 'window-clerk', 'department-officer', 'administrator'],
    entry: 'services/documents/handlers/download-document.ts',
    description: 'A short-lived download URL of a document version, recorded on the timeline',
    table: 'readWrite',
    documents: ['download'],
  }),
  route('GET', '/applications/{applicationId}/permits/{certificateNo}/certificate', {
    name: 'download-certificate',
    roles: ['enterprise', 'agency-officer', 'window-clerk', 'department-officer', 'administrator'],
    entry: 'services/documents/handlers/download-certificate.ts',
    description: "A short-lived download URL of a permit's signed PDF certificate (电子证照)",
    table: 'readWrite',
    documents: ['certificates:read'],
  }),
  route('GET', '/verify/{certificateNo}', {
    name: 'verify-certificate',
    roles: 'public',
    entry: 'services/documents/handlers/verify-certificate.ts',
    description: 'Public: is this certificate valid, revoked or unknown (signature checked)',
    table: 'read',
    certificateKey: 'verify',
  }),
  // --- The public face (services/public): no token, nothing of a case that is not published ---------------
  route('GET', '/public/guides', {
    name: 'list-guides',
    roles: 'public',
    entry: 'services/public/handlers/list-guides.ts',
    description: 'Public: the service guides (办事指南) of every permit in the catalogue in force',
    table: 'read',
  }),
  route('GET', '/public/guides/{permitType}', {
    name: 'get-guide',
    roles: 'public',
    entry: 'services/public/handlers/get-guide.ts',
    description:
      "Public: one permit's service guide (materials, 容缺, legal basis, time limits, fee, window)",
    table: 'read',
  }),
  route('GET', '/public/performance', {
    name: 'get-published-performance',
    roles: 'public',
    entry: 'services/reports/handlers/get-published-performance.ts',
    description:
      'Public: on-time rate, median and p90 working days per department and track in a month (政务公开)',
    table: 'read',
  }),
  route('GET', '/public/notices', {
    name: 'list-notices',
    roles: 'public',
    entry: 'services/public/handlers/list-notices.ts',
    description:
      'Public: notices (公示) of issued and revoked permits, newest first, searchable, each linking to its verification',
    table: 'read',
    paged: true,
  }),
  // --- end of the public face ------------------------------------------------------------------------------
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
  route('GET', '/admin/service-config', {
    name: 'get-service-config',
    roles: ['administrator'],
    entry: 'services/admin/handlers/get-service-config.ts',
    description:
      'Administrators: the service configuration in force (permit catalogue, time limits) or an older one',
    table: 'read',
  }),
  route('PUT', '/admin/service-config', {
    name: 'put-service-config',
    roles: ['administrator'],
    entry: 'services/admin/handlers/put-service-config.ts',
    description:
      'Administrators: a new version of the service configuration, for applications accepted afterwards',
    table: 'readWrite',
  }),
  route('GET', '/admin/parcels', {
    name: 'list-parcels',
    roles: ['administrator'],
    entry: 'services/admin/handlers/list-parcels.ts',
    description: 'Administrators: the standard-land parcels register',
    table: 'read',
  }),
  route('PUT', '/admin/parcels/{parcelId}', {
    name: 'register-parcel',
    roles: ['administrator'],
    entry: 'services/admin/handlers/register-parcel.ts',
    description: 'Administrators: register a standard-land parcel with its control indicators, or correct it',
    table: 'readWrite',
  }),
  route('POST', '/admin/parcels/{parcelId}/grant', {
    name: 'grant-parcel',
    roles: ['administrator'],
    entry: 'services/admin/handlers/grant-parcel.ts',
    description: 'Administrators: record the grant of a standard-land parcel with the land acquisition date',
    table: 'readWrite',
  }),
  // --- 好差评 (issue 18): ratings of a finished service and the follow-up of a poor one ------------------------
  route('POST', '/applications/{applicationId}/ratings', {
    name: 'rate-application',
    roles: ['enterprise', 'agency-officer'],
    entry: 'services/ratings/handlers/rate-application.ts',
    description: 'The enterprise (or its agency officer) rates a finished application once (好差评)',
    table: 'readWrite',
    idempotent: true,
  }),
  route('GET', '/applications/{applicationId}/ratings', {
    name: 'get-application-rating',
    roles: ['enterprise', 'agency-officer', 'administrator'],
    entry: 'services/ratings/handlers/get-application-rating.ts',
    description: "An application's rating and the follow-up of a poor one",
    table: 'read',
  }),
  route('GET', '/admin/rating-follow-ups', {
    name: 'list-rating-follow-ups',
    roles: ['administrator'],
    entry: 'services/ratings/handlers/list-rating-follow-ups.ts',
    description: 'Administrators: poor ratings (差评) not handled yet, earliest due first',
    table: 'read',
    paged: true,
  }),
  route('POST', '/admin/rating-follow-ups/{applicationId}/handle', {
    name: 'handle-rating-follow-up',
    roles: ['administrator'],
    entry: 'services/ratings/handlers/handle-rating-follow-up.ts',
    description: 'Administrators: record how a poor rating was handled and answered (整改 · 回复)',
    table: 'readWrite',
    idempotent: true,
  }),
  route('GET', '/admin/reports/satisfaction', {
    name: 'get-satisfaction-report',
    roles: ['administrator'],
    entry: 'services/reports/handlers/get-satisfaction-report.ts',
    description: 'Administrators: ratings and satisfaction rate (满意率) per department and month',
    table: 'read',
  }),
  route('GET', '/notifications', {
    name: 'list-notifications',
    roles: everyone,
    entry: 'services/notifications/handlers/list-notifications.ts',
    description: "The caller's own notifications, newest first",
    table: 'read',
    paged: true,
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

const task = /* @__NO_SIDE_EFFECTS__ */ (
  spec: Omit<FunctionSpec, 'taskCallbacks' | 'startsExecution'> &
    Partial<Pick<FunctionSpec, 'taskCallbacks'>>,
): FunctionSpec => ({
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
    // A step decided before its callback reached Step Functions gets its decision sent again on the new token.
    taskCallbacks: true,
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
  issueCertificates: task({
    name: 'issue-certificates',
    entry: 'services/documents/handlers/issue-certificates.ts',
    description:
      'One signed PDF certificate per issued permit (电子证照), with a QR code to the public check',
    table: 'readWrite',
    documents: ['certificates:write'],
    certificateKey: 'sign',
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

/**
 * The people directory's writer: Cognito's pre token generation trigger records a signed-in user's verified
 * contact data and audience for the notification service (services/notifications/README.md).
 */
export const directorySync: FunctionSpec = {
  name: 'sync-directory',
  entry: 'services/notifications/handlers/sync-directory.ts',
  description: 'Cognito sign-in: records the person in the notification directory (contact data, audience)',
  table: 'readWrite',
  taskCallbacks: false,
  startsExecution: false,
};

// Built in a pure function call, so that a bundle that does not read it drops it (see `declaredRoute`).
/** Every function of the platform. */
export const allFunctions: readonly FunctionSpec[] = /* @__PURE__ */ (() => [
  ...apiRoutes,
  ...Object.values(workflowTasks),
  slaSweeper,
  outboxEnrichment,
  notificationConsumer,
  directorySync,
])();

/** The names of the environment variables the stack sets and the handlers read. */
export const environmentNames = {
  tableName: 'TABLE_NAME',
  stateMachineArn: 'STATE_MACHINE_ARN',
  documentsBucket: 'DOCUMENTS_BUCKET',
  /** The KMS key that signs certificates (cloud); the embedded runtime uses CERTIFICATE_KEY_FILE instead. */
  certificateKeyId: 'CERTIFICATE_KEY_ID',
  /** Where the QR codes on certificates point: the API's public URL. */
  publicBaseUrl: 'PUBLIC_BASE_URL',
  certificateFontPath: 'CERTIFICATE_FONT_PATH',
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
 * The variable esbuild replaces in a Lambda bundle with every route's declaration (JSON, see `bundleDefinesFor`
 * in infra/constructs/project-function.ts): a handler needs its routes' method, path, roles and `idempotent`,
 * and the rest of this table (descriptions, entries, grants: ~19 KB minified) stays out of every bundle.
 * `declaredRoute` spells the name out, so that `define` can match it.
 */
export const declaredRoutesVariable = 'ONE_WINDOW_DECLARED_ROUTES';

type BundledDeclarations = Partial<Record<string, DeclaredRoute>>;
let bundledDeclarations: BundledDeclarations | undefined;

/**
 * The declaration of the route named `name` (its function's name).
 * @throws when there is none: a contract for an undeclared route fails when its module loads
 */
export function declaredRoute(name: string): DeclaredRoute {
  // In a Lambda bundle esbuild writes the declarations in (`declaredRoutesVariable`): the table is left out of it
  // (its rows are built by pure calls, so nothing keeps them when only the defined branch remains).
  // Parsed once: every contract module calls this for each of its routes while the bundle loads.
  const declared =
    process.env.ONE_WINDOW_DECLARED_ROUTES !== undefined
      ? (bundledDeclarations ??= JSON.parse(process.env.ONE_WINDOW_DECLARED_ROUTES) as BundledDeclarations)[
          name
        ]
      : declarationIn(apiRoutes, name);
  if (!declared) throw new Error(`No route named ${name} in infra/routes.ts`);
  return declared;
}

function declarationIn(routes: readonly ApiRoute[], name: string): DeclaredRoute | undefined {
  const declared = routes.find((candidate) => candidate.name === name);
  if (!declared) return undefined;
  const { method, path, roles } = declared;
  return { method, path, roles, idempotent: declared.idempotent ?? false };
}
