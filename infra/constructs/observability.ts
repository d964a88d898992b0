// What operations watch: one CloudWatch dashboard with the promises administrators keep (applications submitted,
// department steps closed on time and late, escalations 督办) beside the platform's health (function errors,
// failed workflow executions, DynamoDB throttling, `ALARM:` log lines such as a lost callback), and an alarm on
// each of them. Business metrics come from the functions (shared/observability/metrics.ts, namespace
// `OneWindow`); `ALARM:` lines are counted by a metric filter on every function's log group.
import { Duration } from 'aws-cdk-lib';
import {
  Alarm,
  AlarmStatusWidget,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  MathExpression,
  Metric,
  type IMetric,
  SingleValueWidget,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { FilterPattern, MetricFilter } from 'aws-cdk-lib/aws-logs';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import {
  ALARM_LOG_METRIC,
  businessMetrics,
  METRICS_NAMESPACE,
  METRICS_SERVICE,
  type BusinessMetric,
} from '#shared/observability/metrics';
import { indexes } from '#shared/data/table';
import { constructId, type ProjectFunction } from './project-function.ts';

export interface ApprovalObservabilityProps {
  /** Every function of the platform: its errors are alarmed and its log group filtered for `ALARM:`. */
  readonly functions: readonly ProjectFunction[];
  readonly stateMachine: IStateMachine;
  readonly table: ITable;
  /**
   * Dead-letter queues (the outbox pipe's, the notification consumer's): a message in one is an event that
   * failed after its retries and waits for a redrive.
   * @default - none
   */
  readonly deadLetterQueues?: readonly { readonly name: string; readonly queue: IQueue }[];
  /**
   * Where alarms notify (e.g. an SNS topic with the on-call's e-mail). Alarms also show on the dashboard.
   * @default - no notification
   */
  readonly alarmTopic?: ITopic;
  /**
   * @default 'OneWindowApproval'
   */
  readonly dashboardName?: string;
}

/** Dashboard and alarms over the approval platform. */
export class ApprovalObservability extends Construct {
  public readonly dashboard: Dashboard;
  /** 督办: any escalation within an hour. */
  public readonly escalationsAlarm: Alarm;
  public readonly functionErrorAlarms: ReadonlyMap<string, Alarm>;
  public readonly failedExecutionsAlarm: Alarm;
  public readonly throttlesAlarm: Alarm;
  /** Any `ALARM:` log line: a lost callback (InvalidToken / TaskDoesNotExist). */
  public readonly alarmLogLinesAlarm: Alarm;
  /** Per dead-letter queue: any message waiting in it. */
  public readonly deadLetterAlarms: ReadonlyMap<string, Alarm>;

  constructor(scope: Construct, id: string, props: ApprovalObservabilityProps) {
    super(scope, id);
    const business = (name: BusinessMetric, period: Duration) =>
      new Metric({
        namespace: METRICS_NAMESPACE,
        metricName: name,
        dimensionsMap: { service: METRICS_SERVICE },
        statistic: 'Sum',
        period,
      });
    const alarms: Alarm[] = [];
    const alarm = (alarmId: string, metric: IMetric, description: string): Alarm => {
      const created = new Alarm(this, alarmId, {
        metric,
        threshold: 0,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      });
      if (props.alarmTopic) created.addAlarmAction(new SnsAction(props.alarmTopic));
      alarms.push(created);
      return created;
    };

    // Business
    this.escalationsAlarm = alarm(
      'Escalations',
      business(businessMetrics.escalations, Duration.hours(1)),
      '督办: a step became overdue and was escalated to its department supervisor within the last hour.',
    );

    // Functions
    const errorAlarms = new Map<string, Alarm>();
    const alarmLines = new Metric({
      namespace: METRICS_NAMESPACE,
      metricName: ALARM_LOG_METRIC,
      statistic: 'Sum',
      period: Duration.minutes(5),
    });
    for (const fn of props.functions) {
      const name = fn.spec.name;
      errorAlarms.set(
        name,
        alarm(
          `${constructId(name)}Errors`,
          fn.lambdaFunction.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
          `${name} failed (an unhandled error or a timeout) in the last 5 minutes.`,
        ),
      );
      new MetricFilter(this, `${constructId(name)}AlarmLines`, {
        logGroup: fn.logGroup,
        metricNamespace: METRICS_NAMESPACE,
        metricName: ALARM_LOG_METRIC,
        // Powertools writes JSON lines; the message of an operator alarm starts with "ALARM:".
        filterPattern: FilterPattern.stringValue('$.message', '=', 'ALARM:*'),
        metricValue: '1',
      });
    }
    this.functionErrorAlarms = errorAlarms;
    this.alarmLogLinesAlarm = alarm(
      'AlarmLogLines',
      alarmLines,
      'A function logged "ALARM:": a decision whose task token the workflow rejected (lost callback). The ' +
        'decision is recorded; look at the execution.',
    );

    // Dead letters: events that failed after every retry (see services/notifications/README.md, redrive).
    const deadLetterAlarms = new Map<string, Alarm>();
    for (const { name, queue } of props.deadLetterQueues ?? []) {
      deadLetterAlarms.set(
        name,
        alarm(
          `${constructId(name)}DeadLetters`,
          queue.metricApproximateNumberOfMessagesVisible({
            period: Duration.minutes(5),
            statistic: 'Maximum',
          }),
          `${name}: events failed after their retries and wait in the dead-letter queue. Fix the cause, then ` +
            'redrive them (services/notifications/README.md).',
        ),
      );
    }
    this.deadLetterAlarms = deadLetterAlarms;

    // Workflow
    const period = Duration.minutes(5);
    const failedExecutions = new MathExpression({
      expression: 'failed + timedOut + aborted',
      usingMetrics: {
        failed: props.stateMachine.metricFailed({ period, statistic: 'Sum' }),
        timedOut: props.stateMachine.metricTimedOut({ period, statistic: 'Sum' }),
        aborted: props.stateMachine.metricAborted({ period, statistic: 'Sum' }),
      },
      label: 'Executions failed, timed out or aborted',
      period,
    });
    this.failedExecutionsAlarm = alarm(
      'FailedExecutions',
      failedExecutions,
      'An approval workflow execution failed, timed out or was aborted: an application may be stuck.',
    );

    // Table
    const throttleMetrics: Record<string, IMetric> = {};
    const throttle = (key: string, metricName: string, index?: string) => {
      throttleMetrics[key] = new Metric({
        namespace: 'AWS/DynamoDB',
        metricName,
        dimensionsMap: {
          TableName: props.table.tableName,
          ...(index ? { GlobalSecondaryIndexName: index } : {}),
        },
        statistic: 'Sum',
        period,
      });
    };
    throttle('tableReads', 'ReadThrottleEvents');
    throttle('tableWrites', 'WriteThrottleEvents');
    Object.values(indexes).forEach((index, i) => {
      throttle(`index${i}Reads`, 'ReadThrottleEvents', index.indexName);
      throttle(`index${i}Writes`, 'WriteThrottleEvents', index.indexName);
    });
    const throttles = new MathExpression({
      expression: Object.keys(throttleMetrics).join(' + '),
      usingMetrics: throttleMetrics,
      label: 'Throttled reads and writes (table and indexes)',
      period,
    });
    this.throttlesAlarm = alarm(
      'TableThrottles',
      throttles,
      'DynamoDB throttled reads or writes on the approval table or its indexes (after the SDK retries).',
    );

    // Dashboard
    const day = Duration.days(1);
    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: props.dashboardName ?? 'OneWindowApproval',
      defaultInterval: Duration.days(7),
    });
    this.dashboard.addWidgets(
      new SingleValueWidget({
        title: 'Applications submitted (24 h)',
        metrics: [business(businessMetrics.applicationsSubmitted, day)],
        width: 6,
      }),
      new GraphWidget({
        title: 'Department steps closed: on time / late (限时办结)',
        left: [
          business(businessMetrics.stepsClosedOnTime, Duration.hours(1)),
          business(businessMetrics.stepsClosedLate, Duration.hours(1)),
        ],
        stacked: true,
        width: 12,
      }),
      new SingleValueWidget({
        title: 'Escalations 督办 (24 h)',
        metrics: [business(businessMetrics.escalations, day)],
        width: 6,
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Function errors',
        left: props.functions.map((fn) =>
          fn.lambdaFunction.metricErrors({ period, statistic: 'Sum', label: fn.spec.name }),
        ),
        width: 12,
      }),
      new GraphWidget({
        title: 'Workflow executions',
        left: [
          props.stateMachine.metricStarted({ period, statistic: 'Sum' }),
          props.stateMachine.metricSucceeded({ period, statistic: 'Sum' }),
          failedExecutions,
        ],
        width: 12,
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({ title: 'DynamoDB throttling', left: [throttles], width: 12 }),
      new GraphWidget({
        title: 'ALARM: log lines (lost callbacks)',
        left: [alarmLines],
        width: 12,
      }),
    );
    this.dashboard.addWidgets(new AlarmStatusWidget({ title: 'Alarms', alarms, width: 24 }));
  }
}
