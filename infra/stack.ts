// The deployed system as a list of decisions: one table, one user pool, one approval workflow, one HTTP API
// with a function per route, one SLA sweeper, the outbox and notifications, one dashboard with its alarms. What each function may do is
// decided in infra/routes.ts.
import { CfnOutput, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { apiRoutes } from '#infra/routes';
import { ApprovalApi } from './constructs/api.ts';
import { ApprovalAuth } from './constructs/auth.ts';
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
   * Where links in notifications lead (the portal).
   * @default 'https://portal.example.invalid'
   */
  readonly portalUrl?: string;
  /**
   * @default - see NotificationsProps.mailFromIdentity
   */
  readonly mailFromIdentity?: string;
}

export class ApprovalStack extends Stack {
  public readonly table: ApprovalTable;
  public readonly auth: ApprovalAuth;
  public readonly workflow: ApprovalWorkflow;
  public readonly api: ApprovalApi;
  public readonly sla: SlaSweeper;
  public readonly notifications: OutboxToNotifications;
  public readonly observability: ApprovalObservability;

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
    this.workflow = new ApprovalWorkflow(this, 'Approval', { table: this.table.table });
    this.api = new ApprovalApi(this, 'Api', {
      routes: apiRoutes,
      table: this.table.table,
      stateMachine: this.workflow.stateMachine,
      userPool: this.auth.userPool,
      userPoolClients: [this.auth.portalClient],
      corsAllowedOrigins: props.corsAllowedOrigins,
    });
    this.sla = new SlaSweeper(this, 'Sla', {
      table: this.table.table,
      stateMachine: this.workflow.stateMachine,
    });

    this.notifications = new OutboxToNotifications(this, 'Notifications', {
      table: this.table.table,
      portalUrl: props.portalUrl ?? 'https://portal.example.invalid',
      ...(props.mailFromIdentity ? { mailFromIdentity: props.mailFromIdentity } : {}),
    });

    this.observability = new ApprovalObservability(this, 'Observability', {
      functions: [
        ...this.api.functions.values(),
        ...Object.values(this.workflow.tasks),
        this.sla.sweeper,
        this.notifications.enrichment,
        this.notifications.consumer,
      ],
      deadLetterQueues: [
        { name: 'notifications', queue: this.notifications.deadLetters },
        { name: 'outbox', queue: this.notifications.pipeDeadLetters },
      ],
      stateMachine: this.workflow.stateMachine,
      table: this.table.table,
    });

    new CfnOutput(this, 'ApiUrl', { value: this.api.url });
    new CfnOutput(this, 'UserPoolId', { value: this.auth.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.auth.portalClient.userPoolClientId });
    new CfnOutput(this, 'StateMachineArn', { value: this.workflow.stateMachine.stateMachineArn });
  }
}
