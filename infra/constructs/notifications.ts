// The transactional outbox and the notification service. The table's stream carries every new item; an
// EventBridge Pipe keeps the inserted audit events (filter), turns them into plain domain events (a small
// enrichment Lambda: Pipes cannot unmarshal DynamoDB JSON) and puts them on the domain event bus, in stream order
// per application (one partition key = one shard lineage; parallelization 1). A rule sends the events that tell
// someone something to a queue that feeds the notification Lambda; what fails after the queue's retries waits in
// a dead-letter queue with an alarm, and is redriven with `aws sqs start-message-move-task`
// (services/notifications/README.md).
import { Duration, Stack } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus, Rule } from 'aws-cdk-lib/aws-events';
import { SqsQueue } from 'aws-cdk-lib/aws-events-targets';
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { type UserPool, UserPoolOperation } from 'aws-cdk-lib/aws-cognito';
import { CfnPipe } from 'aws-cdk-lib/aws-pipes';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { directorySync, environmentNames, notificationConsumer, outboxEnrichment } from '#infra/routes';
import { DAILY_DIGEST_TYPE, OUTBOX_DETAIL_TYPE, OUTBOX_SOURCE } from '#shared/outbox/envelope';
import { notifyingEventTypes } from '#services/notifications/core/plan';
import { acknowledge, constructId, logicalIdOf, ProjectFunction } from './project-function.ts';

export interface NotificationsProps {
  readonly table: ITable;
  /** Links in notifications start here. */
  readonly portalUrl: string;
  /**
   * The SES identity notifications are sent from: a verified domain (`example.gov.cn`) or address.
   * @default the context value `mailFromIdentity` (`cdk deploy -c mailFromIdentity=...`), else
   * 'notifications.example.invalid' (a placeholder: SES refuses it, so set it before going live)
   */
  readonly mailFromIdentity?: string;
  /**
   * The From address.
   * @default the context value `mailFrom`, else `notifications@<mailFromIdentity>` for a domain identity
   */
  readonly mailFrom?: string;
  /**
   * The user pool whose sign-ins write the people directory (pre token generation trigger).
   * @default - no trigger: the directory is written by other means (the embedded runtime's seed)
   */
  readonly userPool?: UserPool;
}

/** What the stack sends from until a deployment names its verified SES identity. */
export const mailIdentityPlaceholder = 'notifications.example.invalid';

/** Table stream → Pipe (enrichment) → domain event bus → rule → queue → notification Lambda (+ dead-letter queues). */
export class OutboxToNotifications extends Construct {
  public readonly bus: EventBus;
  public readonly pipe: CfnPipe;
  public readonly enrichment: ProjectFunction;
  public readonly consumer: ProjectFunction;
  public readonly rule: Rule;
  /** The notification service's inbox: buffers events while the function fails or is throttled. */
  public readonly queue: Queue;
  /** Events the notification Lambda failed on after the queue's retries (or EventBridge could not deliver). */
  public readonly deadLetters: Queue;
  /** Stream batches the pipe gave up on (their shard and sequence numbers). */
  public readonly pipeDeadLetters: Queue;
  /** The people directory's writer (Cognito's pre token generation trigger), when a user pool was given. */
  public readonly directorySync?: ProjectFunction;

  constructor(scope: Construct, id: string, props: NotificationsProps) {
    super(scope, id);
    const stream = props.table.tableStreamArn;
    if (!stream) throw new Error('The table needs its stream for the outbox');
    const context = (name: string): string | undefined => {
      const value: unknown = this.node.tryGetContext(name);
      return typeof value === 'string' && value.length > 0 ? value : undefined;
    };
    const identity = props.mailFromIdentity ?? context('mailFromIdentity') ?? mailIdentityPlaceholder;
    const mailFrom =
      props.mailFrom ??
      context('mailFrom') ??
      (identity.includes('@') ? identity : `notifications@${identity}`);

    this.bus = new EventBus(this, 'DomainEvents', {
      description: 'Domain events of the approval platform (the transactional outbox of the table)',
    });
    const deadLetterQueue = (queueId: string) =>
      new Queue(this, queueId, {
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        // The longest SQS keeps anything: time to find the cause and redrive.
        retentionPeriod: Duration.days(14),
      });
    this.deadLetters = deadLetterQueue('NotificationDeadLetters');
    this.pipeDeadLetters = deadLetterQueue('OutboxDeadLetters');
    for (const dlq of [this.deadLetters, this.pipeDeadLetters]) {
      acknowledge(
        dlq,
        'AwsSolutions-SQS3',
        'This queue is itself a dead-letter queue (of a Lambda or a pipe).',
      );
    }

    // The pipe's enrichment: stream records → plain domain events.
    this.enrichment = new ProjectFunction(this, constructId(outboxEnrichment.name), {
      spec: outboxEnrichment,
    });

    const pipeRole = new Role(this, 'PipeRole', {
      assumedBy: new ServicePrincipal('pipes.amazonaws.com'),
      description: 'Lets the outbox pipe read the table stream, enrich and put events on the domain bus',
    });
    pipeRole.addToPrincipalPolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: [
          'dynamodb:DescribeStream',
          'dynamodb:GetRecords',
          'dynamodb:GetShardIterator',
          'dynamodb:ListStreams',
        ],
        resources: [stream],
      }),
    );
    pipeRole.addToPrincipalPolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['lambda:InvokeFunction'],
        resources: [this.enrichment.lambdaFunction.functionArn],
      }),
    );
    this.bus.grantPutEventsTo(pipeRole);
    this.pipeDeadLetters.grantSendMessages(pipeRole);

    this.pipe = new CfnPipe(this, 'Outbox', {
      description: 'Transactional outbox: audit events from the table stream to the domain event bus',
      roleArn: pipeRole.roleArn,
      source: stream,
      sourceParameters: {
        dynamoDbStreamParameters: {
          startingPosition: 'TRIM_HORIZON',
          batchSize: 10,
          // One batch at a time per shard: the events of an application reach the bus in their order.
          parallelizationFactor: 1,
          // Retried (with back-off) for as long as a record stays in the stream; a bus outage loses nothing.
          maximumRetryAttempts: -1,
          maximumRecordAgeInSeconds: -1,
          onPartialBatchItemFailure: 'AUTOMATIC_BISECT',
          deadLetterConfig: { arn: this.pipeDeadLetters.queueArn },
        },
        filterCriteria: {
          // Only new audit events of applications and the administrators' daily digests (DIGEST#<date>, one a
          // day): state items, counters, idempotency records stay out.
          filters: [
            {
              pattern: JSON.stringify({
                eventName: ['INSERT'],
                dynamodb: { NewImage: { itemType: { S: ['event'] }, pk: { S: [{ prefix: 'APP#' }] } } },
              }),
            },
            {
              pattern: JSON.stringify({
                eventName: ['INSERT'],
                dynamodb: { NewImage: { itemType: { S: ['digest'] }, pk: { S: [{ prefix: 'DIGEST#' }] } } },
              }),
            },
          ],
        },
      },
      enrichment: this.enrichment.lambdaFunction.functionArn,
      target: this.bus.eventBusArn,
      targetParameters: {
        eventBridgeEventBusParameters: { source: OUTBOX_SOURCE, detailType: OUTBOX_DETAIL_TYPE },
      },
    });

    // The consumer.
    const consumerTimeout = Duration.seconds(30);
    this.consumer = new ProjectFunction(this, constructId(notificationConsumer.name), {
      spec: notificationConsumer,
      timeout: consumerTimeout,
      environment: {
        [environmentNames.portalUrl]: props.portalUrl,
        [environmentNames.mailFrom]: mailFrom,
      },
    }).bindTable({ table: props.table, access: 'readWrite' });
    this.consumer.role.addToPrincipalPolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['ses:SendEmail'],
        resources: [
          Stack.of(this).formatArn({ service: 'ses', resource: 'identity', resourceName: identity }),
        ],
      }),
    );
    this.consumer.role.addToPrincipalPolicy(
      // SMS straight to a phone number: SNS has no resource for it, only '*'; topics are denied below.
      new PolicyStatement({ effect: Effect.ALLOW, actions: ['sns:Publish'], resources: ['*'] }),
    );
    this.consumer.role.addToPrincipalPolicy(
      new PolicyStatement({
        effect: Effect.DENY,
        actions: ['sns:Publish'],
        resources: [Stack.of(this).formatArn({ service: 'sns', resource: '*' })],
      }),
    );
    acknowledge(
      this.consumer.role,
      'AwsSolutions-IAM5[Resource::*]',
      'X-Ray accepts no resource; sns:Publish to a phone number (SMS) has no resource ARN, and publishing to any ' +
        'topic is denied explicitly.',
    );
    // The queue between the bus and the function: 5 receives (with the visibility timeout as back-off), then the
    // dead-letter queue, from which `start-message-move-task` moves events back here.
    this.queue = new Queue(this, 'NotificationEvents', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(consumerTimeout.toSeconds() * 6),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.deadLetters, maxReceiveCount: 5 },
    });
    this.consumer.lambdaFunction.addEventSource(
      new SqsEventSource(this.queue, { batchSize: 10, reportBatchItemFailures: true }),
    );

    this.rule = new Rule(this, 'NotifyRule', {
      eventBus: this.bus,
      description: 'Domain events that tell someone something, to the notification service',
      eventPattern: {
        source: [OUTBOX_SOURCE],
        detailType: [OUTBOX_DETAIL_TYPE],
        detail: { event: { type: [...notifyingEventTypes, DAILY_DIGEST_TYPE] } },
      },
      targets: [
        new SqsQueue(this.queue, {
          // EventBridge's own retries when the queue cannot take the event, then the same dead-letter queue.
          retryAttempts: 185,
          maxEventAge: Duration.hours(24),
          deadLetterQueue: this.deadLetters,
        }),
      ],
    });
    if (props.userPool) {
      // Cognito runs the trigger on every token it issues: sign-ins (contact data, groups) and refreshes
      // (ignored). It must answer within 5 seconds; the function never fails a sign-in (it logs instead).
      this.directorySync = new ProjectFunction(this, constructId(directorySync.name), {
        spec: directorySync,
        timeout: Duration.seconds(5),
      }).bindTable({ table: props.table, access: 'readWrite' });
      props.userPool.addTrigger(UserPoolOperation.PRE_TOKEN_GENERATION, this.directorySync.lambdaFunction);
    }

    acknowledge(
      pipeRole,
      `AwsSolutions-IAM5[Resource::<${logicalIdOf(this.enrichment.lambdaFunction)}.Arn>:*]`,
      'Invoke of the one enrichment function, including its versions (<arn>:*).',
    );
  }
}
