// The deployed system as a list of decisions: one table, one user pool, one approval workflow, one HTTP API
// with a function per route, one SLA sweeper, the outbox and notifications, one dashboard with its alarms. What each function may do is
// decided in infra/routes.ts.
import { CfnOutput, NestedStack, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { apiRoutes, environmentNames } from '#infra/routes';
import { ApprovalApi } from './constructs/api.ts';
import { readFileSync } from 'node:fs';
import { AuditArchive } from './constructs/audit-archive.ts';
import { ApprovalEdge } from './constructs/edge.ts';
import { EdgeFirewall } from './constructs/edge-firewall.ts';
import { projectRoot } from './constructs/project-function.ts';
import { ApprovalAuth } from './constructs/auth.ts';
import { ApprovalDocuments } from './constructs/documents.ts';
import { CursorKey } from './constructs/cursor-key.ts';
import { OriginVerificationSecret } from './constructs/origin-verification.ts';
import { OutboxToNotifications } from './constructs/notifications.ts';
import { ApprovalObservability } from './constructs/observability.ts';
import { SlaSweeper } from './constructs/sla.ts';
import { ApprovalTable } from './constructs/table.ts';
import { ApprovalWorkflow } from './constructs/workflow.ts';

export interface ApprovalStackProps extends StackProps {
  /**
   * Protect the table and user pool against deletion; turn off for throw-away test stacks.
   * @default true
   */
  readonly retainData?: boolean;
  /**
   * @default - see ApprovalAuthProps.threatProtection
   */
  readonly threatProtection?: boolean;
  /**
   * Browser origins allowed to call the API directly.
   * @default - none
   */
  readonly corsAllowedOrigins?: string[];
  /**
   * The WAF WebACL (scope CLOUDFRONT) of the edge, made in us-east-1 by a stack of its own when this stack
   * deploys elsewhere (build-app.ts).
   * @default - a WebACL in this stack, which then must deploy to us-east-1 (or be environment-agnostic)
   */
  readonly webAclArn?: string;
  /**
   * The portal's built files, deployed to the site bucket.
   * @default 'web/dist' of the project, when it exists
   */
  readonly siteSource?: string;
  /**
   * Where links in notifications lead (the portal); its origin is also the one whose browsers upload and
   * download documents straight from the document bucket (the bucket's CORS rule). Also the context value
   * `portalUrl`.
   * @default 'https://portal.example.invalid'
   */
  readonly portalUrl?: string;
  /**
   * The verified SES identity (domain or address) notifications are sent from. Also read from the context:
   * `cdk deploy -c mailFromIdentity=notify.example.gov.cn` (see services/notifications/README.md).
   * @default - see NotificationsProps.mailFromIdentity
   */
  readonly mailFromIdentity?: string;
  /**
   * The From address, when not `notifications@<mailFromIdentity>`; also the context value `mailFrom`.
   * @default - see NotificationsProps.mailFrom
   */
  readonly mailFrom?: string;
}

export class ApprovalStack extends Stack {
  public readonly table: ApprovalTable;
  public readonly documents: ApprovalDocuments;
  public readonly auth: ApprovalAuth;
  public readonly workflow: ApprovalWorkflow;
  public readonly api: ApprovalApi;
  public readonly sla: SlaSweeper;
  public readonly notifications: OutboxToNotifications;
  public readonly observability: ApprovalObservability;
  /** The nested stack that holds the observability construct. */
  public readonly observabilityStack: NestedStack;
  /** The one CloudFront distribution: portal, API and OpenAPI document, behind WAF. */
  public readonly edge: ApprovalEdge;
  /** The audit events' immutable copy (S3 Object Lock, compliance). */
  public readonly auditArchive: AuditArchive;

  constructor(scope: Construct, id: string, props: ApprovalStackProps = {}) {
    super(scope, id, props);
    const retain = props.retainData ?? true;
    const removalPolicy = retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    this.table = new ApprovalTable(this, 'Data', { deletionProtection: retain, removalPolicy });
    this.auth = new ApprovalAuth(this, 'Auth', {
      threatProtection: props.threatProtection,
      deletionProtection: retain,
      removalPolicy,
    });
    // A deployment names its portal without editing code: `cdk deploy -c portalUrl=https://...`.
    const portalUrl =
      props.portalUrl ??
      (this.node.tryGetContext('portalUrl') as string | undefined) ??
      'https://portal.example.invalid';
    this.documents = new ApprovalDocuments(this, 'Documents', {
      removalPolicy,
      // The portal's browsers PUT and GET documents with presigned URLs: its origin, and any other allowed.
      corsAllowedOrigins: [new URL(portalUrl).origin, ...(props.corsAllowedOrigins ?? [])],
    });
    this.workflow = new ApprovalWorkflow(this, 'Approval', {
      table: this.table.table,
      documents: this.documents,
    });
    const cursorKey = new CursorKey(this, 'CursorKey');
    const originVerification = new OriginVerificationSecret(this, 'OriginVerification');
    this.api = new ApprovalApi(this, 'Api', {
      cursorKey,
      originVerification,
      routes: apiRoutes,
      table: this.table.table,
      idempotencyTable: this.table.idempotencyTable,
      stateMachine: this.workflow.stateMachine,
      documents: this.documents,
      userPool: this.auth.userPool,
      userPoolClients: [this.auth.portalClient],
      corsAllowedOrigins: props.corsAllowedOrigins,
    });
    this.sla = new SlaSweeper(this, 'Sla', {
      table: this.table.table,
      stateMachine: this.workflow.stateMachine,
    });

    this.auditArchive = new AuditArchive(this, 'AuditArchive', { table: this.table.table });

    const webAclArn = props.webAclArn ?? new EdgeFirewall(this, 'EdgeFirewall').webAclArn;
    this.edge = new ApprovalEdge(this, 'Edge', {
      httpApi: this.api.httpApi,
      routes: apiRoutes,
      // Generated from the route specs by `npm run openapi` (a test keeps it current).
      openApiDocument: JSON.parse(
        readFileSync(`${projectRoot}infra/generated/openapi.json`, 'utf8'),
      ) as unknown,
      webAclArn,
      originHeader: { name: originVerification.headerName, value: originVerification.headerValue },
      siteSource: props.siteSource ?? `${projectRoot}web/dist`,
      documentStoreOrigins: [`https://${this.documents.bucket.bucketRegionalDomainName}`],
    });
    // The certificates' QR codes point to the public check through CloudFront: the API's own endpoint refuses
    // requests that did not come through it (origin verification).
    this.workflow.tasks.issueCertificates.lambdaFunction.addEnvironment(
      environmentNames.publicBaseUrl,
      `https://${this.edge.distribution.distributionDomainName}`,
    );
    this.notifications = new OutboxToNotifications(this, 'Notifications', {
      table: this.table.table,
      portalUrl,
      ...(props.mailFromIdentity ? { mailFromIdentity: props.mailFromIdentity } : {}),
      ...(props.mailFrom ? { mailFrom: props.mailFrom } : {}),
      userPool: this.auth.userPool,
    });

    // The dashboard, the alarms and the log metric filters (two per function) in a nested stack: with them the
    // stack would pass CloudFormation's 500 resources. References to the functions become its parameters.
    this.observabilityStack = new NestedStack(this, 'Monitoring');
    this.observability = new ApprovalObservability(this.observabilityStack, 'Observability', {
      functions: [
        ...this.api.functions.values(),
        ...Object.values(this.workflow.tasks),
        this.sla.sweeper,
        this.notifications.enrichment,
        this.notifications.consumer,
        ...(this.notifications.directorySync ? [this.notifications.directorySync] : []),
      ],
      deadLetterQueues: [
        { name: 'notifications', queue: this.notifications.deadLetters },
        { name: 'outbox', queue: this.notifications.pipeDeadLetters },
      ],
      stateMachine: this.workflow.stateMachine,
      table: this.table.table,
    });

    new CfnOutput(this, 'Url', { value: this.edge.url, description: 'The portal and the API, behind WAF' });
    new CfnOutput(this, 'ApiUrl', { value: this.api.url });
    new CfnOutput(this, 'UserPoolId', { value: this.auth.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.auth.portalClient.userPoolClientId });
    new CfnOutput(this, 'DocumentsBucket', { value: this.documents.bucket.bucketName });
    new CfnOutput(this, 'StateMachineArn', { value: this.workflow.stateMachine.stateMachineArn });
  }
}
