// The deployed system as a list of decisions: one table, one user pool, one approval workflow, one HTTP API
// with a function per route, one SLA sweeper, one dashboard with its alarms. What each function may do is
// decided in infra/routes.ts.
import { CfnOutput, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { apiRoutes } from '#infra/routes';
import { ApprovalApi } from './constructs/api.ts';
import { ApprovalAuth } from './constructs/auth.ts';
import { CursorKey } from './constructs/cursor-key.ts';
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
}

export class ApprovalStack extends Stack {
  public readonly table: ApprovalTable;
  public readonly auth: ApprovalAuth;
  public readonly workflow: ApprovalWorkflow;
  public readonly api: ApprovalApi;
  public readonly sla: SlaSweeper;
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
    const cursorKey = new CursorKey(this, 'CursorKey');
    this.api = new ApprovalApi(this, 'Api', {
      cursorKey,
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

    this.observability = new ApprovalObservability(this, 'Observability', {
      functions: [...this.api.functions.values(), ...Object.values(this.workflow.tasks), this.sla.sweeper],
      stateMachine: this.workflow.stateMachine,
      table: this.table.table,
    });

    new CfnOutput(this, 'ApiUrl', { value: this.api.url });
    new CfnOutput(this, 'UserPoolId', { value: this.auth.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.auth.portalClient.userPoolClientId });
    new CfnOutput(this, 'StateMachineArn', { value: this.workflow.stateMachine.stateMachineArn });
  }
}
