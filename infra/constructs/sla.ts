// The SLA engine's clock tick: EventBridge Scheduler runs the sweeper every 15 minutes; the sweeper turns steps
// yellow and red, escalates (督办) and deems an undecided intake accepted after 5 days (which ends a human step).
// What it does reaches the domain event bus through the table's stream (the outbox, ./notifications.ts).
import { Duration } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { slaSweeper } from '#infra/routes';
import { acknowledge, constructId, logicalIdOf, ProjectFunction } from './project-function.ts';

export interface SlaSweeperProps {
  readonly table: ITable;
  readonly stateMachine: IStateMachine;
  /**
   * How often deadlines are swept. A step turns red at most this late.
   * @default Duration.minutes(15)
   */
  readonly interval?: Duration;
}

/** Scheduler → sweeper Lambda → table and state machine callbacks. */
export class SlaSweeper extends Construct {
  public readonly sweeper: ProjectFunction;
  public readonly schedule: Schedule;

  constructor(scope: Construct, id: string, props: SlaSweeperProps) {
    super(scope, id);
    this.sweeper = new ProjectFunction(this, constructId(slaSweeper.name), {
      spec: slaSweeper,
      timeout: Duration.minutes(5),
      memorySize: 512,
    })
      .bindTable({ table: props.table, access: 'readWrite' })
      .allowTaskCallbacks(props.stateMachine);

    // An own role for the scheduler, so its one grant (invoke the sweeper) is visible and acknowledged here.
    const schedulerRole = new Role(this, 'SchedulerRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com'),
      description: 'Lets EventBridge Scheduler invoke the SLA sweeper',
    });
    this.schedule = new Schedule(this, 'Every15Minutes', {
      description: 'Sweep SLA deadlines',
      schedule: ScheduleExpression.rate(props.interval ?? Duration.minutes(15)),
      // A missed tick is covered by the next one: no retries, no dead letters, no overlapping sweeps.
      target: new LambdaInvoke(this.sweeper.lambdaFunction, {
        role: schedulerRole,
        retryAttempts: 0,
        maxEventAge: Duration.minutes(15),
      }),
    });
    acknowledge(
      schedulerRole,
      `AwsSolutions-IAM5[Resource::<${logicalIdOf(this.sweeper.lambdaFunction)}.Arn>:*]`,
      'lambda:InvokeFunction on the sweeper and its versions/aliases (<arn>:*), as the scheduler target grants it.',
    );
  }
}
