// The approval workflow: one Standard execution per application, from intake through joint review and joint
// issuance to the commitment verification. JSONPath only (no JSONata, no variables, no heartbeats), because
// the embedded runtime runs this very definition with aws-local-stepfunctions, which supports neither.
//
// Cost, in state transitions (Standard bills per transition; retries count): a five-permit regular application
// with one supplement loop at intake enters
//   Intake, IntakeOutcome, EnterpriseSupplement, Intake, IntakeOutcome, RouteApplication, JointReview   =  7
//   5 × (ByCommitment, DepartmentReview, ReviewOutcome, ReviewApproved)                                  = 20
//   IssuePermits, IssueCertificates, NeedsVerification, Issued                                           =  4
// = 31 transitions (a supplement loop at a department instead: also 30). test/workflow asserts the count.
import { Duration } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  Choice,
  Condition,
  DefinitionBody,
  Errors,
  Fail,
  IntegrationPattern,
  type IChainable,
  JitterType,
  JsonPath,
  LogLevel,
  Map as MapState,
  Pass,
  Result,
  type RetryProps,
  StateMachine,
  StateMachineType,
  Succeed,
  type TaskStateBase,
  TaskInput,
} from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { workflowTasks } from '#infra/routes';
import { intakeDepartment, refusedError, type HumanStep } from '#services/workflow/contract';
import { certificateFontFile, certificateFontPathInLambda } from './certificate-font.ts';
import type { ApprovalDocuments } from './documents.ts';
import { Effect, Policy, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import {
  acknowledge,
  constructId,
  logicalIdOf,
  nagReference,
  ProjectFunction,
  taskCallbackActions,
} from './project-function.ts';

/** State names: the execution history speaks the domain's words, and local overrides address states by name. */
export const stateNames = {
  intake: 'Intake', // 一窗受理
  intakeOutcome: 'IntakeOutcome',
  enterpriseSupplement: 'EnterpriseSupplement', // 补正
  routeApplication: 'RouteApplication',
  jointReview: 'JointReview', // 并联审批
  byCommitment: 'ByCommitment',
  issueOnCommitment: 'IssueOnCommitment', // 告知承诺
  departmentReview: 'DepartmentReview',
  reviewOutcome: 'ReviewOutcome',
  reviewSupplement: 'ReviewSupplement',
  reviewApproved: 'ReviewApproved',
  reviewRejected: 'ReviewRejected',
  unknownReviewOutcome: 'UnknownReviewOutcome',
  issuePermits: 'IssuePermits', // 同发
  issueCertificates: 'IssueCertificates', // 电子证照
  needsVerification: 'NeedsVerification',
  gapClosure: 'GapClosure', // 容缺 documents still owed at issuance
  issued: 'Issued',
  commitmentVerification: 'CommitmentVerification', // 承诺核查
  verificationOutcome: 'VerificationOutcome',
  closeVerified: 'CloseVerified',
  verified: 'Verified',
  closeRevoked: 'CloseRevoked',
  revoked: 'Revoked',
  closeRefused: 'CloseRefused',
  refused: 'Refused',
  unexpectedDecision: 'UnexpectedDecision',
  closeFailed: 'CloseFailed',
  applicationFailed: 'ApplicationFailed',
} as const;

/**
 * Transient Lambda service errors, retried with capped, jittered backoff. Set explicitly rather than through
 * LambdaInvoke's default so the policy is visible here; every task is idempotent, as retries require.
 */
export const lambdaRetry: RetryProps = {
  errors: [
    'Lambda.ServiceException',
    'Lambda.AWSLambdaException',
    'Lambda.SdkClientException',
    'Lambda.TooManyRequestsException',
    'Lambda.ClientExecutionTimeoutException',
  ],
  interval: Duration.seconds(2),
  backoffRate: 2,
  maxAttempts: 6,
  maxDelay: Duration.seconds(60),
  jitterStrategy: JitterType.FULL,
};

export interface ApprovalWorkflowProps {
  readonly table: ITable;
  /** The document bucket and signing key: the certificate task stores and signs through them. */
  readonly documents: ApprovalDocuments;
  /**
   * @default RetentionDays.SIX_MONTHS
   */
  readonly logRetention?: RetentionDays;
}

/** The approval state machine and the Lambda tasks it invokes. */
export class ApprovalWorkflow extends Construct {
  public readonly stateMachine: StateMachine;
  public readonly tasks: { readonly [K in keyof typeof workflowTasks]: ProjectFunction };
  public readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: ApprovalWorkflowProps) {
    super(scope, id);

    // The functions live in a scope of their own: construct ids of states are their names.
    const functions = new Construct(this, 'Tasks');
    const task = (spec: (typeof workflowTasks)[keyof typeof workflowTasks]) => {
      const signs = 'certificateKey' in spec && spec.certificateKey === 'sign';
      const fn = new ProjectFunction(functions, constructId(spec.name), {
        spec,
        timeout: Duration.seconds(30),
        // Rendering certificates parses a 10 MB CJK font: more memory is also more CPU.
        ...(signs
          ? {
              memorySize: 1024,
              bundleFiles: [certificateFontFile()],
              environment: { CERTIFICATE_FONT_PATH: certificateFontPathInLambda },
            }
          : {}),
      });
      props.documents.bind(fn, spec);
      return spec.table === 'none' ? fn : fn.bindTable({ table: props.table, access: spec.table });
    };
    this.tasks = {
      openHumanStep: task(workflowTasks.openHumanStep),
      routeApplication: task(workflowTasks.routeApplication),
      issuePermits: task(workflowTasks.issuePermits),
      issueCertificates: task(workflowTasks.issueCertificates),
      closeApplication: task(workflowTasks.closeApplication),
    };

    const applicationId = JsonPath.stringAt('$.applicationId');

    /** A synchronous Lambda task; only the function's own response is kept (no invocation metadata). */
    const invoke = (
      name: string,
      fn: ProjectFunction,
      payload: Record<string, unknown>,
      resultPath: string,
    ) =>
      new LambdaInvoke(this, name, {
        lambdaFunction: fn.lambdaFunction,
        payload: TaskInput.fromObject({ applicationId, ...payload }),
        payloadResponseOnly: true,
        retryOnServiceExceptions: false,
        resultPath,
      }).addRetry(lambdaRetry);

    /**
     * A human step: open-human-step records the token, then the state waits until a decision arrives through
     * the API (SendTaskSuccess). No TimeoutSeconds: deadlines are budgets that pause and move with the
     * calendar, which a fixed task timeout cannot follow; the SLA sweeper owns them.
     */
    const humanStep = (name: string, step: { [K in keyof HumanStep]?: unknown }, keepOutcomeAt?: string) =>
      new LambdaInvoke(this, name, {
        lambdaFunction: this.tasks.openHumanStep.lambdaFunction,
        integrationPattern: IntegrationPattern.WAIT_FOR_TASK_TOKEN,
        payload: TaskInput.fromObject({ applicationId, taskToken: JsonPath.taskToken, step }),
        retryOnServiceExceptions: false,
        ...(keepOutcomeAt
          ? { resultSelector: { outcome: JsonPath.stringAt('$.outcome') }, resultPath: keepOutcomeAt }
          : { resultPath: JsonPath.DISCARD }),
      }).addRetry(lambdaRetry);

    const outcomeIs = (path: string, outcome: string) => Condition.stringEquals(path, outcome);

    // ---- Failure: the application visibly fails (close-application records why), then the execution fails.
    const closeFailed = invoke(
      stateNames.closeFailed,
      this.tasks.closeApplication,
      { outcome: 'failed', error: JsonPath.objectAt('$.error') },
      JsonPath.DISCARD,
    );
    closeFailed.next(
      new Fail(this, stateNames.applicationFailed, {
        errorPath: '$.error.Error',
        causePath: '$.error.Cause',
      }),
    );
    const onError = <T extends TaskStateBase | MapState>(state: T): T => {
      state.addCatch(closeFailed, { errors: [Errors.ALL], resultPath: '$.error' });
      return state;
    };

    const unexpectedDecision = new Pass(this, stateNames.unexpectedDecision, {
      parameters: {
        Error: 'UnexpectedDecision',
        Cause: 'A human step ended with an outcome this workflow does not know',
      },
      resultPath: '$.error',
    });
    unexpectedDecision.next(closeFailed);

    // ---- Closing outcomes. Refusal is a business outcome: the execution succeeds.
    const close = (name: string, outcome: 'refused' | 'verified' | 'revoked', end: string): IChainable => {
      const closeTask = onError(invoke(name, this.tasks.closeApplication, { outcome }, JsonPath.DISCARD));
      return closeTask.next(new Succeed(this, end));
    };
    const closeRefused = close(stateNames.closeRefused, 'refused', stateNames.refused);

    // ---- Intake (一窗受理), with the enterprise's supplement loop (补正: the clock pauses meanwhile).
    const intake = onError(
      humanStep(stateNames.intake, { kind: 'intake', department: intakeDepartment }, '$.intake'),
    );
    const enterpriseSupplement = onError(
      humanStep(stateNames.enterpriseSupplement, {
        kind: 'enterprise-supplement',
        department: intakeDepartment,
      }),
    );
    enterpriseSupplement.next(intake);

    // ---- Routing: track and permits; which go by commitment (告知承诺).
    const routeApplication = onError(
      new LambdaInvoke(this, stateNames.routeApplication, {
        lambdaFunction: this.tasks.routeApplication.lambdaFunction,
        payload: TaskInput.fromObject({ applicationId }),
        payloadResponseOnly: true,
        retryOnServiceExceptions: false,
        resultSelector: { track: JsonPath.stringAt('$.track'), permits: JsonPath.listAt('$.permits') },
        resultPath: '$.route',
      }).addRetry(lambdaRetry),
    );

    // ---- Joint review (并联审批): one iteration per permit, all at once. A refusal fails its iteration with
    // 'Refused', which stops the siblings and is caught below as the business outcome it is.
    const permitStep = (kind: 'review' | 'review-supplement') => ({
      kind,
      department: JsonPath.stringAt('$.permit.department'),
      permitType: JsonPath.stringAt('$.permit.permitType'),
    });
    const departmentReview = humanStep(stateNames.departmentReview, permitStep('review'), '$.review');
    const reviewSupplement = humanStep(stateNames.reviewSupplement, permitStep('review-supplement'));
    reviewSupplement.next(departmentReview);
    departmentReview.next(
      new Choice(this, stateNames.reviewOutcome)
        .when(outcomeIs('$.review.outcome', 'approved'), new Succeed(this, stateNames.reviewApproved))
        .when(outcomeIs('$.review.outcome', 'supplement-requested'), reviewSupplement)
        .when(
          outcomeIs('$.review.outcome', 'refused'),
          new Fail(this, stateNames.reviewRejected, {
            error: refusedError,
            cause: 'A department refused its permit',
          }),
        )
        .otherwise(
          new Fail(this, stateNames.unknownReviewOutcome, {
            error: 'UnexpectedDecision',
            cause: 'A review ended with an outcome this workflow does not know',
          }),
        ),
    );
    const byCommitment = new Choice(this, stateNames.byCommitment)
      .when(
        Condition.booleanEquals('$.permit.byCommitment', true),
        new Pass(this, stateNames.issueOnCommitment, {
          result: Result.fromObject({ outcome: 'approved-by-commitment' }),
          resultPath: '$.review',
        }),
      )
      .otherwise(departmentReview);

    const jointReview = new MapState(this, stateNames.jointReview, {
      itemsPath: '$.route.permits',
      itemSelector: { applicationId, permit: JsonPath.objectAt('$$.Map.Item.Value') },
      maxConcurrency: 0,
      resultPath: JsonPath.DISCARD,
    });
    jointReview.itemProcessor(byCommitment);
    // Order matters: the business refusal first, then everything else (tasks inside the Map have no Catch of
    // their own, since a Catch cannot leave the iteration; their errors surface here).
    jointReview.addCatch(closeRefused, { errors: [refusedError], resultPath: '$.error' });
    onError(jointReview);

    // ---- Joint issuance (同发), then the commitment verification when some permit went by commitment.
    const issuePermits = onError(invoke(stateNames.issuePermits, this.tasks.issuePermits, {}, '$.issuance'));
    // 电子证照: one signed PDF per permit (a no-op while gaps are open). Only the ID goes in, nothing comes back
    // into the payload. Transient Lambda errors are retried here, S3 and KMS errors by the SDK (5 attempts); a
    // certificate that still cannot be made does not undo an issuance: the workflow goes on, the function's
    // error alarm fires, and the task can be run again (it is idempotent).
    const issueCertificates = invoke(
      stateNames.issueCertificates,
      this.tasks.issueCertificates,
      {},
      JsonPath.DISCARD,
    );
    const commitmentVerification = onError(
      humanStep(
        stateNames.commitmentVerification,
        { kind: 'verification', department: JsonPath.stringAt('$.issuance.verificationDepartment') },
        '$.verification',
      ),
    );
    const verificationOutcome = new Choice(this, stateNames.verificationOutcome)
      .when(
        outcomeIs('$.verification.outcome', 'verified'),
        close(stateNames.closeVerified, 'verified', stateNames.verified),
      )
      .when(
        outcomeIs('$.verification.outcome', 'verification-failed'),
        close(stateNames.closeRevoked, 'revoked', stateNames.revoked),
      )
      .otherwise(unexpectedDecision);

    // 容缺: tolerated gaps still open at issuance → the enterprise closes them, then issuance is tried again.
    const gapClosure = onError(
      humanStep(stateNames.gapClosure, { kind: 'gap-closure', department: intakeDepartment }),
    );
    gapClosure.next(issuePermits);
    const needsVerification = new Choice(this, stateNames.needsVerification)
      .when(outcomeIs('$.issuance.outcome', 'gaps-open'), gapClosure)
      // 承诺核查 opens right after issuance with its own budget (default 30 working days): the department
      // verifies within that time, so the step must be in its inbox from the start, not when it falls due.
      .when(
        Condition.booleanEquals('$.issuance.needsVerification', true),
        commitmentVerification.next(verificationOutcome),
      )
      .otherwise(new Succeed(this, stateNames.issued));
    issueCertificates.addCatch(needsVerification, {
      errors: [Errors.ALL],
      resultPath: '$.certificatesError',
    });

    const intakeOutcome = new Choice(this, stateNames.intakeOutcome)
      .when(
        Condition.or(
          outcomeIs('$.intake.outcome', 'accepted'),
          outcomeIs('$.intake.outcome', 'accepted-with-gaps'),
        ),
        routeApplication.next(jointReview).next(issuePermits).next(issueCertificates).next(needsVerification),
      )
      .when(outcomeIs('$.intake.outcome', 'supplement-requested'), enterpriseSupplement)
      .when(outcomeIs('$.intake.outcome', 'refused'), closeRefused)
      .otherwise(unexpectedDecision);
    intake.next(intakeOutcome);

    this.logGroup = new LogGroup(this, 'Logs', { retention: props.logRetention ?? RetentionDays.SIX_MONTHS });
    this.stateMachine = new StateMachine(this, 'StateMachine', {
      comment:
        'One-window approval of an industrial construction project: intake, joint review, joint issuance, verification',
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromChainable(intake),
      tracingEnabled: true,
      // Execution data stays out of the logs: payloads carry task tokens.
      logs: { destination: this.logGroup, level: LogLevel.ALL, includeExecutionData: false },
    });

    acknowledge(
      this.stateMachine.role,
      'AwsSolutions-IAM5[Resource::*]',
      'Log delivery (logs:CreateLogDelivery and friends) and X-Ray, used by Step Functions logging and tracing, ' +
        'support no resource-level permissions.',
    );
    // A task that ends human steps (open-human-step redelivers a decided step's output) may call back this state
    // machine. Granted in a policy of its own: the role's default policy would make the function depend on the state
    // machine that invokes it, a cycle.
    for (const fn of Object.values(this.tasks).filter((task) => task.spec.taskCallbacks)) {
      const callbacks = new Policy(fn, 'TaskCallbacks', {
        roles: [fn.role],
        statements: [
          new PolicyStatement({
            effect: Effect.ALLOW,
            actions: [...taskCallbackActions],
            resources: [this.stateMachine.stateMachineArn, `${this.stateMachine.stateMachineArn}:*`],
          }),
        ],
      });
      acknowledge(
        callbacks,
        `AwsSolutions-IAM5[Resource::<${nagReference(fn.role, this.stateMachine)}>:*]`,
        'SendTaskSuccess on this one state machine, including its versions and aliases (<arn>:*).',
      );
    }
    for (const fn of Object.values(this.tasks)) {
      acknowledge(
        this.stateMachine.role,
        `AwsSolutions-IAM5[Resource::<${logicalIdOf(fn.lambdaFunction)}.Arn>:*]`,
        `lambda:InvokeFunction on ${fn.spec.name} and its versions/aliases (<arn>:*), as LambdaInvoke grants it.`,
      );
    }
  }
}
