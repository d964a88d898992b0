// The immutable copy of the audit trail: every write of an audit event (`EVT#` items) read from the application
// table's stream (NEW_IMAGE) by an EventBridge Pipe and delivered by Data Firehose to an S3 bucket with Object
// Lock in compliance mode, where no one, the account's root user included, can change or delete an object before
// its retention ends. IAM cannot stop a function that holds PutItem from overwriting an event (it sees neither
// the sort key nor the condition expression, see project-function.ts), but the archive keeps the original and
// the overwrite alike: any second image of one event key in it is evidence of tampering.
import { Duration, RemovalPolicy, Size } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Effect, PolicyDocument, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import {
  Compression,
  DeliveryStream,
  EnableLogging,
  S3Bucket,
  StreamEncryption,
} from 'aws-cdk-lib/aws-kinesisfirehose';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { CfnPipe } from 'aws-cdk-lib/aws-pipes';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  ObjectLockRetention,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { eventSortKeyPrefix } from '#shared/data/keys';
import { keys } from '#shared/data/table';
import { acknowledge, logicalIdOf } from './project-function.ts';

export interface AuditArchiveProps {
  /** The application table; its stream must carry NEW_IMAGE. */
  readonly table: ITable;
  /**
   * How long no one can change or delete an archived event (Object Lock, compliance mode). Approval records of
   * administrative licensing are kept for years; shorten it only for throw-away stacks.
   * @default Duration.days(365 * 10)
   */
  readonly retention?: Duration;
}

/** Table stream → Pipe (audit events only) → Firehose → S3 with Object Lock (compliance). */
export class AuditArchive extends Construct {
  public readonly bucket: Bucket;
  public readonly deliveryStream: DeliveryStream;
  public readonly pipe: CfnPipe;

  constructor(scope: Construct, id: string, props: AuditArchiveProps) {
    super(scope, id);
    if (!props.table.tableStreamArn) throw new Error('The audit archive needs the table stream');

    const accessLogs = new Bucket(this, 'AccessLogs', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(accessLogs, 'AwsSolutions-S1', 'This bucket receives the archive bucket’s access logs.');

    this.bucket = new Bucket(this, 'Bucket', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      objectLockEnabled: true,
      objectLockDefaultRetention: ObjectLockRetention.compliance(props.retention ?? Duration.days(365 * 10)),
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'audit-archive/',
      // Locked objects outlive the stack anyway; the bucket must too.
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // Firehose's own role, with exactly the S3 actions its delivery needs (CDK's destination would grant
    // read-write, deletes included); handed over immutable so that CDK adds nothing to it.
    const deliveryLogs = new LogGroup(this, 'DeliveryErrors', {
      retention: RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const deliveryRole = new Role(this, 'DeliveryRole', {
      assumedBy: new ServicePrincipal('firehose.amazonaws.com'),
      description: 'Writes audit events into the archive bucket',
      inlinePolicies: {
        deliver: new PolicyDocument({
          statements: [
            new PolicyStatement({
              effect: Effect.ALLOW,
              actions: ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'],
              resources: [this.bucket.bucketArn],
            }),
            new PolicyStatement({
              effect: Effect.ALLOW,
              actions: ['s3:PutObject', 's3:AbortMultipartUpload'],
              resources: [this.bucket.arnForObjects('events/*'), this.bucket.arnForObjects('errors/*')],
            }),
            new PolicyStatement({
              effect: Effect.ALLOW,
              actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
              resources: [deliveryLogs.logGroupArn],
            }),
          ],
        }),
      },
    });
    acknowledge(
      deliveryRole,
      `AwsSolutions-IAM5[Resource::<${logicalIdOf(this.bucket)}.Arn>/events/*]`,
      'Firehose writes one new object per batch under events/: object names are made by Firehose.',
    );
    acknowledge(
      deliveryRole,
      `AwsSolutions-IAM5[Resource::<${logicalIdOf(this.bucket)}.Arn>/errors/*]`,
      'Firehose writes records it could not deliver under errors/: object names are made by Firehose.',
    );
    const deliveryRoleForCdk = Role.fromRoleArn(this, 'DeliveryRoleRef', deliveryRole.roleArn, {
      mutable: false,
    });

    this.deliveryStream = new DeliveryStream(this, 'Delivery', {
      role: deliveryRoleForCdk,
      destination: new S3Bucket(this.bucket, {
        role: deliveryRoleForCdk,
        loggingConfig: new EnableLogging(deliveryLogs),
        dataOutputPrefix: 'events/!{timestamp:yyyy/MM/dd}/',
        errorOutputPrefix: 'errors/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd}/',
        bufferingInterval: Duration.seconds(60),
        bufferingSize: Size.mebibytes(5),
        compression: Compression.GZIP,
      }),
      encryption: StreamEncryption.awsOwnedKey(),
    });

    const pipeRole = new Role(this, 'PipeRole', {
      assumedBy: new ServicePrincipal('pipes.amazonaws.com'),
      description: 'Reads the application table stream and hands audit events to the archive',
      inlinePolicies: {
        archive: new PolicyDocument({
          statements: [
            new PolicyStatement({
              effect: Effect.ALLOW,
              actions: [
                'dynamodb:DescribeStream',
                'dynamodb:GetRecords',
                'dynamodb:GetShardIterator',
                'dynamodb:ListStreams',
              ],
              resources: [props.table.tableStreamArn],
            }),
            new PolicyStatement({
              effect: Effect.ALLOW,
              actions: ['firehose:PutRecord', 'firehose:PutRecordBatch'],
              resources: [this.deliveryStream.deliveryStreamArn],
            }),
          ],
        }),
      },
    });

    this.pipe = new CfnPipe(this, 'Pipe', {
      description: 'Audit events (EVT# items) of the application table, every image, to the archive',
      roleArn: pipeRole.roleArn,
      source: props.table.tableStreamArn,
      sourceParameters: {
        dynamoDbStreamParameters: {
          startingPosition: 'TRIM_HORIZON',
          batchSize: 100,
          maximumBatchingWindowInSeconds: 5,
          // A record that cannot be delivered is retried until the stream's 24 hours run out: never skipped.
          maximumRetryAttempts: -1,
        },
        filterCriteria: {
          filters: [{ pattern: JSON.stringify(archivedRecordPattern) }],
        },
      },
      target: this.deliveryStream.deliveryStreamArn,
    });
  }
}

/**
 * The Pipe's filter: every stream record (insert, modify, remove) of an item whose sort key starts with `EVT#`.
 * Inserts are the audit trail; a modify or remove of an event should never happen and is kept as evidence.
 */
export const archivedRecordPattern = {
  dynamodb: { Keys: { [keys.sk]: { S: [{ prefix: eventSortKeyPrefix }] } } },
} as const;
